import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Campaign recipients get the status `uncertain`: the message was in flight when its worker died
 * (or its request got no answer), so whether it arrived is unknown; it is never sent again
 * (ADR 0011, Session 5). Only the CHECK constraint changes. Idempotent; PostgreSQL and PGlite.
 */
export class CampaignRecipientUncertain1766200000000 implements MigrationInterface {
  readonly name = 'CampaignRecipientUncertain1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE campaign_recipients DROP CONSTRAINT IF EXISTS campaign_recipients_status_check`);
    await queryRunner.query(
      `ALTER TABLE campaign_recipients ADD CONSTRAINT campaign_recipients_status_check
       CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'blocked', 'skipped', 'uncertain'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE campaign_recipients SET status = 'failed' WHERE status = 'uncertain'`);
    await queryRunner.query(`ALTER TABLE campaign_recipients DROP CONSTRAINT IF EXISTS campaign_recipients_status_check`);
    await queryRunner.query(
      `ALTER TABLE campaign_recipients ADD CONSTRAINT campaign_recipients_status_check
       CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'blocked', 'skipped'))`,
    );
  }
}
