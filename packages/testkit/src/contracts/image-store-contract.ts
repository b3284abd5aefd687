import { randomUUID } from 'node:crypto';
import type { ImageStore } from '@mostrador/core';
import { describe, expect, it } from 'vitest';

/** Eight bytes that start like a PNG, with a zero byte and a high byte to catch text round trips. */
const bytes = (seed: number): Uint8Array => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, seed & 0xff, (seed >> 8) & 0xff]);

/**
 * Registers the ImageStore contract: images come back byte for byte with their MIME type; `put`
 * picks fresh ids; `putIfAbsent` stores under the caller's id once and never overwrites; bad
 * MIME types and ids are refused with stable codes. Every test uses its own ids, so the store
 * needs no reset between tests.
 */
export function imageStoreContract(factory: () => Promise<ImageStore>, options: { readonly name?: string } = {}): void {
  describe(`image store contract${options.name ? ` (${options.name})` : ''}`, () => {
    it('returns what was put, byte for byte, with its MIME type; an unknown id is null', async () => {
      const images = await factory();
      const id = await images.put(bytes(1), 'image/png');
      expect(await images.get(id)).toEqual({ bytes: bytes(1), mimeType: 'image/png' });
      expect(await images.get(randomUUID())).toBeNull();
    });

    it('gives every put its own id', async () => {
      const images = await factory();
      const ids = await Promise.all([1, 2, 3].map((seed) => images.put(bytes(seed), 'image/jpeg')));
      expect(new Set(ids).size).toBe(3);
      for (const [index, id] of ids.entries()) expect((await images.get(id))?.bytes).toEqual(bytes(index + 1));
    });

    it('putIfAbsent stores under the given id once, then leaves the stored image alone', async () => {
      const images = await factory();
      const id = `sha256-${randomUUID().replaceAll('-', '')}`;
      expect(await images.putIfAbsent(id, bytes(7), 'image/png')).toBe(true);
      expect(await images.putIfAbsent(id, bytes(8), 'image/webp')).toBe(false);
      expect(await images.get(id)).toEqual({ bytes: bytes(7), mimeType: 'image/png' });
    });

    it('two concurrent putIfAbsent of one id: exactly one stores', async () => {
      const images = await factory();
      const id = `img.${randomUUID()}`;
      const stored = await Promise.all([1, 2, 3, 4].map((seed) => images.putIfAbsent(id, bytes(seed), 'image/png')));
      expect(stored.filter(Boolean)).toHaveLength(1);
      expect(await images.get(id)).not.toBeNull();
    });

    it('refuses a malformed MIME type or id, storing nothing', async () => {
      const images = await factory();
      await expect(images.put(bytes(1), 'not a mime type')).rejects.toMatchObject({ code: 'IMAGE.MIME_TYPE_INVALID' });
      const id = `ok-${randomUUID()}`;
      await expect(images.putIfAbsent(id, bytes(1), 'png')).rejects.toMatchObject({ code: 'IMAGE.MIME_TYPE_INVALID' });
      expect(await images.get(id)).toBeNull();
      for (const bad of ['', 'a/b', 'x'.repeat(129), 'with space', '../etc/passwd'])
        await expect(images.putIfAbsent(bad, bytes(1), 'image/png'), JSON.stringify(bad)).rejects.toMatchObject({
          code: 'IMAGE.ID_INVALID',
        });
    });
  });
}
