/**
 * The QR code a coach shows is a labelled picture for screen readers, and what it draws is the
 * encoder's symbol with a four-module quiet zone: drawn back to pixels, a decoder reads the text.
 */
import { render, screen } from '@testing-library/react';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QrCode } from '@/client/components/qr/qr-code';
import { encodeQr } from '@/client/components/qr/qr-encode';

const INVITE = 'https://binaan.example/undangan#kode=K3M9PQ2RT7VW4XYZ';

/** Fill the rectangles of the path (`M x y h w v1 h-w z`, as qr-code.tsx writes them) into pixels. */
function rasterise(d: string, side: number, scale = 4): Uint8ClampedArray {
  const width = side * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  const commands = d.match(/M\d+ \d+h\d+v1h-\d+z/g) ?? [];
  expect(commands.join('')).toBe(d);
  for (const command of commands) {
    const [, x, y, w, back] = (/^M(\d+) (\d+)h(\d+)v1h-(\d+)z$/.exec(command) ?? []).map(Number);
    expect(back).toBe(w);
    for (let py = (y ?? 0) * scale; py < ((y ?? 0) + 1) * scale; py++)
      for (let px = (x ?? 0) * scale; px < ((x ?? 0) + (w ?? 0)) * scale; px++) {
        const p = (py * width + px) * 4;
        pixels[p] = pixels[p + 1] = pixels[p + 2] = 0;
      }
  }
  return pixels;
}

describe('QrCode', () => {
  it('is an image named by its label', () => {
    render(<QrCode text={INVITE} label="Kode QR undangan" />);
    expect(screen.getByRole('img', { name: 'Kode QR undangan' })).toBeInTheDocument();
  });

  it('has a viewBox of the symbol plus a four-module quiet zone on each side', () => {
    render(<QrCode text="binaan" label="Kode QR" size={200} />);
    const svg = screen.getByRole('img', { name: 'Kode QR' });
    // "binaan" fits version 1: 21 modules, plus 2 × 4.
    expect(svg).toHaveAttribute('viewBox', '0 0 29 29');
    expect(svg).toHaveAttribute('width', '200');
    expect(svg).toHaveAttribute('height', '200');
    expect(svg).toHaveAttribute('shape-rendering', 'crispEdges');
  });

  it('draws black modules in one path on a white background', () => {
    render(<QrCode text={INVITE} label="Kode QR undangan" />);
    const svg = screen.getByRole('img', { name: 'Kode QR undangan' });
    const paths = svg.querySelectorAll('path');
    expect(paths).toHaveLength(1);
    expect(paths[0]).toHaveAttribute('fill', '#000');
    const background = svg.querySelector('rect');
    expect(background).toHaveAttribute('fill', '#fff');
    const side = encodeQr(INVITE).size + 8;
    expect(background).toHaveAttribute('width', String(side));
  });

  it('draws a symbol that a decoder reads back as the text', () => {
    const text = 'Undangan binaan untuk Bu Désirée ☕ ' + INVITE;
    render(<QrCode text={text} label="Kode QR undangan" />);
    const svg = screen.getByRole('img', { name: 'Kode QR undangan' });
    const side = encodeQr(text).size + 8;
    expect(svg).toHaveAttribute('viewBox', `0 0 ${side} ${side}`);
    const d = svg.querySelector('path')?.getAttribute('d') ?? '';
    const read = jsQR(rasterise(d, side), side * 4, side * 4, { inversionAttempts: 'dontInvert' });
    expect(read?.data).toBe(text);
  });

  it('changes the drawing when the text changes', () => {
    const { rerender } = render(<QrCode text="binaan-1" label="Kode QR" />);
    const first = screen.getByRole('img').querySelector('path')?.getAttribute('d');
    rerender(<QrCode text="binaan-2" label="Kode QR" />);
    expect(screen.getByRole('img').querySelector('path')?.getAttribute('d')).not.toBe(first);
  });
});
