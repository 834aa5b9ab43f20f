// The page-sized spinner a chunk is awaited with: the same markup and stylesheet as
// index.html's (public/loading.css), so nothing moves between index.html, the app's chunk and
// a screen's chunk (a changing placeholder is a layout shift).
export function Loading() {
  return (
    <div className="boot" role="status" aria-live="polite">
      <div className="boot-spin" />
    </div>
  );
}
