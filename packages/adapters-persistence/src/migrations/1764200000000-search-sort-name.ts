import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Search ranking orders ties by the folded name (`lower(mostrador_unaccent(name))`, byte order).
 * Computing it per matching row cost as much as the full-text match itself (1,700 matches:
 * ~5 ms of 12 on PostgreSQL 15), so it is stored: a generated column, kept right by every writer.
 * Idempotent, like the initial schema; runs unchanged on PostgreSQL and PGlite.
 */
export class SearchSortName1764200000000 implements MigrationInterface {
  readonly name = 'SearchSortName1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE products ADD COLUMN IF NOT EXISTS search_sort text COLLATE "C"
        GENERATED ALWAYS AS (lower(mostrador_unaccent(name))) STORED`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE products DROP COLUMN IF EXISTS search_sort`);
  }
}
