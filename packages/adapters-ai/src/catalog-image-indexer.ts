import type { ImageFingerprintRepository, ImageStore, Logger, ProductImageMatcher, ProductRepository } from '@mostrador/core';

export interface CatalogImageIndexerDeps {
  readonly products: ProductRepository;
  readonly images: ImageStore;
  readonly fingerprints: ImageFingerprintRepository;
  readonly matcher: ProductImageMatcher;
  readonly logger?: Logger;
}

export interface IndexReport {
  readonly indexed: number;
  readonly forgotten: number;
  /** Images that could not be read (missing bytes, a format the matcher cannot decode). */
  readonly skipped: number;
}

const PAGE = 200;

/**
 * Brings the fingerprints in line with the catalog: every image of an active product that has no
 * fingerprint (or one under another product) is fingerprinted; fingerprints of images no active
 * product shows any more are forgotten. Incremental: an image already indexed is not read again,
 * so running it after every upload, seed or import costs only the new images.
 */
export async function indexCatalogImages(deps: CatalogImageIndexerDeps): Promise<IndexReport> {
  const wanted = new Map<string, string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.products.list({ activeOnly: true }, { offset, limit: PAGE });
    for (const product of page.items) for (const image of product.images) if (!wanted.has(image.id)) wanted.set(image.id, product.id);
    if (page.items.length < PAGE) break;
  }
  const known = new Map((await deps.fingerprints.list()).map((record) => [record.imageId, record.productId]));
  let indexed = 0;
  let skipped = 0;
  for (const [imageId, productId] of wanted) {
    if (known.get(imageId) === productId) continue;
    const stored = await deps.images.get(imageId);
    if (!stored) {
      skipped += 1;
      continue;
    }
    try {
      await deps.matcher.index({ imageId, productId, bytes: stored.bytes, mimeType: stored.mimeType });
      indexed += 1;
    } catch (error) {
      skipped += 1;
      deps.logger?.warn('catalog image not indexed for photo search', { imageId, code: (error as { code?: string }).code ?? 'UNKNOWN' });
    }
  }
  const stale = [...known.keys()].filter((imageId) => !wanted.has(imageId));
  if (stale.length > 0) await deps.matcher.forget(stale);
  return { indexed, forgotten: stale.length, skipped };
}
