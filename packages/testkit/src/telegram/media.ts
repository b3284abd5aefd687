/**
 * Just enough media sniffing to answer like Telegram: image dimensions for
 * PhotoSize objects and a MIME type when the client sent none (grammY always
 * labels uploads application/octet-stream). No image processing is done.
 */

export interface ImageInfo {
  width: number;
  height: number;
  mimeType: string;
  extension: string;
}

export function sniffImage(data: Buffer): ImageInfo | undefined {
  // PNG: signature, then the IHDR chunk with big-endian width and height.
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('latin1', 12, 16) === 'IHDR') {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), mimeType: 'image/png', extension: 'png' };
  }
  if (data.length >= 10 && data.toString('latin1', 0, 3) === 'GIF') {
    return { width: data.readUInt16LE(6), height: data.readUInt16LE(8), mimeType: 'image/gif', extension: 'gif' };
  }
  if (data.length >= 30 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') {
    return sniffWebp(data);
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return sniffJpeg(data);
  return undefined;
}

function sniffJpeg(data: Buffer): ImageInfo | undefined {
  let offset = 2;
  while (offset + 9 < data.length) {
    if (data[offset] !== 0xff) return undefined;
    const marker = data[offset + 1] as number;
    // Standalone markers carry no length.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = data.readUInt16BE(offset + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) hold the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        height: data.readUInt16BE(offset + 5),
        width: data.readUInt16BE(offset + 7),
        mimeType: 'image/jpeg',
        extension: 'jpg',
      };
    }
    offset += 2 + length;
  }
  return undefined;
}

function sniffWebp(data: Buffer): ImageInfo | undefined {
  const chunk = data.toString('latin1', 12, 16);
  const base = { mimeType: 'image/webp', extension: 'webp' };
  if (chunk === 'VP8X') {
    return { ...base, width: 1 + data.readUIntLE(24, 3), height: 1 + data.readUIntLE(27, 3) };
  }
  if (chunk === 'VP8 ' && data.length >= 30) {
    return { ...base, width: data.readUInt16LE(26) & 0x3fff, height: data.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && data.length >= 25) {
    const bits = data.readUInt32LE(21);
    return { ...base, width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  zip: 'application/zip',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function extensionOf(fileName: string | undefined): string | undefined {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '');
  return match?.[1]?.toLowerCase();
}

/** The declared type unless it is missing or the generic octet-stream; then a guess by name and content. */
export function resolveMimeType(declared: string | undefined, fileName: string | undefined, data: Buffer): string {
  const clean = declared?.split(';')[0]?.trim().toLowerCase();
  if (clean && clean !== 'application/octet-stream') return clean;
  const byName = MIME_BY_EXTENSION[extensionOf(fileName) ?? ''];
  if (byName) return byName;
  const image = sniffImage(data);
  if (image) return image.mimeType;
  if (data.length >= 4 && data.toString('latin1', 0, 4) === '%PDF') return 'application/pdf';
  return 'application/octet-stream';
}

/** Telegram's photo thumbnails: long side 90 (s), 320 (m), 800 (x), 1280 (y), 2560 (w). */
export const PHOTO_SIZE_STEPS = [90, 320, 800, 1280, 2560] as const;

/** Dimensions of the PhotoSize variants Telegram would offer for an image of the given size. */
export function photoVariants(width: number, height: number): Array<{ width: number; height: number }> {
  const longest = Math.max(width, height, 1);
  const variants: Array<{ width: number; height: number }> = [];
  for (const step of PHOTO_SIZE_STEPS) {
    if (step >= longest) break;
    const scale = step / longest;
    variants.push({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) });
  }
  const scale = longest > 2560 ? 2560 / longest : 1;
  variants.push({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) });
  return variants;
}
