import type { Clock, ImageFingerprintRepository, ImageMatch, ProductImageMatcher } from '@mostrador/core';
import { DEFAULT_IMAGE_LIMITS, decodeImage, type ImageLimits } from './image-decoding.js';
import { parseFingerprint, partsDistance, perceptualFingerprint } from './perceptual-hash.js';

export interface LocalImageMatcherOptions {
  /**
   * The largest distance (0 … 1, see `fingerprintDistance`) still taken as the same picture.
   * Default 0.065: on the demo catalog, photos of a catalog picture (crop ≤ 8 %, rotation ≤ 5°,
   * ±25 % light, rescaled, noisy) stayed at or below 0.04, other pictures at 0.09 or more (`pnpm eval`).
   */
  readonly maxDistance?: number;
  readonly limits?: Partial<ImageLimits>;
  /** How long the fingerprints read from the repository are reused before reading again (other instances may index). Default 60 s. */
  readonly cacheMs?: number;
  readonly clock?: Clock;
}

export const DEFAULT_MAX_DISTANCE = 0.065;

interface Indexed {
  readonly imageId: string;
  readonly productId: string;
  readonly parts: readonly Uint8Array[];
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/**
 * Finds catalog products in a photo with no AI service: perceptual fingerprints (standardized
 * colour thumbnails at five framings, `perceptualFingerprint`) of catalog images, stored through the
 * `ImageFingerprintRepository`, compared with the photo's. Pure TypeScript (PNG and JPEG
 * decoding included); a catalog of thousands of images compares in milliseconds.
 */
export class LocalImageMatcher implements ProductImageMatcher {
  private readonly limits: ImageLimits;
  private readonly maxDistance: number;
  private readonly clock: Clock;
  private cache: { readonly at: number; readonly entries: readonly Indexed[] } | null = null;

  constructor(
    private readonly fingerprints: ImageFingerprintRepository,
    private readonly options: LocalImageMatcherOptions = {},
  ) {
    this.limits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
    this.maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** The fingerprint of an image (`IMAGE.UNSUPPORTED` / `IMAGE.TOO_LARGE` as `decodeImage`). */
  fingerprint(bytes: Uint8Array): string {
    return perceptualFingerprint(decodeImage(bytes, this.limits));
  }

  async index(image: {
    readonly imageId: string;
    readonly productId: string;
    readonly bytes: Uint8Array;
    readonly mimeType: string;
  }): Promise<void> {
    const fingerprint = this.fingerprint(image.bytes);
    await this.fingerprints.upsert([{ imageId: image.imageId, productId: image.productId, fingerprint, updatedAt: this.clock.now() }]);
    this.cache = null;
  }

  async forget(imageIds: readonly string[]): Promise<void> {
    await this.fingerprints.remove(imageIds);
    this.cache = null;
  }

  async match(bytes: Uint8Array, _mimeType: string, options: { readonly limit?: number } = {}): Promise<readonly ImageMatch[]> {
    const photo = parseFingerprint(this.fingerprint(bytes));
    if (!photo) return [];
    const best = new Map<string, ImageMatch>();
    for (const entry of await this.indexed()) {
      const distance = partsDistance(photo, entry.parts);
      if (distance > this.maxDistance) continue;
      const similarity = Math.round((1 - distance) * 1000) / 1000;
      const known = best.get(entry.productId);
      if (!known || similarity > known.similarity)
        best.set(entry.productId, { productId: entry.productId, imageId: entry.imageId, similarity });
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, options.limit ?? 5);
  }

  private async indexed(): Promise<readonly Indexed[]> {
    const now = this.clock.now().getTime();
    if (this.cache && now - this.cache.at < (this.options.cacheMs ?? 60_000)) return this.cache.entries;
    const entries: Indexed[] = [];
    for (const record of await this.fingerprints.list()) {
      const parts = parseFingerprint(record.fingerprint);
      if (parts) entries.push({ imageId: record.imageId, productId: record.productId, parts });
    }
    this.cache = { at: now, entries };
    return entries;
  }
}
