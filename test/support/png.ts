import zlib from 'node:zlib';

/** A decoded 8-bit PNG: `pixels` holds RGBA, four bytes per pixel, row by row. */
export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  pixels: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Bytes per pixel of each 8-bit colour type: grey, RGB, grey + alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

interface Chunk {
  type: string;
  data: Buffer;
}

function readChunks(file: Buffer): Chunk[] {
  if (file.length < 8 || !file.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('not a PNG file (bad signature)');
  }
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset + 12 <= file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    chunks.push({ type, data: file.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** Reads the image size and format from the IHDR chunk without decoding pixels. */
export function readPngHeader(file: Buffer): Omit<DecodedPng, 'pixels'> {
  const ihdr = readChunks(file)[0];
  if (!ihdr || ihdr.type !== 'IHDR') throw new Error('PNG does not start with IHDR');
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8],
    colorType: ihdr.data[9],
  };
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

function predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4:
      return paeth(left, up, upLeft);
    default:
      throw new Error(`unknown PNG row filter ${filter}`);
  }
}

/** Reverses the per-row filters of the PNG spec (section 9) and returns the raw rows. */
function unfilter(data: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[at + x - bpp] : 0;
      const up = y > 0 ? out[at - stride + x] : 0;
      const upLeft = y > 0 && x >= bpp ? out[at - stride + x - bpp] : 0;
      out[at + x] = (row[x] + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function toRgba(raw: Buffer, colorType: number, pixelCount: number): Buffer {
  const rgba = Buffer.alloc(pixelCount * 4);
  const bpp = CHANNELS[colorType];
  for (let i = 0; i < pixelCount; i++) {
    const p = raw.subarray(i * bpp, (i + 1) * bpp);
    const [r, g, b] = colorType === 0 || colorType === 4 ? [p[0], p[0], p[0]] : [p[0], p[1], p[2]];
    const a = colorType === 4 ? p[1] : colorType === 6 ? p[3] : 255;
    rgba.set([r, g, b, a], i * 4);
  }
  return rgba;
}

/**
 * Decodes a non-interlaced, 8-bit grey, RGB, grey + alpha or RGBA PNG, which covers what
 * image editors export for app icons. Palette images are refused with a clear message.
 */
export function decodePng(file: Buffer): DecodedPng {
  const header = readPngHeader(file);
  const chunks = readChunks(file);
  const interlaced = chunks[0].data[12] !== 0;
  if (header.bitDepth !== 8 || !(header.colorType in CHANNELS) || interlaced) {
    throw new Error(
      `unsupported PNG format (bit depth ${header.bitDepth}, colour type ${header.colorType}, ` +
        `interlaced ${interlaced}); save it as non-interlaced 8-bit RGBA`,
    );
  }
  const compressed = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const bpp = CHANNELS[header.colorType];
  const raw = unfilter(zlib.inflateSync(compressed), header.width, header.height, bpp);
  return { ...header, pixels: toRgba(raw, header.colorType, header.width * header.height) };
}
