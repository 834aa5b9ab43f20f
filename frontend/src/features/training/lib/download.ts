// Downloads a file the API answers (with the session), under the name the server gives in
// Content-Disposition, else `fallback`.
import { rawRequest } from '../../../lib/api/client';
import { saveBlob } from '../../../lib/saveBlob';

/** The file name of a Content-Disposition header (RFC 6266, `filename*` first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

/** `path` with the given query parameters, leaving out the unset and empty ones. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function download(path: string, fallback: string): Promise<void> {
  const res = await rawRequest(path, { method: 'GET' });
  saveBlob(await res.blob(), fileNameOf(res.headers.get('Content-Disposition'), fallback));
}
