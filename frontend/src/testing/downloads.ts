// Files a screen saves (lib/saveBlob): jsdom has no object URLs and follows no download link,
// so a test stands in for both and keeps what was saved, under the name it was saved as.

export interface Saved {
  name: string;
  blob: Blob;
}

/** Records every file saved through an object URL and a clicked link; `restore` puts things back. */
export function captureDownloads(): { saved: Saved[]; restore: () => void } {
  const saved: Saved[] = [];
  const blobs = new Map<string, Blob>();
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  let n = 0;
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const url = `blob:http://localhost/${++n}`;
    blobs.set(url, b as Blob);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    blobs.delete(url);
  };
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.getAttribute('href') ?? '');
    if (blob) saved.push({ name: this.download, blob });
  });
  return {
    saved,
    restore: () => {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      click.mockRestore();
    },
  };
}
