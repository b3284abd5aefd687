import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * ARCA access tickets (WSAA TA), shared by every instance of the app: one row per key
 * (environment, service, certificate fingerprint). A token and sign are credentials for 12 hours:
 * they live only here, never in logs. Idempotent; runs unchanged on PostgreSQL and PGlite.
 */
export class ArcaAccessTickets1765500000000 implements MigrationInterface {
  readonly name = 'ArcaAccessTickets1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS arca_access_tickets (
        key text PRIMARY KEY,
        token text NOT NULL,
        sign text NOT NULL,
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS arca_access_tickets`);
  }
}
