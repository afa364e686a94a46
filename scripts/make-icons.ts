/**
 * Draws the Teams app icons into manifest/: color.png (192x192, full colour) and
 * outline.png (32x32, white on transparent). Run with `npx tsx scripts/make-icons.ts`.
 *
 * The glyph is a gateway arch with three workspace bars passing through it, drawn from
 * shapes in a unit square and anti-aliased by supersampling.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Rgb = readonly [number, number, number];

/** Which part of the glyph a point of the unit square falls on. */
type Part = 'arch' | 'bar' | 'none';

const ACCENT: Rgb = [0x00, 0x78, 0xd4];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const LIGHT_BLUE: Rgb = [0xa9, 0xd8, 0xff];
const SAMPLES = 8;

/**
 * The glyph in a unit square. Edges fall on multiples of 1/30 so that the 30-pixel glyph
 * box of the outline icon renders the bars and legs crisply.
 */
function glyphPart(x: number, y: number): Part {
  const cx = 0.5;
  const cy = 0.5;
  const distance = Math.hypot(x - cx, y - cy);
  const inside = (radius: number) => (y <= cy ? distance <= radius : Math.abs(x - cx) <= radius);
  if (inside(0.5) && !inside(0.3)) return 'arch';

  const barTops = [14 / 30, 19 / 30, 24 / 30];
  const onBar = barTops.some((top) => y >= top && y < top + 3 / 30);
  return onBar && Math.abs(x - cx) < 0.2 ? 'bar' : 'none';
}

/** Coverage of each glyph part in the pixel square at (px, py), scaled to the glyph box. */
function coverage(px: number, py: number, box: { offset: number; size: number }) {
  const hits = { arch: 0, bar: 0, none: 0 };
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SAMPLES - box.offset) / box.size;
      const y = (py + (sy + 0.5) / SAMPLES - box.offset) / box.size;
      hits[x < 0 || x > 1 || y < 0 || y > 1 ? 'none' : glyphPart(x, y)]++;
    }
  }
  const total = SAMPLES * SAMPLES;
  return { arch: hits.arch / total, bar: hits.bar / total };
}

function mix(base: Rgb, top: Rgb, amount: number): Rgb {
  const channel = (i: 0 | 1 | 2) => Math.round(base[i] + (top[i] - base[i]) * amount);
  return [channel(0), channel(1), channel(2)];
}

/** Full colour: the glyph sits in the middle 96x96 on an accent background, as Teams asks. */
function drawColor(size: number): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  const box = { offset: size / 4, size: size / 2 };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cover = coverage(x, y, box);
      const colour = mix(mix(ACCENT, WHITE, cover.arch), LIGHT_BLUE, cover.bar);
      rgba.set([...colour, 255], (y * size + x) * 4);
    }
  }
  return rgba;
}

/** Outline: white everywhere, the glyph's coverage as alpha, no background. */
function drawOutline(size: number): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  const box = { offset: 1, size: size - 2 };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cover = coverage(x, y, box);
      const alpha = Math.round(Math.min(1, cover.arch + cover.bar) * 255);
      rgba.set([...WHITE, alpha], (y * size + x) * 4);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels as an 8-bit, non-interlaced PNG with no row filtering. */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);

  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main(): void {
  const outDir = path.resolve(__dirname, '../manifest');
  fs.writeFileSync(path.join(outDir, 'color.png'), encodePng(192, 192, drawColor(192)));
  fs.writeFileSync(path.join(outDir, 'outline.png'), encodePng(32, 32, drawOutline(32)));
  console.log(`wrote color.png and outline.png to ${outDir}`);
}

main();
