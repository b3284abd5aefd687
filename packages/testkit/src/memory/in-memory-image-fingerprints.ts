import { assertImageFingerprint, type ImageFingerprint, type ImageFingerprintRepository } from '@mostrador/core';

/** Catalog image fingerprints in a map, for tests and the in-memory shop. */
export class InMemoryImageFingerprints implements ImageFingerprintRepository {
  private readonly rows = new Map<string, ImageFingerprint>();

  async upsert(records: readonly ImageFingerprint[]): Promise<void> {
    for (const record of records) assertImageFingerprint(record);
    for (const record of records) this.rows.set(record.imageId, { ...record, updatedAt: new Date(record.updatedAt) });
  }

  async list(): Promise<readonly ImageFingerprint[]> {
    return [...this.rows.values()].sort((a, b) => (a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0)).map((row) => ({ ...row }));
  }

  async forProduct(productId: string): Promise<readonly ImageFingerprint[]> {
    return (await this.list()).filter((row) => row.productId === productId);
  }

  async remove(imageIds: readonly string[]): Promise<void> {
    for (const id of imageIds) this.rows.delete(id);
  }
}
