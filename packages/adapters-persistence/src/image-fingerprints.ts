import { assertImageFingerprint, type ImageFingerprint, type ImageFingerprintRepository } from '@mostrador/core';
import type { DataSource } from 'typeorm';
import { execute } from './repositories/sql.js';

interface Row {
  image_id: string;
  product_id: string;
  fingerprint: string;
  updated_at: Date | string;
}

const toRecord = (row: Row): ImageFingerprint => ({
  imageId: row.image_id,
  productId: row.product_id,
  fingerprint: row.fingerprint,
  updatedAt: new Date(row.updated_at),
});

/**
 * Catalog image fingerprints in `image_fingerprints` (migration 1765700000000). An upsert is one
 * statement (atomic: a bad record refuses the whole batch before anything is written; concurrent
 * upserts of one image leave one row). Autocommit: derived data, outside any UnitOfWork.
 */
export class TypeOrmImageFingerprints implements ImageFingerprintRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsert(records: readonly ImageFingerprint[]): Promise<void> {
    for (const record of records) assertImageFingerprint(record);
    // One row per image in a statement (ON CONFLICT cannot touch a row twice): the last record wins.
    const latest = [...new Map(records.map((record) => [record.imageId, record])).values()];
    if (latest.length === 0) return;
    await execute(
      this.dataSource.manager,
      `INSERT INTO image_fingerprints (image_id, product_id, fingerprint, updated_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (image_id) DO UPDATE SET product_id = EXCLUDED.product_id, fingerprint = EXCLUDED.fingerprint, updated_at = EXCLUDED.updated_at`,
      [
        latest.map((r) => r.imageId),
        latest.map((r) => r.productId),
        latest.map((r) => r.fingerprint),
        latest.map((r) => r.updatedAt.toISOString()),
      ],
    );
  }

  async list(): Promise<readonly ImageFingerprint[]> {
    const { rows } = await execute<Row>(
      this.dataSource.manager,
      'SELECT image_id, product_id, fingerprint, updated_at FROM image_fingerprints ORDER BY image_id COLLATE "C"',
      [],
    );
    return rows.map(toRecord);
  }

  async forProduct(productId: string): Promise<readonly ImageFingerprint[]> {
    const { rows } = await execute<Row>(
      this.dataSource.manager,
      'SELECT image_id, product_id, fingerprint, updated_at FROM image_fingerprints WHERE product_id = $1 ORDER BY image_id COLLATE "C"',
      [productId],
    );
    return rows.map(toRecord);
  }

  async remove(imageIds: readonly string[]): Promise<void> {
    if (imageIds.length === 0) return;
    await execute(this.dataSource.manager, 'DELETE FROM image_fingerprints WHERE image_id = ANY($1::text[])', [[...imageIds]]);
  }
}
