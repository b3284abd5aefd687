import { type Rgb, TestRaster } from './test-raster.js';

/** A small deterministic generator (LCG), so pictures are the same on every run. */
const random = (seed: number): (() => number) => {
  let state = (seed * 2_654_435_761) >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0xffffffff;
  };
};

const colorFrom = (next: () => number): Rgb => [Math.floor(next() * 256), Math.floor(next() * 256), Math.floor(next() * 256)];

/**
 * A catalog-like product picture, different for every `seed`: a light backdrop, an object made of
 * a few coloured shapes, and a label band. Stands in for a shop's product photos in tests.
 */
export function productPicture(seed: number, size = 256): TestRaster {
  const next = random(seed);
  const backdrop: Rgb = [230 + Math.floor(next() * 25), 230 + Math.floor(next() * 25), 230 + Math.floor(next() * 25)];
  const raster = new TestRaster(size, size, backdrop);
  const shapes = 3 + Math.floor(next() * 3);
  for (let s = 0; s < shapes; s++) {
    const color = colorFrom(next);
    const cx = size * (0.25 + next() * 0.5);
    const cy = size * (0.25 + next() * 0.5);
    const rx = size * (0.08 + next() * 0.2);
    const ry = size * (0.08 + next() * 0.2);
    const kind = Math.floor(next() * 3);
    raster.paint(color, (x, y) => {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      return kind === 0 ? dx * dx + dy * dy <= 1 : kind === 1 ? Math.abs(dx) <= 1 && Math.abs(dy) <= 1 : Math.abs(dx) + Math.abs(dy) <= 1;
    });
  }
  const band = colorFrom(next);
  const bandTop = size * (0.78 + next() * 0.08);
  raster.paint(band, (x, y) => y >= bandTop && y < bandTop + size * 0.08 && x > size * 0.1 && x < size * 0.9);
  return raster;
}

/**
 * A picture of something no shop sells: stripes, checks or a gradient scene, per `seed`, in
 * colours and layouts unlike `productPicture`'s.
 */
export function unrelatedPicture(seed: number, size = 256): TestRaster {
  const next = random(seed + 10_000);
  const a = colorFrom(next);
  const b = colorFrom(next);
  const kind = seed % 4;
  const period = 6 + Math.floor(next() * 20);
  const raster = new TestRaster(size, size, a);
  if (kind === 0) return raster.paint(b, (x) => Math.floor(x / period) % 2 === 0);
  if (kind === 1) return raster.paint(b, (x, y) => (Math.floor(x / period) + Math.floor(y / period)) % 2 === 0);
  if (kind === 2) {
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const t = (x + y) / (2 * size);
        raster.set(x, y, [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t].map(Math.round) as unknown as Rgb);
      }
    return raster;
  }
  // A "landscape": sky, ground and a sun.
  const horizon = size * (0.4 + next() * 0.3);
  raster.paint(b, (_x, y) => y > horizon);
  const sun = colorFrom(next);
  const sx = size * next();
  return raster.paint(sun, (x, y) => (x - sx) ** 2 + (y - size * 0.2) ** 2 < (size * 0.1) ** 2);
}

/** How a customer's photo of a catalog picture differs from it: what `photoOf` applies. */
export interface PhotoChange {
  /** Fraction cut from each side (0.05 keeps the middle 90 %). */
  readonly crop?: number;
  readonly rotateDegrees?: number;
  /** Brightness factor (1.2 lighter, 0.8 darker). */
  readonly light?: number;
  /** Final size in pixels (square). */
  readonly size?: number;
  readonly noise?: number;
}

/** `picture` as a customer might photograph it. */
export function photoOf(picture: TestRaster, change: PhotoChange): TestRaster {
  let out = picture;
  if (change.rotateDegrees) out = out.rotate(change.rotateDegrees, out.get(0, 0));
  if (change.crop) out = out.crop(change.crop, change.crop, 1 - 2 * change.crop, 1 - 2 * change.crop);
  if (change.light) out = out.light(change.light, change.light > 1 ? 10 : -10);
  if (change.noise) out = out.noise(change.noise);
  if (change.size) out = out.resize(change.size, change.size);
  return out;
}
