import type { ImageAnalyzer } from '@mostrador/core';
import { afterEach, describe, expect, it } from 'vitest';
import { photoOf, productPicture, unrelatedPicture } from '../images/index.js';

export interface ImageAnalyzerUnderTest {
  readonly analyzer: ImageAnalyzer;
  /** The largest image `describe` accepts; the contract sends one byte more. */
  readonly maxBytes: number;
  close?(): Promise<void>;
}

/**
 * Registers the ImageAnalyzer contract (see `ImageAnalyzer` in core's `ports/services.ts`):
 *
 * - `describe` of a readable photo gives labels (non-empty strings), colours and a text or null;
 * - bytes that are no image are `IMAGE.UNSUPPORTED`; an image above the limit `IMAGE.TOO_LARGE`,
 *   refused before anything is sent anywhere;
 * - `fingerprint` is deterministic, and stays closer for a photo of the same picture (cropped,
 *   rotated, darker) than for another picture — checked through `distance`, the adapter's own
 *   way to compare two fingerprints (0 = identical).
 */
export function imageAnalyzerContract(
  factory: () => Promise<ImageAnalyzerUnderTest>,
  options: { readonly name?: string; readonly distance: (a: string, b: string) => number },
): void {
  describe(`image analyzer contract${options.name ? ` (${options.name})` : ''}`, () => {
    let opened: ImageAnalyzerUnderTest | null = null;
    const open = async (): Promise<ImageAnalyzerUnderTest> => {
      opened = await factory();
      return opened;
    };
    afterEach(async () => {
      await opened?.close?.();
      opened = null;
    });

    it('describes a photo with labels, colours and the text it reads', async () => {
      const { analyzer } = await open();
      const description = await analyzer.describe(productPicture(3).toPng(), 'image/png');
      expect(description.labels.length).toBeGreaterThan(0);
      for (const label of description.labels) expect(label.trim()).not.toBe('');
      for (const color of description.colors) expect(typeof color).toBe('string');
      expect(description.text === null || typeof description.text === 'string').toBe(true);
    });

    it('refuses bytes that are not an image, and images above its limit', async () => {
      const { analyzer, maxBytes } = await open();
      const text = new TextEncoder().encode('this is not an image at all');
      await expect(analyzer.describe(text, 'image/jpeg')).rejects.toMatchObject({ code: 'IMAGE.UNSUPPORTED' });
      const big = new Uint8Array(maxBytes + 1);
      big.set(productPicture(1).toPng().subarray(0, 8));
      await expect(analyzer.describe(big, 'image/png')).rejects.toMatchObject({ code: 'IMAGE.TOO_LARGE' });
    });

    it('fingerprints deterministically, closer for a photo of the same picture than for another picture', async () => {
      const { analyzer } = await open();
      const picture = productPicture(5);
      const original = await analyzer.fingerprint(picture.toPng(), 'image/png');
      expect(await analyzer.fingerprint(picture.toPng(), 'image/png')).toBe(original);
      const photo = await analyzer.fingerprint(photoOf(picture, { crop: 0.05, rotateDegrees: 4, light: 0.85 }).toPng(), 'image/png');
      const other = await analyzer.fingerprint(unrelatedPicture(2).toPng(), 'image/png');
      const another = await analyzer.fingerprint(productPicture(6).toPng(), 'image/png');
      expect(options.distance(original, original)).toBe(0);
      expect(options.distance(original, photo)).toBeLessThan(options.distance(original, other));
      expect(options.distance(original, photo)).toBeLessThan(options.distance(original, another));
      await expect(analyzer.fingerprint(new TextEncoder().encode('nope'), 'image/png')).rejects.toMatchObject({
        code: 'IMAGE.UNSUPPORTED',
      });
    });
  });
}
