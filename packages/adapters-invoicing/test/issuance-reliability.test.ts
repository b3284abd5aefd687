import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { type InvoicingUseCases, money } from '@mostrador/core';
import { ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki } from '@mostrador/testkit/arca';
import { anOrderLine, aPayment } from '@mostrador/testkit/mothers';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aPaidOrder, directAuthorizer, ISSUER_CUIT, invoicing } from './support/issuance.js';

/*
 * arca.md §6 against the emulator over real HTTP with real persistence, on PostgreSQL (two
 * Persistence instances on one database stand for two app instances) and PGlite (one process):
 * a lost answer, a timeout, 20 orders at once, the shared ticket, a rejection, and a process
 * SIGKILLed between storing the voucher and learning ARCA's answer.
 */

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./support/issue-and-hang.ts', import.meta.url));

let pki: ArcaTestPki;
let signer: ArcaTestSigner;
beforeAll(() => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(ISSUER_CUIT);
});

interface Backend {
  readonly name: 'postgres' | 'pglite';
  /** Two instances (PGlite: the same one twice: one process owns its database). */
  open(): Promise<{ a: Persistence; b: Persistence; childEnv: Record<string, string>; close(): Promise<void> }>;
}

const postgres: Backend = {
  name: 'postgres',
  async open() {
    const name = `mostrador_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const a = await createPersistence({ url: url.toString() });
    await a.migrate();
    const b = await createPersistence({ url: url.toString() });
    return {
      a,
      b,
      childEnv: { ARCA_TEST_DB_URL: url.toString() },
      async close() {
        await a.close();
        await b.close();
        const drop = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      },
    };
  },
};

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'mostrador-arca-'));
    const a = await createPersistence({ dataDir: dir });
    await a.migrate();
    return {
      a,
      b: a,
      childEnv: { ARCA_TEST_DATA_DIR: dir },
      async close() {
        await a.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

describe.each([postgres, pglite])('issuance reliability ($name)', (backend) => {
  let emulator: ArcaEmulator;
  let db: Awaited<ReturnType<Backend['open']>>;
  let a: InvoicingUseCases;
  let b: InvoicingUseCases;
  let child: ChildProcess | null = null;

  const instance = (p: Persistence, timeoutMs?: number) =>
    invoicing({
      uow: p.uow,
      locks: p.locks,
      authorizer: directAuthorizer(emulator, signer, { store: p.accessTickets, locks: p.locks, ...(timeoutMs ? { timeoutMs } : {}) }),
    });

  // One database per backend (creating one is the slow part); emptied before each test.
  beforeAll(async () => {
    db = await backend.open();
  }, 60_000);

  afterAll(async () => {
    await db.a.close();
    await db.b.close();
    await db.close();
  });

  beforeEach(async () => {
    // A crash test closes PGlite for its child; a failed one may leave it closed.
    if (!db.a.dataSource.isInitialized) await reopen();
    emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
    await db.a.dataSource.query('TRUNCATE orders, payments, invoices, outbox, arca_access_tickets');
    a = instance(db.a);
    b = instance(db.b);
  });

  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = null;
    await emulator.stop();
  });

  const numbersAtArca = () => emulator.vouchers(ISSUER_CUIT, 1, 6).map((v) => v.number);

  it('an answer lost after ARCA committed is reconciled: same number, ARCA’s CAE adopted, no duplicate', async () => {
    const order = await aPaidOrder(db.a.uow);
    emulator.injectFault({ kind: 'drop-after-commit', method: 'FECAESolicitar' });
    const outcome = await a.invoiceOrder(order.id);
    expect(outcome.status).toBe('authorized');
    expect(numbersAtArca()).toEqual([1]);
    expect(emulator.callsTo('FECAESolicitar')).toHaveLength(1);
    expect(emulator.callsTo('FECompConsultar')).toHaveLength(1);
    const [invoice] = await db.a.uow.repositories.invoices.listByOrder(order.id);
    expect(invoice).toMatchObject({ status: 'authorized', number: 1, cae: emulator.vouchers(ISSUER_CUIT, 1, 6)[0]?.cae });
    expect((await db.a.uow.repositories.orders.get(order.id))?.status).toBe('invoiced');
  });

  it('a timeout is reconciled, never blindly retried: one voucher at ARCA', async () => {
    const slow = instance(db.a, 200);
    const order = await aPaidOrder(db.a.uow);
    await slow.invoiceOrder((await aPaidOrder(db.a.uow)).id);
    emulator.injectFault({ kind: 'slow', method: 'FECAESolicitar', delayMs: 600 });
    const outcome = await slow.invoiceOrder(order.id);
    expect(outcome.status === 'authorized' && outcome.invoice.number).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(numbersAtArca()).toEqual([1, 2]);
    expect(emulator.vouchers(ISSUER_CUIT, 1, 6)[1]?.total).toBe(100_000);
  });

  it('20 orders paid at once on two instances get consecutive numbers, no gap, no duplicate, and one login', async () => {
    const orders = [];
    for (let i = 0; i < 20; i++) orders.push(await aPaidOrder(db.a.uow, { lines: [anOrderLine({ unitPrice: money(1_000 + i) })] }));
    const outcomes = await Promise.all(orders.map((order, i) => (i % 2 === 0 ? a : b).invoiceOrder(order.id)));
    expect(outcomes.every((o) => o.status === 'authorized')).toBe(true);
    expect(numbersAtArca()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = (await Promise.all(orders.map((o) => db.a.uow.repositories.invoices.listByOrder(o.id)))).flat();
    expect(stored.map((i) => i.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // What each order's voucher says at ARCA is that order's total.
    for (const invoice of stored) expect(emulator.vouchers(ISSUER_CUIT, 1, 6)[invoice.number - 1]?.total).toBe(invoice.totals.total.amount);
    expect(emulator.logins).toBe(1);
    expect(emulator.callsTo('loginCms')).toHaveLength(1);
  });

  it('a rejection leaves the order paid and not invoiced, with ARCA’s reason stored', async () => {
    const order = await aPaidOrder(db.a.uow);
    const past = invoicing({
      uow: db.a.uow,
      locks: db.a.locks,
      clock: { now: () => new Date(Date.now() - 10 * 86_400_000) },
      authorizer: directAuthorizer(emulator, signer, { store: db.a.accessTickets, locks: db.a.locks }),
    });
    expect((await past.invoiceOrder(order.id)).status).toBe('rejected');
    expect((await db.b.uow.repositories.orders.get(order.id))?.status).toBe('paid');
    const [invoice] = await db.b.uow.repositories.invoices.listByOrder(order.id);
    expect(invoice?.status).toBe('rejected');
    expect(invoice?.errors[0]?.code).toBe('10016');
    expect((await db.b.uow.repositories.outbox.pending(10)).map((r) => r.event.type)).toContain('invoice.rejected');
    // The rejected voucher held no number: the next one takes 1.
    expect((await b.invoiceOrder((await aPaidOrder(db.a.uow)).id)).status).toBe('authorized');
    expect(numbersAtArca()).toEqual([1]);
  });

  it('partial refunds credited on two instances at once: one credit note per refund, consecutive, never more than the invoice', async () => {
    const order = await aPaidOrder(db.a.uow);
    expect((await a.invoiceOrder(order.id)).status).toBe('authorized');
    const payment = aPayment({ orderId: order.id, provider: 'cash', amount: order.total, refundedAmount: money(30_000) });
    await db.a.uow.repositories.payments.save(payment);
    // Three deliveries of the refund's event at once, on both instances: one note for $300.00.
    const first = await Promise.all([a.creditOrder(order.id), b.creditOrder(order.id), a.creditOrder(order.id)]);
    expect(first.map((outcome) => outcome.status)).toEqual(['authorized', 'authorized', 'authorized']);
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8).map((note) => [note.number, note.total])).toEqual([[1, 30_000]]);
    // The rest is refunded: the second note credits what is left, $700.00.
    await db.a.uow.repositories.payments.save({ ...payment, status: 'refunded', refundedAmount: order.total });
    await Promise.all([b.creditOrder(order.id), a.creditOrder(order.id)]);
    expect(emulator.vouchers(ISSUER_CUIT, 1, 8).map((note) => [note.number, note.total])).toEqual([
      [1, 30_000],
      [2, 70_000],
    ]);
    const notes = (await db.b.uow.repositories.invoices.listByOrder(order.id)).filter((i) => i.voucherType === 'NOTA_CREDITO_B');
    expect(notes.map((note) => [note.status, note.number, note.totals.total.amount])).toEqual([
      ['authorized', 1, 30_000],
      ['authorized', 2, 70_000],
    ]);
  });

  const runChild = async (mode: 'before' | 'after', orderId: string): Promise<number> => {
    child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, orderId], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...db.childEnv,
        ARCA_WSAA_URL: emulator.wsaaUrl,
        ARCA_WSFE_URL: emulator.wsfeUrl,
        ARCA_CERT: signer.certificatePem,
        ARCA_KEY: signer.privateKeyPem,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    let stderr = '';
    started.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const number = await new Promise<number>((resolve, reject) => {
      started.stdout?.on('data', (chunk) => {
        const match = /HANG (\d+)/.exec(String(chunk));
        if (match) resolve(Number(match[1]));
      });
      started.on('exit', (code) => reject(new Error(`child exited (${code}) before hanging: ${stderr}`)));
    });
    const exited = new Promise((resolve) => started.once('exit', resolve));
    started.kill('SIGKILL');
    await exited;
    return number;
  };

  it.each(['before', 'after'] as const)(
    'a process SIGKILLed %s ARCA authorized its voucher recovers without a gap or a duplicate',
    async (mode) => {
      const first = await aPaidOrder(db.a.uow);
      // PGlite is one process's database: the child may only open it while this process has it closed.
      if (backend.name === 'pglite') await db.a.close();
      const killedAt = await runChild(mode, first.id);
      expect(killedAt).toBe(1);
      if (backend.name === 'pglite') {
        db.a = await reopen();
        a = instance(db.a);
      }
      const [pending] = await db.a.uow.repositories.invoices.listByOrder(first.id);
      expect([pending?.status, pending?.number]).toEqual(['pending', 1]);
      expect(numbersAtArca()).toEqual(mode === 'after' ? [1] : []);

      const second = await aPaidOrder(db.a.uow);
      const next = await a.invoiceOrder(second.id);
      expect(next.status === 'authorized' && next.invoice.number).toBe(2);
      const recovered = await a.invoiceOrder(first.id);
      expect(recovered.status === 'authorized' && recovered.invoice.id).toBe(pending?.id);
      expect(numbersAtArca()).toEqual([1, 2]);
      expect(emulator.vouchers(ISSUER_CUIT, 1, 6)[0]?.cae).toBe(recovered.status === 'authorized' ? recovered.invoice.cae : null);
      expect(emulator.callsTo('FECAESolicitar')).toHaveLength(2);
    },
    // A child process compiling TypeScript and opening a database: slow on a busy machine.
    120_000,
  );

  /** PGlite: reopen the folder (after the child was killed). */
  const reopen = async (): Promise<Persistence> => {
    const persistence = await createPersistence({ dataDir: db.childEnv.ARCA_TEST_DATA_DIR as string });
    db.a = persistence;
    db.b = persistence;
    return persistence;
  };
});
