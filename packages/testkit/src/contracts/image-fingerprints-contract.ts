import { randomUUID } from 'node:crypto';
import type { ImageFingerprint, ImageFingerprintRepository } from '@mostrador/core';
import { describe, expect, it } from 'vitest';

/**
 * Registers the ImageFingerprintRepository contract (see core's `ports/image-fingerprints.ts`):
 * upsert stores and replaces by image id, list and forProduct read them back, remove forgets,
 * bad records are refused whole, concurrent upserts of one image leave one row. The factory runs
 * before each test; every test uses ids of its own, so the store needs no reset.
 */
export function imageFingerprintsContract(
  factory: () => Promise<ImageFingerprintRepository>,
  options: { readonly name?: string } = {},
): void {
  const record = (imageId: string, productId: string, fingerprint: string): ImageFingerprint => ({
    imageId,
    productId,
    fingerprint,
    updatedAt: new Date('2026-12-01T12:00:00.000Z'),
  });
  const ids = () => {
    const run = randomUUID().slice(0, 8);
    return { image: (n: number) => `fp-${run}-${n}`, product: (n: number) => `prod-${run}-${n}` };
  };
  const mine = (all: readonly ImageFingerprint[], prefix: string) => all.filter((entry) => entry.imageId.startsWith(prefix));

  describe(`image fingerprints contract${options.name ? ` (${options.name})` : ''}`, () => {
    it('stores, lists by image id and reads per product', async () => {
      const repo = await factory();
      const { image, product } = ids();
      await repo.upsert([
        record(image(2), product(1), 'ph1:bb'),
        record(image(1), product(1), 'ph1:aa'),
        record(image(3), product(2), 'ph1:cc'),
      ]);
      const prefix = image(0).slice(0, -1);
      expect(mine(await repo.list(), prefix)).toEqual([
        record(image(1), product(1), 'ph1:aa'),
        record(image(2), product(1), 'ph1:bb'),
        record(image(3), product(2), 'ph1:cc'),
      ]);
      expect((await repo.forProduct(product(2))).map((entry) => entry.fingerprint)).toEqual(['ph1:cc']);
      expect(await repo.forProduct(`nobody-${randomUUID()}`)).toEqual([]);
    });

    it('replaces the fingerprint of an image upserted again (also its product)', async () => {
      const repo = await factory();
      const { image, product } = ids();
      await repo.upsert([record(image(1), product(1), 'ph1:old')]);
      await repo.upsert([{ ...record(image(1), product(2), 'ph1:new'), updatedAt: new Date('2026-12-02T00:00:00.000Z') }]);
      expect(await repo.forProduct(product(1))).toEqual([]);
      expect(await repo.forProduct(product(2))).toEqual([
        { imageId: image(1), productId: product(2), fingerprint: 'ph1:new', updatedAt: new Date('2026-12-02T00:00:00.000Z') },
      ]);
    });

    it('removes the given images, ignoring unknown ids', async () => {
      const repo = await factory();
      const { image, product } = ids();
      await repo.upsert([record(image(1), product(1), 'ph1:a'), record(image(2), product(1), 'ph1:b')]);
      await repo.remove([image(1), `unknown-${randomUUID()}`]);
      await repo.remove([]);
      expect((await repo.forProduct(product(1))).map((entry) => entry.imageId)).toEqual([image(2)]);
    });

    it('refuses a bad record and stores nothing of that upsert', async () => {
      const repo = await factory();
      const { image, product } = ids();
      await expect(repo.upsert([record(image(1), product(1), 'ph1:a'), record('bad id/..', product(1), 'ph1:b')])).rejects.toMatchObject({
        code: 'IMAGE.ID_INVALID',
      });
      await expect(repo.upsert([record(image(2), product(1), '')])).rejects.toMatchObject({ code: 'IMAGE.FINGERPRINT_INVALID' });
      expect(await repo.forProduct(product(1))).toEqual([]);
    });

    it('concurrent upserts of one image leave exactly one row with one of the written values', async () => {
      const repo = await factory();
      const { image, product } = ids();
      const values = ['ph1:1', 'ph1:2', 'ph1:3', 'ph1:4', 'ph1:5'];
      await Promise.all(values.map((value) => repo.upsert([record(image(1), product(1), value)])));
      const rows = await repo.forProduct(product(1));
      expect(rows).toHaveLength(1);
      expect(values).toContain(rows[0]?.fingerprint);
    });
  });
}
