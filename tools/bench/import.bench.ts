/**
 * CSV import benchmark: `POST /api/v1/products/import` with BENCH_IMPORT_ROWS (default 10,000)
 * rows, through the app composed as `mostrador start` composes it (HTTP API, persistence), on
 * PostgreSQL and on the embedded PGlite, against the baseline "the same rows inserted by one
 * multi-row INSERT" (one `INSERT … SELECT FROM unnest(…)` statement on the same database, timed
 * on the server's connection; its rows are deleted before the import runs).
 *
 *   npx tsx tools/bench/import.bench.ts      (or `pnpm bench import`)
 *
 * Each database is measured twice: a first import that creates every product (with its `import`
 * stock movement), then the same file with new prices and stock, which updates every product.
 * During both imports a client sends `GET /api/v1/products?limit=1` one after another (a new
 * request 20 ms after each answer); their latencies tell whether an import blocks the shop.
 *
 * The event loop's delay is sampled meanwhile too (perf_hooks.monitorEventLoopDelay): on PGlite
 * every statement runs in this thread, so its longest stretch is the longest statement or step.
 * The load average before and after is printed: on a shared machine compare with the baseline.
 * So is this process's CPU time during each import (user + system, every thread: PGlite's work
 * included), which a loaded machine inflates much less than the wall time, and on PGlite how many
 * connection leases background work (jobs, the outbox dispatch) got from the first POST to the
 * second's answer, and how many of those only because they had waited the pool's bound (ADR 0003,
 * Session 5).
 *
 * Environment: BENCH_DATABASE_URL (or TEST_DATABASE_URL; default
 * postgres://postgres@127.0.0.1:5432/test) names the server where a `mostrador_bench_<random>`
 * database is created and dropped; PGlite lives in a temporary folder, removed afterwards.
 * BENCH_IMPORT_DATABASES=pglite (or postgres) measures only that one.
 * Not a test: it prints a table, and `runImportBenchmark()` returns the figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PERSISTENCE_TOKEN, type Persistence, type UnopenedPersistence } from '../../packages/adapters-persistence/src/index.js';
import { type AppRuntime, compose } from '../../packages/app/src/compose.js';
import { loadConfig } from '../../packages/app/src/config.js';
import { createLogger } from '../../packages/app/src/logger.js';
import { modulesFromConfig } from '../../packages/app/src/modules.js';
import { TOKENS } from '../../packages/core/src/index.js';
import { adminQuery, freePort, withDatabase } from './bench-database.js';
import { percentile } from './percentile.js';

export type BenchDatabase = 'postgres' | 'pglite';

export interface LatencyFigures {
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface ImportFigures {
  readonly database: BenchDatabase;
  readonly rows: number;
  /** One multi-row INSERT of the same rows, on the same database. */
  readonly baselineMs: number;
  /** POST → 200 of the file that creates every product. */
  readonly createMs: number;
  /** POST → 200 of the file that updates every product (new price and stock). */
  readonly updateMs: number;
  /** This process's CPU time (user + system) during each import. */
  readonly createCpuMs: number;
  readonly updateCpuMs: number;
  /** PGlite: leases of the connection background work got while the imports ran (overdue: by the bound). */
  readonly background: { readonly leases: number; readonly overdue: number } | null;
  /** createMs ÷ baselineMs. */
  readonly ratio: number;
  /** `GET /api/v1/products?limit=1` sent while the two imports ran. */
  readonly concurrent: LatencyFigures;
  /** This process's event-loop delay while the two imports ran (ms). */
  readonly eventLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
  /** os.loadavg() (1, 5, 15 minutes) before this database's run. */
  readonly loadAverage: readonly number[];
}

const PASSWORD = 'bench-import-password-1';

