import { randomUUID } from 'node:crypto';
import { assertImageId, assertImageMimeType, type ImageStore } from '@mostrador/core';

/** Keeps images in a map; `get` hands out copies so callers cannot change what is stored. */
export class InMemoryImageStore implements ImageStore {
  private readonly images = new Map<string, { bytes: Uint8Array; mimeType: string }>();

  async put(bytes: Uint8Array, mimeType: string): Promise<string> {
    assertImageMimeType(mimeType);
    const id = randomUUID();
    this.images.set(id, { bytes: new Uint8Array(bytes), mimeType });
    return id;
  }

  async putIfAbsent(id: string, bytes: Uint8Array, mimeType: string): Promise<boolean> {
    assertImageId(id);
    assertImageMimeType(mimeType);
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
