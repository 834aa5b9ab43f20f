// Saving bytes the page holds (fetched with the session, or made in the page) as a file: an
// object URL behind a link that is clicked once, then let go.

/** Saves `blob` as a file named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
