// A QR code as SVG, from the project's own encoder (no npm package): one path of dark modules
// with the four-module quiet zone.
import { useMemo } from 'react';
import { encodeText } from '../lib/qr';

export function qrPath(modules: boolean[][], quiet = 4): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + quiet},${y + quiet}h1v1h-1z`);
    });
  });
  return parts.join('');
}

export function QrCode({ text, size = 260, label }: { text: string; size?: number; label: string }) {
  const symbol = useMemo(() => encodeText(text, 'M'), [text]);
  const dim = symbol.size + 8;
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="sign-in-qr"
      data-qr-version={symbol.version}
      width={size}
      height={size}
      viewBox={`0 0 ${dim} ${dim}`}
      shapeRendering="crispEdges"
      style={{ maxWidth: '100%', height: 'auto', background: '#fff' }}
    >
      <rect width={dim} height={dim} fill="#fff" />
      <path d={qrPath(symbol.modules)} fill="#000" />
    </svg>
  );
}
