import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The embedded job queue (`DatabaseJobQueue`, used when REDIS_URL is unset): jobs, and the
 * next free slot of each rate limit. Idempotent; runs unchanged on PostgreSQL and PGlite.
 * A job's key is (queue, id): a second enqueue of an id is `ON CONFLICT DO NOTHING`.
 */
export class JobQueue1765200000000 implements MigrationInterface {
  readonly name = 'JobQueue1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS jobs (
        queue text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        payload jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
        attempts_made integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        backoff_ms integer NOT NULL,
        stalls integer NOT NULL DEFAULT 0,
        run_at timestamptz NOT NULL,
        locked_until timestamptz NULL,
        locked_by text NULL,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL,
        PRIMARY KEY (queue, id)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS jobs_due_idx ON jobs (queue, run_at, seq) WHERE state = 'waiting'`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS jobs_leased_idx ON jobs (queue, locked_until) WHERE state = 'active'`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS jobs_failed_idx ON jobs (queue, finished_at) WHERE state = 'failed'`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS jobs_finished_idx ON jobs (finished_at) WHERE finished_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS job_rate_limits (
        key text COLLATE "C" PRIMARY KEY,
        next_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS job_rate_limits`);
    await queryRunner.query(`DROP TABLE IF EXISTS jobs`);
  }
}
