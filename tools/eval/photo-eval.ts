import { DEFAULT_IMAGE_LIMITS, decodeImage, LocalImageMatcher } from '../../packages/adapters-ai/src/index.js';
import { drawProductImage } from '../../packages/app/src/demo/product-art.js';
import { planDemoCatalog } from '../../packages/app/src/demo/seed.js';
import { type PhotoChange, photoOf, TestRaster, unrelatedPicture } from '../../packages/testkit/src/images/index.js';
import { InMemoryImageFingerprints } from '../../packages/testkit/src/memory/index.js';

/** One labelled photo: what was done to which catalog picture, and the product it must find (null: none). */
export interface PhotoCase {
  readonly label: string;
  readonly expected: string | null;
  readonly png: Uint8Array;
}

export interface PhotoEvalResult {
  readonly catalogImages: number;
  readonly catalogPhotos: number;
  readonly photoTop1: number;
  readonly photoTop1Hits: number;
  readonly unrelatedPhotos: number;
  readonly unrelatedMatched: number;
  /** Milliseconds one match took (decoding the photo included), p50 and max: informative, never a target. */
  readonly matchMs: { readonly p50: number; readonly max: number };
  readonly misses: readonly { label: string; expected: string | null; got: string | null; similarity: number | null }[];
}

/** The transformations a customer's photo shows, one per catalog photo, cycling. */
const CHANGES: readonly PhotoChange[] = [
  { crop: 0.05 },
  { rotateDegrees: 4 },
  { light: 1.25 },
  { light: 0.75 },
  { crop: 0.08, rotateDegrees: -3 },
  { size: 200, noise: 8 },
  { crop: 0.04, light: 1.15 },
  { rotateDegrees: -5, light: 0.85 },
  { size: 480, crop: 0.06 },
  { noise: 12, rotateDegrees: 2 },
];

const IMAGE_SIZE = 320;

/**
 * The photo part of `pnpm eval`: the demo catalog's pictures (every product's, as the demo seeds
 * them) indexed by the local matcher; 20 photos made from catalog pictures with crops, rotations,
 * light changes, rescaling and noise, each expecting its product first; 10 unrelated pictures
 * expecting nothing.
 */
export async function runPhotoEval(options: { catalogPhotos?: number; unrelatedPhotos?: number } = {}): Promise<PhotoEvalResult> {
  const products = planDemoCatalog(new Date('2026-12-01T12:00:00Z')).flatMap((category) => category.products);
  const matcher = new LocalImageMatcher(new InMemoryImageFingerprints(), { cacheMs: 3_600_000 });
  const pictures = new Map<string, Uint8Array>();
  for (const product of products) {
    const png = drawProductImage(product.art.name, product.art.color, IMAGE_SIZE);
    pictures.set(product.sku, png);
    await matcher.index({ imageId: `img-${product.sku}`, productId: product.sku, bytes: png, mimeType: 'image/png' });
  }
  const cases: PhotoCase[] = [];
  const count = options.catalogPhotos ?? 20;
  // Spread over the whole catalog, deterministic.
  for (let i = 0; i < count; i++) {
    const product = products[Math.floor((i * products.length) / count + 3) % products.length];
    if (!product) continue;
    const decoded = decodeImage(pictures.get(product.sku) ?? new Uint8Array(), DEFAULT_IMAGE_LIMITS);
    const raster = TestRaster.fromPixels(decoded.width, decoded.height, decoded.rgba, 4);
    const change = CHANGES[i % CHANGES.length] ?? {};
    cases.push({ label: `${product.sku} ${JSON.stringify(change)}`, expected: product.sku, png: photoOf(raster, change).toPng() });
  }
  for (let seed = 0; seed < (options.unrelatedPhotos ?? 10); seed++)
    cases.push({ label: `unrelated #${seed}`, expected: null, png: unrelatedPicture(seed, 300).toPng() });

  const timings: number[] = [];
  let hits = 0;
  let unrelatedMatched = 0;
  const misses: PhotoEvalResult['misses'][number][] = [];
  for (const photo of cases) {
    const started = performance.now();
    const [best] = await matcher.match(photo.png, 'image/png');
    timings.push(performance.now() - started);
    const got = best?.productId ?? null;
    if (photo.expected === null) {
      if (got !== null) {
        unrelatedMatched += 1;
        misses.push({ label: photo.label, expected: null, got, similarity: best?.similarity ?? null });
      }
    } else if (got === photo.expected) hits += 1;
    else misses.push({ label: photo.label, expected: photo.expected, got, similarity: best?.similarity ?? null });
  }
  const catalogPhotos = cases.filter((photo) => photo.expected !== null).length;
  return {
    catalogImages: products.length,
    catalogPhotos,
    photoTop1: catalogPhotos === 0 ? 0 : Math.round((hits / catalogPhotos) * 1000) / 1000,
    photoTop1Hits: hits,
    unrelatedPhotos: cases.length - catalogPhotos,
    unrelatedMatched,
    matchMs: {
      p50: Math.round(([...timings].sort((a, b) => a - b)[Math.floor(timings.length / 2)] ?? 0) * 10) / 10,
      max: Math.round(Math.max(0, ...timings) * 10) / 10,
    },
    misses,
  };
}
