// The caller's account, roles and grants, from GET /me. Menus and buttons follow the grants the
// server derives from its own grant tables; the server still decides each request.
import { useQuery } from '@tanstack/react-query';
import { EARLY, takeEarly } from './early';
import type { components } from './api/schema';

export type Me = components['schemas']['Me'];
export type Role = components['schemas']['Role'];
export type Grant = components['schemas']['Grant'];

export function useMe(enabled = true) {
  return useQuery({ queryKey: ['me'], queryFn: () => takeEarly<Me>('me') ?? EARLY.me(), enabled, staleTime: 60_000 });
}

export function hasAnyRole(me: Me | undefined, roles: Role[]): boolean {
  if (!me) return false;
  if (me.is_platform_admin) return true;
  return me.memberships.some((m) => m.roles.some((r) => roles.includes(r)));
}

/** True when the server granted the caller `grant` somewhere. */
export function can(me: Me | undefined, grant: Grant): boolean {
  return !!me && me.grants.includes(grant);
}
