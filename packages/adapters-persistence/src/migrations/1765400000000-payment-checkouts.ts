import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Payments from providers: checkout sessions per (order, provider, attempt), refunds tracked per
 * payment, and a reason staff must look at a payment (an amount that does not match its order).
 * Idempotent, like the others; runs unchanged on PostgreSQL and PGlite.
 */
export class PaymentCheckouts1765400000000 implements MigrationInterface {
  readonly name = 'PaymentCheckouts1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payments ADD COLUMN IF NOT EXISTS refunded_amount bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE payments ADD COLUMN IF NOT EXISTS attention text NULL`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS payment_checkouts (
        id text COLLATE "C" PRIMARY KEY,
        order_id text COLLATE "C" NOT NULL,
        provider text NOT NULL,
        attempt integer NOT NULL CHECK (attempt > 0),
        idempotency_key text NOT NULL,
        provider_reference text NOT NULL,
        payment_url text NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'expired', 'closed')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS payment_checkouts_attempt_key ON payment_checkouts (order_id, provider, attempt)`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS payment_checkouts_open_idx ON payment_checkouts (expires_at, id) WHERE status = 'open'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS payment_checkouts`);
    await queryRunner.query(`ALTER TABLE payments DROP COLUMN IF EXISTS attention`);
    await queryRunner.query(`ALTER TABLE payments DROP COLUMN IF EXISTS refunded_amount`);
  }
}
