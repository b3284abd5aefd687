import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { money } from '@mostrador/core';
import { ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki } from '@mostrador/testkit/arca';
import { anOrderLine, aTaxProfile } from '@mostrador/testkit/mothers';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aPaidOrder, directAuthorizer, ISSUER_CUIT, invoicing } from './support/issuance.js';

/*
 * #13 "the ticket shared by two processes without a second login", with two real OS processes:
 * each child (support/ticket-sharing-process.ts) builds its own direct adapter and database ticket
 * store on one PostgreSQL database and talks to the ARCA emulator over HTTP. They are released at
 * the same moment, so both need the WSAA ticket at once. PostgreSQL only: two processes cannot
 * share a PGlite database (one process owns it), which is exactly why the store is in PostgreSQL
 * when there are several instances.
 */

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./support/ticket-sharing-process.ts', import.meta.url));
const ORDERS_PER_PROCESS = 4; // half Facturas A, half Facturas B
const TWELVE_HOURS = 12 * 3_600_000;
/** Two children compiling TypeScript and opening a database: slow on a busy machine. */
const SLOW = 180_000;

interface ChildResult {
  readonly statuses: string[];
  readonly vouchers: (string | null)[];
  readonly tokens: string[];
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);

let pki: ArcaTestPki;
let signer: ArcaTestSigner;
let dbName: string;
let dbUrl: string;
let db: Persistence;
let emulator: ArcaEmulator;
const children: ChildProcess[] = [];

