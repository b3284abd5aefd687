import type { ProductImageMatcher } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { type PhotoChange, photoOf, productPicture, unrelatedPicture } from '../images/index.js';

/**
 * Registers the ProductImageMatcher contract (see `ProductImageMatcher` in core's
 * `ports/services.ts`): with a catalog of 12 pictures indexed,
 *
 * - a photo of a catalog picture (as is, cropped, slightly rotated, lighter, darker, smaller)
 *   finds its product first;
 * - pictures of other things find nothing;
 * - re-indexing an image replaces it; forgotten images are not found any more;
 * - bytes that are no image are `IMAGE.UNSUPPORTED`.
 *
 * The factory runs before each test and returns an empty matcher.
 */
export function productImageMatcherContract(factory: () => Promise<ProductImageMatcher>, options: { readonly name?: string } = {}): void {
  const CATALOG = Array.from({ length: 12 }, (_, index) => ({
    productId: `p-${index}`,
    imageId: `img-${index}`,
    picture: productPicture(100 + index),
  }));

  const indexed = async (): Promise<ProductImageMatcher> => {
    const matcher = await factory();
    for (const { productId, imageId, picture } of CATALOG)
      await matcher.index({ productId, imageId, bytes: picture.toPng(), mimeType: 'image/png' });
    return matcher;
  };

  const CHANGES: readonly PhotoChange[] = [
    {},
    { crop: 0.06 },
    { rotateDegrees: 5 },
    { rotateDegrees: -4, crop: 0.04 },
    { light: 1.25 },
    { light: 0.75 },
    { size: 180, noise: 6 },
  ];

  describe(`product image matcher contract${options.name ? ` (${options.name})` : ''}`, () => {
    it('finds the product first from photos of its picture: cropped, rotated, lighter, darker, smaller', async () => {
      const matcher = await indexed();
      for (const [index, { productId, picture }] of CATALOG.entries()) {
        const change = CHANGES[index % CHANGES.length] ?? {};
        const matches = await matcher.match(photoOf(picture, change).toPng(), 'image/png');
        expect(matches[0]?.productId, `${productId} with ${JSON.stringify(change)}`).toBe(productId);
        expect(matches[0]?.similarity).toBeGreaterThan(0);
        expect(matches[0]?.similarity).toBeLessThanOrEqual(1);
      }
    });

    it('finds nothing for pictures of things the shop does not sell', async () => {
      const matcher = await indexed();
      for (let seed = 0; seed < 8; seed++)
        expect(await matcher.match(unrelatedPicture(seed).toPng(), 'image/png'), `unrelated ${seed}`).toEqual([]);
    });

    it('replaces an image indexed again and forgets removed ones', async () => {
      const matcher = await indexed();
      const [first] = CATALOG;
      if (!first) throw new Error('empty catalog');
      await matcher.index({ productId: 'p-other', imageId: first.imageId, bytes: first.picture.toPng(), mimeType: 'image/png' });
      expect((await matcher.match(first.picture.toPng(), 'image/png'))[0]?.productId).toBe('p-other');
      await matcher.forget([first.imageId]);
      expect((await matcher.match(first.picture.toPng(), 'image/png')).map((match) => match.imageId)).not.toContain(first.imageId);
    });

    it('refuses bytes it cannot decode', async () => {
      const matcher = await factory();
      await expect(matcher.match(new TextEncoder().encode('not an image'), 'image/jpeg')).rejects.toMatchObject({
        code: 'IMAGE.UNSUPPORTED',
      });
    });
  });
}
