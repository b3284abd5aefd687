import { productPicture } from '@mostrador/testkit/images';
import { createInMemoryPersistence, InMemoryImageFingerprints, InMemoryImageStore } from '@mostrador/testkit/memory';
import { aProduct } from '@mostrador/testkit/mothers';
import { describe, expect, it } from 'vitest';
import { indexCatalogImages, LocalImageMatcher } from '../src/index.js';

describe('indexCatalogImages', () => {
  it('fingerprints new images of active products, skips indexed ones, forgets images no product shows', async () => {
    const { uow } = createInMemoryPersistence();
    const images = new InMemoryImageStore();
    const fingerprints = new InMemoryImageFingerprints();
    const matcher = new LocalImageMatcher(fingerprints, { cacheMs: 0 });
    const ids = await Promise.all([1, 2, 3].map((seed) => images.put(productPicture(seed).toPng(), 'image/png')));
    const [first, second, third] = ids as [string, string, string];
    const drill = aProduct({ id: 'p-drill', sku: 'DRILL', images: [{ id: first, mimeType: 'image/png' }] });
    const saw = aProduct({
      id: 'p-saw',
      sku: 'SAW',
      images: [
        { id: second, mimeType: 'image/png' },
        { id: 'missing-image', mimeType: 'image/png' },
      ],
    });
    const hidden = aProduct({ id: 'p-hidden', sku: 'HIDDEN', active: false, images: [{ id: third, mimeType: 'image/png' }] });
    await uow.repositories.products.saveMany([drill, saw, hidden]);
    const deps = { products: uow.repositories.products, images, fingerprints, matcher };

    expect(await indexCatalogImages(deps)).toEqual({ indexed: 2, forgotten: 0, skipped: 1 });
    expect((await fingerprints.list()).map((row) => [row.imageId, row.productId]).sort()).toEqual(
      [
        [first, 'p-drill'],
        [second, 'p-saw'],
      ].sort(),
    );
    expect((await matcher.match(productPicture(1).toPng(), 'image/png'))[0]?.productId).toBe('p-drill');

    await uow.repositories.products.save({ ...drill, images: [] });
    expect(await indexCatalogImages(deps)).toEqual({ indexed: 0, forgotten: 1, skipped: 1 });
    expect(await matcher.match(productPicture(1).toPng(), 'image/png')).toEqual([]);
  });
});