beforeAll(async () => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(ISSUER_CUIT);
  dbName = `mostrador_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  db = await createPersistence({ url: dbUrl });
  await db.migrate();
}, 60_000);

afterAll(async () => {
  await db?.close();
  const drop = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await drop.connect();
  await drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await drop.end();
});

beforeEach(async () => {
  emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
  await db.dataSource.query('TRUNCATE orders, payments, invoices, outbox, arca_access_tickets');
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await emulator.stop();
});

/** Starts a process for these orders; resolves once it is built and waiting for `GO`. */
const startProcess = async (orderIds: string[], clockOffsetMs: number) => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...orderIds], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ARCA_TEST_DB_URL: dbUrl,
      ARCA_TEST_CLOCK_OFFSET_MS: String(clockOffsetMs),
      ARCA_WSAA_URL: emulator.wsaaUrl,
      ARCA_WSFE_URL: emulator.wsfeUrl,
      ARCA_CERT: signer.certificatePem,
      ARCA_KEY: signer.privateKeyPem,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waiting: (() => void)[] = [];
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
    for (const check of waiting) check();
  });
  const seen = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (match) resolve(match);
      };
      waiting.push(check);
      check();
      // Once it has exited, all its output has been read: a pattern not seen by then never comes.
      void exited.then((code) => {
        check();
        reject(new Error(`child exited (${code}) without ${pattern}: ${stderr}`));
      });
    });
  const result = seen(/RESULT (.+)\n/);
  await seen(/READY\n/);
  return {
    go: () => child.stdin?.write('GO\n'),
    result: async (): Promise<ChildResult> => JSON.parse((await result)[1] as string) as ChildResult,
  };
};

/**
 * Two processes released together, each with Facturas A (buyer a Responsable Inscripto) and B. One
 * starts with its A orders, the other with its B orders: their first calls hold different sequence
 * locks, so nothing but the ticket lock stands between them when both need the ticket; then each
 * issues the other type, interleaving with the other process on the same sequences.
 */
const twoProcessesAtOnce = async (clockOffsetMs: number): Promise<[ChildResult, ChildResult]> => {
  const paid = async (type: 'A' | 'B', i: number) =>
    (
      await aPaidOrder(db.uow, {
        lines: [anOrderLine({ unitPrice: money(1_000 + i) })],
        ...(type === 'A' ? { billing: aTaxProfile({ documentNumber: '30500010912' }) } : {}),
      })
    ).id;
  const half = ORDERS_PER_PROCESS / 2;
  const first: string[] = [];
  const second: string[] = [];
  for (let i = 0; i < half; i++) first.push(await paid('A', i));
  for (let i = 0; i < half; i++) first.push(await paid('B', i));
  for (let i = 0; i < half; i++) second.push(await paid('B', half + i));
  for (let i = 0; i < half; i++) second.push(await paid('A', half + i));
  const processes = await Promise.all([startProcess(first, clockOffsetMs), startProcess(second, clockOffsetMs)]);
  for (const instance of processes) instance.go();
  return Promise.all([processes[0].result(), processes[1].result()]);
};

const storedTicketIds = async () =>
  ((await db.dataSource.query('SELECT token FROM arca_access_tickets')) as { token: string }[]).map((row) => tokenId(row.token));

/** Both types numbered consecutively from `fromB` (B) and 1 (A) across the two processes, as ARCA holds them and as stored. */
const expectConsecutive = async (results: ChildResult[], fromB: number) => {
  for (const result of results) expect(result.statuses).toEqual(Array(ORDERS_PER_PROCESS).fill('authorized'));
  const expectedA = Array.from({ length: ORDERS_PER_PROCESS }, (_, i) => 1 + i);
  const expectedB = Array.from({ length: ORDERS_PER_PROCESS }, (_, i) => fromB + i);
  const issued = results.flatMap((result) => result.vouchers);
  const numbersOf = (type: string) =>
    issued
      .filter((v) => v?.startsWith(`${type} `))
      .map((v) => Number(v?.split(' ')[1]))
      .sort((x, y) => x - y);
  expect(numbersOf('FACTURA_A')).toEqual(expectedA);
  expect(numbersOf('FACTURA_B')).toEqual(expectedB);
  expect(emulator.vouchers(ISSUER_CUIT, 1, 1).map((v) => v.number)).toEqual(expectedA);
  expect(emulator.vouchers(ISSUER_CUIT, 1, 6).map((v) => v.number)).toEqual([
    ...Array.from({ length: fromB - 1 }, (_, i) => i + 1),
    ...expectedB,
  ]);
  const stored = (await db.dataSource.query(
    "SELECT voucher_type, number FROM invoices WHERE status = 'authorized' ORDER BY voucher_type, number",
  )) as { voucher_type: string; number: number }[];
  expect(stored.filter((row) => row.voucher_type === 'FACTURA_A').map((row) => Number(row.number))).toEqual(expectedA);
  expect(stored.filter((row) => row.voucher_type === 'FACTURA_B').map((row) => Number(row.number))).toEqual([
    ...Array.from({ length: fromB - 1 }, (_, i) => i + 1),
    ...expectedB,
  ]);
};

describe('the WSAA ticket shared by two OS processes (PostgreSQL)', () => {
  it(
    'two processes that need a ticket at the same moment log in once and both use that ticket; consecutive numbers',
    async () => {
      const results = await twoProcessesAtOnce(0);
      expect(emulator.callsTo('loginCms')).toHaveLength(1);
      expect(emulator.logins).toBe(1);
      const [ticket] = await storedTicketIds();
      expect(results.map((result) => result.tokens)).toEqual([[ticket], [ticket]]);
      await expectConsecutive(results, 1);
    },
    SLOW,
  );

  it.each([
    { when: 'near expiry (5 minutes left, ARCA grants the renewal)', advanceMs: TWELVE_HOURS - 5 * 60_000, grants: true },
    { when: 'expired', advanceMs: TWELVE_HOURS + 60_000, grants: false },
  ])(
    'a stored ticket $when is renewed once under the lock by one process; the other re-reads it',
    async ({ advanceMs, grants }) => {
      // An earlier instance logged in and issued voucher 1; its ticket is in the database.
      const earlier = invoicing({
        uow: db.uow,
        locks: db.locks,
        clock: { now: () => emulator.now() },
        authorizer: directAuthorizer(emulator, signer, { store: db.accessTickets, locks: db.locks }),
      });
      expect((await earlier.invoiceOrder((await aPaidOrder(db.uow)).id)).status).toBe('authorized');
      const [old] = await storedTicketIds();
      expect(emulator.logins).toBe(1);

      emulator.advanceTime(advanceMs);
      // Near expiry ARCA would answer coe.alreadyAuthenticated (tested in direct-adapter.test.ts);
      // here the emulator grants the early renewal, as once the old ticket has gone.
      if (grants) emulator.setRefuseWhileTicketValid(false);
      const results = await twoProcessesAtOnce(advanceMs);

      expect(emulator.callsTo('loginCms')).toHaveLength(2);
      expect(emulator.logins).toBe(2);
      const [renewed] = await storedTicketIds();
      expect(renewed).not.toBe(old);
      expect(results.map((result) => result.tokens)).toEqual([[renewed], [renewed]]);
      await expectConsecutive(results, 2);
    },
    SLOW,
  );
});
