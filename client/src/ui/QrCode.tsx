import type { QRCode } from 'qrcode';
import { useEffect, useState } from 'react';

/** Light modules around the code, as the QR specification asks, so phones find it. */
const quietZone = 4;

/** The dark modules of a QR code as one SVG path, one unit per module, quiet zone included. */
export function qrPath(code: QRCode): { size: number; path: string } {
  const { modules } = code;
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + quietZone} ${row + quietZone}h1v1h-1z`;
    }
  }
  return { size: modules.size + 2 * quietZone, path };
}

/**
 * A QR code of `text` as an SVG image named by `label`, for a phone's
 * camera. The encoder loads on first use: only facilitators opening the
 * share panel need it, not every visitor of the front page.
 */
export function QrCode(props: { text: string; label: string }) {
  const [drawn, setDrawn] = useState<{ text: string; size: number; path: string } | null>(null);
  const { text } = props;

  useEffect(() => {
    let cancelled = false;
    void import('qrcode').then(({ create }) => {
      if (!cancelled) setDrawn({ text, ...qrPath(create(text, { errorCorrectionLevel: 'M' })) });
    });
    return () => {
      cancelled = true;
    };
  }, [text]);

  const current = drawn?.text === text ? drawn : null;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={props.label}
      viewBox={current ? `0 0 ${current.size} ${current.size}` : '0 0 1 1'}
      shapeRendering="crispEdges"
      data-ready={current ? 'true' : undefined}
    >
      <rect width="100%" height="100%" fill="#ffffff" />
      {current && <path d={current.path} fill="#000000" />}
    </svg>
  );
}
