import type { ImageDescription } from '../ports/services.js';

/** The MIME type of common image bytes, by their magic numbers (JPEG when unknown). */
export const sniffImageType = (bytes: Uint8Array): string => {
  const startsWith = (offset: number, ...prefix: number[]): boolean => prefix.every((byte, i) => bytes[offset + i] === byte);
  if (startsWith(0, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (startsWith(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (startsWith(0, 0x52, 0x49, 0x46, 0x46) && startsWith(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return 'image/jpeg';
};

/**
 * What to search for a photo, most specific first: the caption the person wrote, all the labels
 * together, each label alone, then any text read in the image.
 */
export const photoQueries = (description: ImageDescription, caption: string | null, maxLength: number): string[] => {
  const labels = description.labels.map((label) => label.trim()).filter((label) => label !== '');
  const candidates = [caption?.trim() ?? '', labels.join(' '), ...labels, description.text?.trim() ?? ''];
  return [...new Set(candidates.map((text) => text.slice(0, maxLength)).filter((text) => text !== ''))];
};
