import type { DecodedImage } from './image-decoding.js';

/**
 * A perceptual fingerprint of a picture, `ph2:<base64>`: for each of five framings (the whole
 * picture, then its centre with 3, 6, 9 and 12 % cut from every side) a 12×12 colour thumbnail
 * (area-averaged), each channel standardized (minus its mean, over its spread) and quantized to a
 * byte. Standardizing makes a lighter or darker photo (every channel × a + b) look the same; the
 * framings let a photo that crops the picture meet the framing it shows; 12×12 cells absorb a
 * slight rotation, rescaling and noise. Colour is kept, so two products drawn alike in different
 * colours stay apart.
 *
 * A photo's fingerprint is compared with its whole-picture thumbnail against every framing of a
 * catalog image (`fingerprintDistance`: 0 identical … 1 nothing alike).
 */
export const FINGERPRINT_VERSION = 'ph2';

const CELLS = 12;
const FRAMINGS = [0, 0.03, 0.06, 0.09, 0.12] as const;
const THUMB = CELLS * CELLS * 3;
/** Standard scores are kept within ±Z_RANGE. */
const Z_RANGE = 3;

/** `region` (fractions cut from each side) as CELLS×CELLS RGB means; every source pixel counts once. */
const thumbnail = (image: DecodedImage, cut: number): Float64Array => {
  const out = new Float64Array(THUMB);
  const counts = new Float64Array(CELLS * CELLS);
  const x0 = Math.floor(image.width * cut);
  const y0 = Math.floor(image.height * cut);
  const width = Math.max(1, image.width - 2 * x0);
  const height = Math.max(1, image.height - 2 * y0);
  for (let y = 0; y < height; y++) {
    const cy = Math.min(CELLS - 1, Math.floor((y * CELLS) / height));
    const row = (y0 + y) * image.width;
    for (let x = 0; x < width; x++) {
      const cell = cy * CELLS + Math.min(CELLS - 1, Math.floor((x * CELLS) / width));
      const i = (row + x0 + x) * 4;
      out[cell * 3] = (out[cell * 3] ?? 0) + (image.rgba[i] ?? 0);
      out[cell * 3 + 1] = (out[cell * 3 + 1] ?? 0) + (image.rgba[i + 1] ?? 0);
      out[cell * 3 + 2] = (out[cell * 3 + 2] ?? 0) + (image.rgba[i + 2] ?? 0);
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
  for (let cell = 0; cell < CELLS * CELLS; cell++)
    for (let c = 0; c < 3; c++) out[cell * 3 + c] = (out[cell * 3 + c] ?? 0) / (counts[cell] || 1);
  return out;
};

/** Per channel: (value − mean) / spread, clamped to ±Z_RANGE and mapped to 0…255. */
const standardized = (thumb: Float64Array): Uint8Array => {
  const out = new Uint8Array(THUMB);
  // One spread for all three channels (their pooled deviation), so a grey picture is not blown up channel by channel.
  const means = [0, 0, 0];
  for (let i = 0; i < THUMB; i++) means[i % 3] = (means[i % 3] ?? 0) + (thumb[i] ?? 0) / (CELLS * CELLS);
  let variance = 0;
  for (let i = 0; i < THUMB; i++) variance += ((thumb[i] ?? 0) - (means[i % 3] ?? 0)) ** 2;
  const spread = Math.max(4, Math.sqrt(variance / THUMB));
  for (let i = 0; i < THUMB; i++) {
    const z = Math.max(-Z_RANGE, Math.min(Z_RANGE, ((thumb[i] ?? 0) - (means[i % 3] ?? 0)) / spread));
    out[i] = Math.round(((z + Z_RANGE) / (2 * Z_RANGE)) * 255);
  }
  return out;
};

export const perceptualFingerprint = (image: DecodedImage): string => {
  const bytes = new Uint8Array(THUMB * FRAMINGS.length);
  for (const [index, cut] of FRAMINGS.entries()) bytes.set(standardized(thumbnail(image, cut)), index * THUMB);
  return `${FINGERPRINT_VERSION}:${Buffer.from(bytes).toString('base64')}`;
};

/** The framings of a `ph2` fingerprint (the first is the whole picture), or null for another version or a malformed one. */
export const parseFingerprint = (fingerprint: string): readonly Uint8Array[] | null => {
  if (!fingerprint.startsWith(`${FINGERPRINT_VERSION}:`)) return null;
  const bytes = Buffer.from(fingerprint.slice(FINGERPRINT_VERSION.length + 1), 'base64');
  if (bytes.length !== THUMB * FRAMINGS.length) return null;
  return FRAMINGS.map((_, index) => new Uint8Array(bytes.subarray(index * THUMB, (index + 1) * THUMB)));
};

/** Mean absolute difference of two thumbnails, 0 … 1. */
const thumbDistance = (a: Uint8Array, b: Uint8Array): number => {
  let sum = 0;
  for (let i = 0; i < THUMB; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / THUMB / 255;
};

/**
 * How far a photo is from a catalog image: the photo as a whole against the catalog image's
 * closest framing (and the other way round, for a catalog image that is the tighter one). 0 for the
 * same picture; on the demo catalog, photos of a catalog picture stay at or below 0.04 and other
 * pictures score 0.09 or more.
 */
export const partsDistance = (photo: readonly Uint8Array[], catalog: readonly Uint8Array[]): number => {
  const [photoWhole] = photo;
  const [catalogWhole] = catalog;
  if (!photoWhole || !catalogWhole) return 1;
  let best = 1;
  for (const framing of catalog) best = Math.min(best, thumbDistance(photoWhole, framing));
  for (const framing of photo.slice(1)) best = Math.min(best, thumbDistance(framing, catalogWhole));
  return best;
};

export const fingerprintDistance = (a: string, b: string): number => {
  const left = parseFingerprint(a);
  const right = parseFingerprint(b);
  return left && right ? partsDistance(left, right) : 1;
};
