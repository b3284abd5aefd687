import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationStoreContract, imageStoreContract, productSearchContract, repositoriesContract } from '@mostrador/testkit/contracts';
import { anOrder, aProduct } from '@mostrador/testkit/mothers';
import { describe, expect, it } from 'vitest';
import { type buildPersistence, createPersistence, type Persistence } from '../src/index.js';
import { openPGliteInMemory, resetDatabase } from './support/databases.js';
import { sharedPersistence } from './support/shared-persistence.js';
import { persistenceSpecifics } from './support/specifics.js';

// One in-memory PGlite for this file (creating one costs seconds), emptied before each test.
const shared = sharedPersistence(openPGliteInMemory);

repositoriesContract(shared.factory, { name: 'pglite' });
productSearchContract(shared.factory, { name: 'pglite' });
imageStoreContract(async () => (await shared.get()).images, { name: 'pglite' });
conversationStoreContract(async () => (await shared.get()).uow.repositories.conversations, { name: 'pglite' });
persistenceSpecifics('pglite', shared.get);

/** Lets other queued work run (a few macrotask turns). */
const yieldTurns = async (turns = 5): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('serialized PGlite pool', () => {
  const pool = (p: Persistence) => {
    const opened = (p as ReturnType<typeof buildPersistence>).connection.pglitePool();
    if (!opened) throw new Error('no PGlite pool');
    return opened;
  };

  it('lends its one connection to one transaction at a time: the others queue', async () => {
    const p = await shared.get();
    await resetDatabase(p);
    const before = pool(p).getStats();
    const order = anOrder();
    let inside = 0;
    let mostInside = 0;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        p.uow.transaction(async (tx) => {
          inside += 1;
          mostInside = Math.max(mostInside, inside);
          if (i === 0) await tx.orders.save(order);
          await new Promise<void>((resolve) => setImmediate(resolve));
          inside -= 1;
        }),
      ),
    );
    expect(mostInside).toBe(1);
    const after = pool(p).getStats();
    expect(after.leases - before.leases).toBeGreaterThanOrEqual(6);
    expect(after.maxWaiting).toBeGreaterThanOrEqual(1);
    expect(after).toMatchObject({ busy: false, waiting: 0 });
    expect(await p.uow.repositories.orders.get(order.id)).toEqual(order);
  });

  it('fails fast, instead of deadlocking, when a transaction uses the autocommit repositories', async () => {
    const p = await shared.get();
    await resetDatabase(p);
    const product = aProduct();
    const error = await p.uow
      .transaction(async (tx) => {
        await tx.products.save(product);
        await p.uow.repositories.products.get(product.id);
      })
      .catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/single connection/);
    expect(await p.uow.repositories.products.get(product.id)).toBeNull();
  });

  it('whenQuiet (between slices of a bulk write) lets queued and follow-up statements go first, and is bounded', async () => {
    const p = await shared.get();
    await resetDatabase(p);
    const steps: string[] = [];
    let releaseHolder!: () => void;
    const holding = p.uow.transaction(async (tx) => {
      await tx.products.get(aProduct().id);
      await new Promise<void>((resolve) => {
        releaseHolder = resolve;
      });
      steps.push('holder done');
    });
    await yieldTurns();
    // A request: three statements one after another, each issued a turn after the previous one ended.
    const request = (async () => {
      for (const n of [1, 2, 3]) {
        await p.uow.repositories.products.get(aProduct().id);
        steps.push(`request statement ${n}`);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    const quiet = pool(p)
      .whenQuiet(250, 60_000)
      .then(() => steps.push('quiet'));
    await yieldTurns();
    expect(steps).toEqual([]);
    releaseHolder();
    await Promise.all([holding, request, quiet]);
    expect(steps).toEqual(['holder done', 'request statement 1', 'request statement 2', 'request statement 3', 'quiet']);

    // Bounded: a connection that stays busy does not hold bulk work back for longer than asked.
    let releaseAgain!: () => void;
    const busy = p.uow.transaction(
      () =>
        new Promise<void>((resolve) => {
          releaseAgain = resolve;
        }),
    );
    await yieldTurns();
    await pool(p).whenQuiet(4, 30);
    expect(pool(p).getStats().busy).toBe(true);
    releaseAgain();
    await busy;
  });

  it('the embedded unit of work writes bulk rows in slices of 250, and between slices waits while a request holds the connection', async () => {
    const p = await shared.get();
    expect(p.uow.bulkWriteRows).toBe(250);
    const yieldBetweenSlices = p.uow.yieldBetweenSlices;
    if (!yieldBetweenSlices) throw new Error('the embedded unit of work does not yield between slices');
    const steps: string[] = [];
    let release!: () => void;
    const request = p.uow
      .transaction(
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
          }),
      )
      .then(() => steps.push('request done'));
    await yieldTurns();
    const slice = yieldBetweenSlices().then(() => steps.push('next slice'));
    await yieldTurns();
    expect(steps).toEqual([]);
    release();
    await Promise.all([request, slice]);
    expect(steps).toEqual(['request done', 'next slice']);
  });

  it('repositories of an ended transaction refuse to work', async () => {
    const p = await shared.get();
    await resetDatabase(p);
    let leaked: Parameters<Parameters<typeof p.uow.transaction>[0]>[0] | null = null;
    await p.uow.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.products.get(aProduct().id)).rejects.toThrow();
  });
});

describe('PGlite in a data folder', () => {
  it('creates the folder, and a reopened database finds the committed data', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mostrador-pglite-'));
    const dataDir = join(root, 'nested', 'db');
    try {
      const product = aProduct({ name: 'Persistente' });
      const first = await createPersistence({ dataDir });
      try {
        expect(first.kind).toBe('pglite');
        await first.migrate();
        await first.uow.transaction(async (tx) => tx.products.save(product));
      } finally {
        await first.close();
      }
      const reopened = await createPersistence({ dataDir });
      try {
        expect(await reopened.migrate()).toEqual([]);
        expect(await reopened.uow.repositories.products.get(product.id)).toEqual(product);
        expect((await reopened.search.search({ text: 'persistente' }, { offset: 0, limit: 5 })).items.map((hit) => hit.product.id)).toEqual(
          [product.id],
        );
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
