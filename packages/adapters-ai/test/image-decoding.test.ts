import { photoOf, productPicture } from '@mostrador/testkit/images';
import { InMemoryImageFingerprints } from '@mostrador/testkit/memory';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, fingerprintDistance, LocalImageMatcher, perceptualFingerprint } from '../src/index.js';

const asJpeg = (raster: ReturnType<typeof productPicture>, quality = 80): Uint8Array => {
  const rgba = new Uint8Array(raster.width * raster.height * 4);
  for (let i = 0; i < raster.width * raster.height; i++) {
    rgba.set(raster.pixels.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width: raster.width, height: raster.height }, quality).data);
};

describe('image decoding', () => {
  it('decodes PNG and JPEG to the same picture, whatever MIME type was claimed', () => {
    const picture = productPicture(9, 64);
    const png = decodeImage(picture.toPng());
    const fromJpeg = decodeImage(asJpeg(picture, 95));
    expect([png.width, png.height, fromJpeg.width, fromJpeg.height]).toEqual([64, 64, 64, 64]);
    expect(fingerprintDistance(perceptualFingerprint(png), perceptualFingerprint(fromJpeg))).toBeLessThan(0.03);
  });

  it('refuses other formats, broken files, too many bytes or pixels', () => {
    expect(() => decodeImage(new TextEncoder().encode('GIF89a....'))).toThrow(expect.objectContaining({ code: 'IMAGE.UNSUPPORTED' }));
    const png = productPicture(1, 32).toPng();
    expect(() => decodeImage(png.subarray(0, 60))).toThrow(expect.objectContaining({ code: 'IMAGE.UNSUPPORTED' }));
    expect(() => decodeImage(png, { maxBytes: 100, maxMegapixels: 40 })).toThrow(expect.objectContaining({ code: 'IMAGE.TOO_LARGE' }));
    expect(() => decodeImage(png, { maxBytes: 1_000_000, maxMegapixels: 0.0001 })).toThrow(
      expect.objectContaining({ code: 'IMAGE.TOO_LARGE' }),
    );
  });

  it('a JPEG photo (as Telegram sends them) of a PNG catalog picture finds it', async () => {
    const matcher = new LocalImageMatcher(new InMemoryImageFingerprints());
    for (let seed = 0; seed < 6; seed++)
      await matcher.index({ imageId: `i${seed}`, productId: `p${seed}`, bytes: productPicture(seed).toPng(), mimeType: 'image/png' });
    const photo = asJpeg(photoOf(productPicture(4), { crop: 0.05, rotateDegrees: 3, light: 0.85, size: 400 }), 70);
    expect((await matcher.match(photo, 'image/jpeg'))[0]?.productId).toBe('p4');
  });
});
