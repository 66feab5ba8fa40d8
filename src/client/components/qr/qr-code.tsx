/**
 * A QR code as an SVG, for a coach's phone to show an invite link that a business owner scans.
 * Always black on white whatever the theme (phone scanners read dark-on-light best), with the
 * four-module quiet zone the standard asks for and crisp edges so no scaling blurs module borders.
 */
import { useMemo } from 'react';
import { encodeQr, type EccLevel } from './qr-encode';

/** Light modules around the symbol (ISO/IEC 18004 asks for at least four). */
const QUIET_ZONE = 4;

export type QrCodeProps = {
  text: string;
  /** What a screen reader says for the picture (e.g. "Kode QR undangan"). */
  label: string;
  /** Width and height in CSS pixels. */
  size?: number;
  ecc?: EccLevel;
};

export function QrCode({ text, label, size = 256, ecc = 'M' }: QrCodeProps) {
  const { side, path } = useMemo(() => {
    const qr = encodeQr(text, { ecc });
    // One rectangle per horizontal run of dark modules, all in a single path.
    let d = '';
    qr.modules.forEach((row, r) => {
      let start = -1;
      [...row, false].forEach((dark, c) => {
        if (dark && start < 0) start = c;
        if (!dark && start >= 0) {
          d += `M${start + QUIET_ZONE} ${r + QUIET_ZONE}h${c - start}v1h-${c - start}z`;
          start = -1;
        }
      });
    });
    return { side: qr.size + 2 * QUIET_ZONE, path: d };
  }, [text, ecc]);

  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${side} ${side}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
