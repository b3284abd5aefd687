import { randomUUID } from 'node:crypto';
import { type ImageStore, ValidationError } from '@mostrador/core';

const IMAGE_ID_PATTERN = /^[\w.-]{1,128}$/;
const MIME_TYPE_PATTERN = /^[\w.+-]+\/[\w.+-]+$/;

/** The same MIME check as the SQL store (the contract pins it). */
const checkMimeType = (mimeType: string): void => {
  if (!MIME_TYPE_PATTERN.test(mimeType))
    throw new ValidationError('IMAGE.MIME_TYPE_INVALID', `"${mimeType}" is not a MIME type`, { mimeType });
};

/** Keeps images in a map; `get` hands out copies so callers cannot change what is stored. */
export class InMemoryImageStore implements ImageStore {
  private readonly images = new Map<string, { bytes: Uint8Array; mimeType: string }>();

  async put(bytes: Uint8Array, mimeType: string): Promise<string> {
    checkMimeType(mimeType);
    const id = randomUUID();
    this.images.set(id, { bytes: new Uint8Array(bytes), mimeType });
    return id;
  }

  async putIfAbsent(id: string, bytes: Uint8Array, mimeType: string): Promise<boolean> {
    if (!IMAGE_ID_PATTERN.test(id)) throw new ValidationError('IMAGE.ID_INVALID', `"${id}" is not an image id`, { id });
    checkMimeType(mimeType);
    if (this.images.has(id)) return false;
    this.images.set(id, { bytes: new Uint8Array(bytes), mimeType });
    return true;
  }

  async get(id: string): Promise<{ bytes: Uint8Array; mimeType: string } | null> {
    const image = this.images.get(id);
    return image ? { bytes: new Uint8Array(image.bytes), mimeType: image.mimeType } : null;
  }

  get size(): number {
    return this.images.size;
  }
}
