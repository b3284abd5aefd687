import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Perceptual fingerprints of catalog images, for the local photo matcher (adapters-ai). Derived
 * data: one row per image, rebuilt by re-indexing, so no foreign key ties it to products (an
 * image's product may change; the indexer forgets images no product shows).
 * Idempotent; runs unchanged on PostgreSQL and PGlite.
 */
export class ImageFingerprints1765700000000 implements MigrationInterface {
  readonly name = 'ImageFingerprints1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS image_fingerprints (
        image_id text PRIMARY KEY,
        product_id text NOT NULL,
        fingerprint text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS image_fingerprints_product_idx ON image_fingerprints (product_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS image_fingerprints`);
  }
}
