// The login session: tokens kept in localStorage so a reload (or a phone) stays logged in,
// and a single-flight refresh shared by every request that meets a 401.

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'seforce.session';
type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(s: Session | null): void {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  listeners.forEach((l) => l(s));
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

let inflight: Promise<boolean> | null = null;

/** Rotates the refresh token once, however many requests ask at the same time. */
export function refreshSession(fetchImpl: typeof fetch = fetch): Promise<boolean> {
  if (inflight) return inflight;
  const current = getSession();
  if (!current) return Promise.resolve(false);
  inflight = (async () => {
    try {
      const res = await fetchImpl('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: current.refreshToken }),
      });
      if (!res.ok) {
        setSession(null);
        return false;
      }
      const body = (await res.json()) as { access_token: string; refresh_token: string };
      setSession({ accessToken: body.access_token, refreshToken: body.refresh_token });
      return true;
    } catch {
      return false;
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}
