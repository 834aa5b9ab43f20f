import { getSession, setSession } from '../lib/session';

/** Ends the session on the server (best effort) and here. */
export async function logout() {
  const s = getSession();
  if (s) {
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.accessToken}` },
      body: JSON.stringify({ refresh_token: s.refreshToken }),
    }).catch(() => undefined);
  }
  setSession(null);
}
