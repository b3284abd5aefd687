import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Offer campaigns and their per-recipient delivery ledger, back-in-stock subscriptions and the
 * notification log (which notification went to whom, so a redelivered event sends nothing twice).
 * Idempotent, like the others; runs unchanged on PostgreSQL and PGlite.
 */
export class NotificationsAndCampaigns1765300000000 implements MigrationInterface {
  readonly name = 'NotificationsAndCampaigns1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS campaigns (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        text text NOT NULL,
        product_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        segment jsonb NOT NULL,
        scheduled_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'running', 'paused', 'completed', 'cancelled')),
        created_by text NOT NULL,
        resumes integer NOT NULL DEFAULT 0 CHECK (resumes >= 0),
        started_at timestamptz NULL,
        finished_at timestamptz NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS campaigns_created_idx ON campaigns (created_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS campaign_recipients (
        campaign_id text COLLATE "C" NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        customer_id text COLLATE "C" NOT NULL,
        channel text NOT NULL,
        chat_id text NOT NULL,
        locale text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'blocked', 'skipped')),
        error text NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, customer_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS campaign_recipients_status_idx ON campaign_recipients (campaign_id, status, customer_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS stock_alerts (
        product_id text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (product_id, customer_id)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS stock_alerts_product_idx ON stock_alerts (product_id, created_at, seq)`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS notification_log (
        key text COLLATE "C" PRIMARY KEY,
        sent_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS notification_log`);
    await queryRunner.query(`DROP TABLE IF EXISTS stock_alerts`);
    await queryRunner.query(`DROP TABLE IF EXISTS campaign_recipients`);
    await queryRunner.query(`DROP TABLE IF EXISTS campaigns`);
  }
}
