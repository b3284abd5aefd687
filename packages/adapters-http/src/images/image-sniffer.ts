import { crc32 } from 'node:zlib';
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

/** Larger images are refused: no shop photo needs them, and their published size would mislead clients that allocate for it. */
export const MAX_IMAGE_SIDE = 20_000;
export const MAX_IMAGE_PIXELS = 100_000_000;

export interface SniffedImage {
  readonly mimeType: AcceptedImageType;
  readonly width: number;
  readonly height: number;
}

/**
 * What the bytes are, decided from their content (never from what the client claims):
 * - `image`: a JPEG with a start-of-frame, a PNG with a valid IHDR (length, fields and CRC) or a
 *   WebP with a VP8/VP8L/VP8X header, of sane dimensions;
 * - `unknown`: none of the accepted formats;
 * - `malformed`: starts like one of them but its header is truncated or inconsistent;
 * - `too_large`: well formed, beyond MAX_IMAGE_SIDE per side or MAX_IMAGE_PIXELS in all.
 */
export type ImageInspection =
  | { readonly kind: 'image'; readonly image: SniffedImage }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'malformed'; readonly mimeType: AcceptedImageType; readonly reason: string }
  | { readonly kind: 'too_large'; readonly mimeType: AcceptedImageType; readonly width: number; readonly height: number };

type Size = { readonly width: number; readonly height: number } | { readonly malformed: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (bytes: Uint8Array, offset: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export function inspectImage(bytes: Uint8Array): ImageInspection {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const judged = (mimeType: AcceptedImageType, size: Size): ImageInspection => {
    if ('malformed' in size) return { kind: 'malformed', mimeType, reason: size.malformed };
    const { width, height } = size;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
      return { kind: 'too_large', mimeType, width, height };
    }
    return { kind: 'image', image: { mimeType, width, height } };
  };
  if (startsWith(bytes, PNG_SIGNATURE)) return judged('image/png', pngSize(bytes, view));
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return judged('image/jpeg', jpegSize(bytes, view));
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return judged('image/webp', webpSize(bytes, view));
  }
  return { kind: 'unknown' };
}

/** The image when the bytes are an accepted, well-formed image of sane size; null otherwise. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const inspection = inspectImage(bytes);
  return inspection.kind === 'image' ? inspection.image : null;
}

const PNG_MAX_DIMENSION = 0x7fffffff;
/** Allowed bit depths per PNG colour type (grey, RGB, palette, grey+alpha, RGBA). */
const PNG_BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** The IHDR chunk right after the signature: length 13, valid fields, matching CRC. */
function pngSize(bytes: Uint8Array, view: DataView): Size {
  if (bytes.length < 33) return { malformed: 'the PNG header is truncated' };
  if (view.getUint32(8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return { malformed: 'the PNG does not start with an IHDR chunk' };
  if (crc32(bytes.subarray(12, 29)) !== view.getUint32(29)) return { malformed: 'the PNG header checksum does not match' };
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width > PNG_MAX_DIMENSION || height > PNG_MAX_DIMENSION) {
    return { malformed: `the PNG claims ${width}×${height} pixels` };
  }
  const [bitDepth, colourType, compression, filter, interlace] = [bytes[24]!, bytes[25]!, bytes[26]!, bytes[27]!, bytes[28]!];
  if (!PNG_BIT_DEPTHS[colourType]?.includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) {
    return { malformed: 'the PNG header fields are invalid' };
  }
  return { width, height };
}

/** Markers without a length: TEM and RST0–7 (SOI and EOI do not occur before a frame). */
const isStandalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const START_OF_SCAN = 0xda;

/** Walks the JPEG segments to the first start-of-frame, which must be whole and give both dimensions. */
function jpegSize(bytes: Uint8Array, view: DataView): Size {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return { malformed: 'the JPEG segments are broken' };
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (marker === START_OF_SCAN) break;
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return { malformed: 'a JPEG segment runs past the end of the file' };
    if (isStartOfFrame(marker)) {
      if (length < 8) return { malformed: 'the JPEG frame header is truncated' };
      const height = view.getUint16(offset + 5);
      const width = view.getUint16(offset + 7);
      if (width === 0 || height === 0) return { malformed: `the JPEG claims ${width}×${height} pixels` };
      return { width, height };
    }
    offset += 2 + length;
  }
  return { malformed: 'the JPEG has no frame header (no image size)' };
}

function webpSize(bytes: Uint8Array, view: DataView): Size {
  const chunk = bytes.length >= 16 ? ascii(bytes, 12, 4) : '';
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
    const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
    return { width, height };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30 && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    const width = view.getUint16(26, true) & 0x3fff;
    const height = view.getUint16(28, true) & 0x3fff;
    return width > 0 && height > 0 ? { width, height } : { malformed: `the WebP claims ${width}×${height} pixels` };
  }
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return { malformed: 'the WebP has no VP8, VP8L or VP8X header (no image size)' };
}
