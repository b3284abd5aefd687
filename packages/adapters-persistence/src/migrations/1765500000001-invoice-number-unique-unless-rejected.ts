import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A rejected voucher never used its number at ARCA: the next attempt in the sequence must be able
 * to take it. The (issuer, point of sale, type, number) key becomes unique among pending and
 * authorized invoices only; the index keeps the constraint's name so a clash still reads as
 * INVOICE.NUMBER_TAKEN. Idempotent; runs unchanged on PostgreSQL and PGlite.
 */
export class InvoiceNumberUniqueUnlessRejected1765500000001 implements MigrationInterface {
  readonly name = 'InvoiceNumberUniqueUnlessRejected1765500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_number_key`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX IF NOT EXISTS invoices_number_key ON invoices (issuer_cuit, point_of_sale, voucher_type, number)
        WHERE status <> 'rejected'`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS invoices_status_idx ON invoices (status, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS invoices_status_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS invoices_number_key`);
    await queryRunner.query(
      `ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (issuer_cuit, point_of_sale, voucher_type, number)`,
    );
  }
}
