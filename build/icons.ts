/**
 * Draws the app icon and writes it in every format electron-builder wants, with no image tools:
 *   build/icons/<n>x<n>.png  (Linux; 16..1024)   build/icon.png (1024)
 *   build/icon.ico (Windows: PNG entries 16..256)  build/icon.icns (macOS: PNG entries 16..1024)
 * The picture is a deskphone keypad: a blue rounded square with a white handset bar and a 3x4
 * grid of keys, drawn per size (no resampling), with 4x4 supersampling for smooth edges.
 * Run: `npx tsx build/icons.ts`. The outputs are committed; rerun only to change the icon.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const HERE = import.meta.dirname;

type Rgba = [number, number, number, number];

/** Coverage test for one point of the unit square: which colour is there (or none). */
function shade(x: number, y: number): Rgba | undefined {
  const inRounded = (x0: number, y0: number, x1: number, y1: number, r: number) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  if (!inRounded(0.06, 0.06, 0.94, 0.94, 0.2)) return undefined;
  const white: Rgba = [255, 255, 255, 255];
  if (inRounded(0.2, 0.17, 0.8, 0.3, 0.065)) return white; // handset
  for (let row = 0; row < 4; row++)
    for (let col = 0; col < 3; col++) {
      const kx = 0.3 + col * 0.2;
      const ky = 0.43 + row * 0.125;
      if ((x - kx) ** 2 + (y - ky) ** 2 <= 0.045 ** 2) return white;
    }
  const t = y; // vertical gradient
  return [Math.round(28 + 20 * t), Math.round(100 + 30 * t), Math.round(200 - 30 * t), 255];
}

function render(size: number): Buffer {
  const ss = 4;
  const px = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++)
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((pxi + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += c[3];
        }
      const n = ss * ss;
      const i = (py * size + pxi) * 4;
      const cover = a / 255;
      px[i] = cover ? Math.round(r / cover) : 0;
      px[i + 1] = cover ? Math.round(g / cover) : 0;
      px[i + 2] = cover ? Math.round(b / cover) : 0;
      px[i + 3] = Math.round(a / n);
    }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO with PNG-compressed entries (Windows Vista and later read them). */
export function encodeIco(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

export const ICNS_TYPES: Record<number, string> = {
  16: 'icp4',
  32: 'icp5',
  64: 'icp6',
  128: 'ic07',
  256: 'ic08',
  512: 'ic09',
  1024: 'ic10',
};

/** ICNS with PNG entries (macOS 10.7 and later). */
export function encodeIcns(pngs: { size: number; png: Buffer }[]): Buffer {
  const entries = pngs.map(({ size, png }) => {
    const head = Buffer.alloc(8);
    head.write(ICNS_TYPES[size] as string, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const total = 8 + entries.reduce((n, e) => n + e.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(total, 4);
  return Buffer.concat([head, ...entries]);
}

function main(): void {
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const pngs = new Map(sizes.map((s) => [s, encodePng(s, render(s))]));
  const get = (s: number) => ({ size: s, png: pngs.get(s) as Buffer });
  mkdirSync(join(HERE, 'icons'), { recursive: true });
  for (const [s, png] of pngs) writeFileSync(join(HERE, 'icons', `${s}x${s}.png`), png);
  writeFileSync(join(HERE, 'icon.png'), get(1024).png);
  writeFileSync(join(HERE, 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 128, 256].map(get)));
  writeFileSync(join(HERE, 'icon.icns'), encodeIcns([16, 32, 64, 128, 256, 512, 1024].map(get)));
  console.log(`icons: build/icons/*.png (${sizes.join(', ')}), build/icon.png, build/icon.ico, build/icon.icns`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
