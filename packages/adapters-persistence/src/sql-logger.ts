import type { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM logger that prints statements but never their parameters (they carry password
 * hashes, tokens and personal data), and never the connection URL.
 */
export class SqlLogger implements Logger {
  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.write(`[sql] ${oneLine(query)}`);
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.write(`[sql] error: ${error instanceof Error ? error.message : error} in ${oneLine(query)}`);
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.write(`[sql] slow (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string, _queryRunner?: QueryRunner): void {
    this.write(`[sql] schema: ${message}`);
  }

  logMigration(message: string, _queryRunner?: QueryRunner): void {
    this.write(`[sql] migration: ${message}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown, _queryRunner?: QueryRunner): void {
    this.write(`[sql] ${level}: ${String(message)}`);
  }
}

const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim().slice(0, 2000);

/** Logs nothing but warnings (pool errors, TypeORM warnings), to stderr. */
export class QuietSqlLogger extends SqlLogger {
  override logQuery(): void {}
  override logQueryError(): void {}
  override logQuerySlow(): void {}
  override logSchemaBuild(): void {}
  override logMigration(): void {}
  override log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') super.log(level, message);
  }
}
