import { crc32 } from 'node:zlib';

/** A PNG header (signature + IHDR with its CRC) of `width`×`height`, padded to `size` bytes: enough for the sniffer, not a decodable image. */
export function pngBytes(width: number, height: number, size = 64): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, 33));
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set([0x49, 0x48, 0x44, 0x52], 12); // IHDR
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  view.setUint32(29, crc32(bytes.subarray(12, 29)));
  return bytes;
}

/** A JPEG start (SOI, an APP0 segment, a SOF0 frame of `width`×`height`). */
export function jpegBytes(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array([
    0xff,
    0xd8, // SOI
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00, // APP0 JFIF
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01, // SOF0
    0xff,
    0xd9, // EOI
  ]);
  return bytes;
}

/** A lossless WebP (VP8L) header of `width`×`height`. */
export function webpBytes(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(32);
  const ascii = (text: string, at: number) =>
    bytes.set(
      [...text].map((c) => c.charCodeAt(0)),
      at,
    );
  ascii('RIFF', 0);
  new DataView(bytes.buffer).setUint32(4, 24, true);
  ascii('WEBP', 8);
  ascii('VP8L', 12);
  new DataView(bytes.buffer).setUint32(16, 10, true);
  bytes[20] = 0x2f;
  new DataView(bytes.buffer).setUint32(21, (width - 1) | ((height - 1) << 14), true);
  return bytes;
}
