import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Every statement that changes `categories` (INSERT, UPDATE, DELETE, TRUNCATE) notifies the
 * channel `mostrador_categories` at commit, so each instance's category list cache is cleared by
 * writes from other instances and from raw SQL (ADR 0003, Session 5). Statement level: one
 * notification per statement, however many rows. PGlite supports pg_notify too (its single session
 * listens). Idempotent; PostgreSQL and PGlite.
 */
export class CategoriesNotify1766600000000 implements MigrationInterface {
  readonly name = 'CategoriesNotify1766600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION mostrador_categories_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('mostrador_categories', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS categories_changed ON categories`);
    await queryRunner.query(`CREATE TRIGGER categories_changed AFTER INSERT OR UPDATE OR DELETE ON categories
      FOR EACH STATEMENT EXECUTE FUNCTION mostrador_categories_changed()`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS categories_truncated ON categories`);
    await queryRunner.query(`CREATE TRIGGER categories_truncated AFTER TRUNCATE ON categories
      FOR EACH STATEMENT EXECUTE FUNCTION mostrador_categories_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS categories_truncated ON categories`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS categories_changed ON categories`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS mostrador_categories_changed()`);
  }
}
