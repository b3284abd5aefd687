import { ValidationError } from '@mostrador/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Decoded pixels: RGBA, 4 bytes per pixel, row by row. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

export interface ImageLimits {
  /** Largest encoded image accepted. Default 10 MB (Telegram photos are far smaller). */
  readonly maxBytes: number;
  /** Largest decoded size, in megapixels (guards memory against decompression bombs). Default 40. */
  readonly maxMegapixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 10 * 1024 * 1024, maxMegapixels: 40 };

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean => prefix.every((byte, i) => bytes[i] === byte);

/** The image type by magic numbers, or null for anything else. */
export const imageTypeOf = (bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | null => {
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (startsWith(bytes, 0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
    return 'image/webp';
  return null;
};

/** `IMAGE.TOO_LARGE` above the byte limit. */
export const assertImageSize = (bytes: Uint8Array, limits: ImageLimits): void => {
  if (bytes.byteLength > limits.maxBytes)
    throw new ValidationError('IMAGE.TOO_LARGE', `images are limited to ${limits.maxBytes} bytes, got ${bytes.byteLength}`, {
      size: bytes.byteLength,
      limit: limits.maxBytes,
    });
};

const unsupported = (why: string): ValidationError => new ValidationError('IMAGE.UNSUPPORTED', `cannot read this image: ${why}`, {});

/**
 * Decodes PNG and JPEG (what catalogs and Telegram photos are) in pure JavaScript. Anything else,
 * or a broken file, is `IMAGE.UNSUPPORTED`; too many bytes or pixels `IMAGE.TOO_LARGE`. The MIME
 * type the caller gives is not trusted: the bytes decide.
 */
export function decodeImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): DecodedImage {
  assertImageSize(bytes, limits);
  const type = imageTypeOf(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (type === 'image/png') {
      if (buffer.length >= 24) {
        const pixels = buffer.readUInt32BE(16) * buffer.readUInt32BE(20);
        if (pixels > limits.maxMegapixels * 1_000_000)
          throw new ValidationError('IMAGE.TOO_LARGE', `images are limited to ${limits.maxMegapixels} megapixels`, {});
      }
      const png = PNG.sync.read(buffer);
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    if (type === 'image/jpeg') {
      const image = jpeg.decode(buffer, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: limits.maxMegapixels,
        maxMemoryUsageInMB: 512,
      });
      return { width: image.width, height: image.height, rgba: image.data };
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(message))
      throw new ValidationError('IMAGE.TOO_LARGE', `images are limited to ${limits.maxMegapixels} megapixels`, {});
    throw unsupported(type === 'image/png' ? 'a broken PNG' : 'a broken JPEG');
  }
  throw unsupported(type ? `${type} is not decoded here (PNG and JPEG are)` : 'not a PNG or JPEG');
}