const numberFrom = (text: string | undefined, fallback: number): number => {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** A shop-like file: every column, quoted names with commas, es-AR and plain prices, some VAT 10.5. */
const importCsv = (rows: number, round: number): string => {
  const lines = ['sku,name,description,category,price,vat_rate,stock,active'];
  for (let i = 0; i < rows; i += 1) {
    const price = 1000 + ((i * 37 + round * 11) % 90_000);
    const priceText = i % 2 === 0 ? `${price}.${String(i % 100).padStart(2, '0')}` : `"${price},${String(i % 100).padStart(2, '0')}"`;
    lines.push(
      [
        `BENCH-${String(i).padStart(6, '0')}`,
        `"Producto de prueba ${i}, modelo ${round}"`,
        `Descripción del producto ${i} para la prueba de importación`,
        '',
        priceText,
        i % 5 === 0 ? '10.5' : '21',
        String((i + round * 3) % 50),
        'true',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
};

/** The baseline: the same products in one INSERT statement (arrays unnested server-side), then removed. */
const baselineInsert = async (dataSource: Persistence['dataSource'], rows: number): Promise<number> => {
  const columns = { id: [] as string[], sku: [] as string[], name: [] as string[], description: [] as string[] };
  const prices: number[] = [];
  const vat: number[] = [];
  const stock: number[] = [];
  for (let i = 0; i < rows; i += 1) {
    columns.id.push(`baseline-${i}`);
    columns.sku.push(`BASE-${String(i).padStart(6, '0')}`);
    columns.name.push(`Producto de prueba ${i}, modelo 0`);
    columns.description.push(`Descripción del producto ${i} para la prueba de importación`);
    prices.push(100_000 + i);
    vat.push(i % 5 === 0 ? 1050 : 2100);
    stock.push(i % 50);
  }
  const sql = (text: string, params: unknown[]) => dataSource.query(text, params);
  const started = performance.now();
  await sql(
    `INSERT INTO products (id, sku, name, description, price_amount, vat_rate, stock_on_hand)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[])`,
    [columns.id, columns.sku, columns.name, columns.description, prices, vat, stock],
  );
  const elapsed = performance.now() - started;
  await sql(`DELETE FROM products WHERE id LIKE 'baseline-%'`, []);
  return elapsed;
};

/** GETs one after another until `stop()`; latencies in ms. */
const pollWhile = (url: string, token: string): { stop: () => Promise<number[]> } => {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
};

const cpuNowMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const timedImport = async (
  baseUrl: string,
  token: string,
  csv: string,
  expected: { created: number; updated: number },
): Promise<{ ms: number; cpuMs: number }> => {
  const cpuStarted = cpuNowMs();
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/v1/products/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const body = (await response.json()) as { status?: string; created?: number; updated?: number };
  const elapsed = performance.now() - started;
  const cpuMs = cpuNowMs() - cpuStarted;
  if (response.status !== 200 || body.created !== expected.created || body.updated !== expected.updated)
    throw new Error(`the import answered ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return { ms: elapsed, cpuMs };
};

/** The pool's background counters, when the database is PGlite. */
const backgroundLeases = (persistence: Persistence): { leases: number; overdue: number } | null => {
  const pool = (persistence as Partial<UnopenedPersistence>).connection?.pglitePool();
  if (!pool) return null;
  const stats = pool.getStats();
  return { leases: stats.backgroundLeases, overdue: stats.backgroundOverdue };
};

const measureOn = async (database: BenchDatabase, env: Record<string, string>, rows: number, log: (line: string) => void) => {
  const port = await freePort();
  const runtime: AppRuntime = compose({
    modules: modulesFromConfig(loadConfig({ ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), {
      logger: createLogger('silent'),
      telegram: null,
    }),
  });
  await runtime.start();
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const useCases = runtime.resolve(TOKENS.UseCases);
    await useCases.staff.createUser(
      { kind: 'system' },
      { email: 'bench@shop.test', name: 'Bench manager', password: PASSWORD, roles: ['manager'] },
    );
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@shop.test', password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };

    log(`${database}: baseline, one INSERT of ${rows} rows…`);
    const baselineMs = await baselineInsert(runtime.resolve(PERSISTENCE_TOKEN).dataSource, rows);
    const first = importCsv(rows, 0);
    const second = importCsv(rows, 1);
    log(`${database}: importing ${rows} new products, then updating them, with GET /products?limit=1 meanwhile…`);
    const loadAverage = loadavg().map((value) => Math.round(value * 100) / 100);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const poller = pollWhile(`${baseUrl}/api/v1/products?limit=1`, accessToken);
    const persistence = runtime.resolve(PERSISTENCE_TOKEN);
    const backgroundBefore = backgroundLeases(persistence);
    let created: { ms: number; cpuMs: number };
    let updated: { ms: number; cpuMs: number };
    let latencies: number[];
    let backgroundAfter: { leases: number; overdue: number } | null = null;
    try {
      created = await timedImport(baseUrl, accessToken, first, { created: rows, updated: 0 });
      updated = await timedImport(baseUrl, accessToken, second, { created: 0, updated: rows });
      backgroundAfter = backgroundLeases(persistence);
    } finally {
      latencies = (await poller.stop()).sort((a, b) => a - b);
      loopDelay.disable();
    }
    return {
      database,
      rows,
      baselineMs,
      createMs: created.ms,
      updateMs: updated.ms,
      createCpuMs: created.cpuMs,
      updateCpuMs: updated.cpuMs,
      background:
        backgroundBefore && backgroundAfter
          ? { leases: backgroundAfter.leases - backgroundBefore.leases, overdue: backgroundAfter.overdue - backgroundBefore.overdue }
          : null,
      ratio: created.ms / baselineMs,
      concurrent: {
        requests: latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies[latencies.length - 1] ?? 0,
      },
      eventLoopDelay: { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 },
      loadAverage,
    } satisfies ImportFigures;
  } finally {
    await runtime.stop();
  }
};

const measurePostgres = async (baseUrl: string, rows: number, log: (line: string) => void, figures: ImportFigures[]): Promise<void> => {
  const databaseName = `mostrador_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${databaseName}`);
  try {
    figures.push(await measureOn('postgres', { DATABASE_URL: withDatabase(baseUrl, databaseName) }, rows, log));
  } finally {
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  }
};

export async function runImportBenchmark(
  options: { readonly databaseUrl?: string; readonly rows?: number; readonly log?: (line: string) => void } = {},
): Promise<ImportFigures[]> {
  const log = options.log ?? (() => {});
  const rows = options.rows ?? numberFrom(process.env.BENCH_IMPORT_ROWS, 10_000);
  const baseUrl =
    options.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const figures: ImportFigures[] = [];
  const only = process.env.BENCH_IMPORT_DATABASES?.split(',').map((name) => name.trim());
  const measures = (database: BenchDatabase) => only === undefined || only.includes(database);

  if (measures('postgres')) await measurePostgres(baseUrl, rows, log, figures);
  if (measures('pglite')) {
    const folder = await mkdtemp(join(tmpdir(), 'mostrador-bench-import-'));
    try {
      figures.push(await measureOn('pglite', { MOSTRADOR_DATA_DIR: folder }, rows, log));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return figures;
}

export function formatImportBenchmark(figures: readonly ImportFigures[]): string {
  const ms = (value: number) => value.toFixed(0).padStart(8);
  return [
    `CSV import, ${figures[0]?.rows ?? 0} rows through POST /api/v1/products/import; baseline = the same rows in one multi-row INSERT`,
    'concurrent = GET /api/v1/products?limit=1, one after another, while both imports ran',
    "loop = this process's event-loop delay meanwhile (p99 / max); load = load average (1 min) before the run",
    "cpu = this process's CPU time during each import; bg = leases background work got during the imports (by the bound)",
    '',
    '| database | baseline ms | create ms | ratio | update ms | concurrent n | p50 ms | p99 ms | max ms | loop p99 ms | loop max ms | load | create cpu ms | update cpu ms | bg (bound) |',
    '|----------|-------------|-----------|-------|-----------|--------------|--------|--------|--------|-------------|-------------|------|---------------|---------------|------------|',
    ...figures.map(
      (row) =>
        `| ${row.database.padEnd(8)} | ${ms(row.baselineMs).padStart(11)} | ${ms(row.createMs).padStart(9)} | ${row.ratio.toFixed(1).padStart(5)} | ${ms(row.updateMs).padStart(9)} | ${String(row.concurrent.requests).padStart(12)} | ${ms(row.concurrent.p50Ms).padStart(6)} | ${ms(row.concurrent.p99Ms).padStart(6)} | ${ms(row.concurrent.maxMs).padStart(6)} | ${ms(row.eventLoopDelay.p99Ms).padStart(11)} | ${ms(row.eventLoopDelay.maxMs).padStart(11)} | ${(row.loadAverage[0] ?? 0).toFixed(2).padStart(4)} | ${ms(row.createCpuMs).padStart(13)} | ${ms(row.updateCpuMs).padStart(13)} | ${(row.background ? `${row.background.leases} (${row.background.overdue})` : '-').padStart(10)} |`,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runImportBenchmark({ log: (line) => console.log(line) }).then(
    (figures) => console.log(`\n${formatImportBenchmark(figures)}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
