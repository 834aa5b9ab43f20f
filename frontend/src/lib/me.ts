// The caller's account and roles, from GET /me. Navigation mirrors server permissions only
// for convenience: the server decides.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api/client';
import type { components } from './api/schema';

export type Me = components['schemas']['Me'];
export type Role = components['schemas']['Role'];

export function useMe(enabled = true) {
  return useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')), enabled, staleTime: 60_000 });
}

export function hasAnyRole(me: Me | undefined, roles: Role[]): boolean {
  if (!me) return false;
  if (me.is_platform_admin) return true;
  return me.memberships.some((m) => m.roles.some((r) => roles.includes(r)));
}
