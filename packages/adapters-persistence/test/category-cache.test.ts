import { connect, createServer, type Socket } from 'node:net';
import type { Category } from '@mostrador/core';
import { aCategory } from '@mostrador/testkit/mothers';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPersistence, type ListenerTiming, type Persistence } from '../src/index.js';
import { createTestDatabase, openPGliteInMemory, openPostgres, resetDatabase, type TestDatabase } from './support/databases.js';
import { sharedPersistence } from './support/shared-persistence.js';

/*
 * The category list cache (ADR 0003, Session 5): every write is seen by the next list, a list that
 * ran concurrently with an uncommitted write is never kept, and on PostgreSQL writes by other
 * connections reach the cache through the trigger's notification (and the cache is bypassed while
 * the listener is disconnected).
 */

const byPosition = (list: readonly Category[]): Category[] => [...list].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));

class PlannedFailure extends Error {}

/** Polls `read` until `done(value)` or the deadline; returns the last value read (the caller asserts on it). */
const pollUntil = async <T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 1_000): Promise<T> => {
  const until = Date.now() + deadlineMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
};

/**
 * Lists until the list is kept: on PostgreSQL the notification of this instance's own last write
 * arrives a moment later and clears the cache once more (harmless), so the first list after a
 * write may not be the one kept.
 */
const cachesSoon = async (p: Persistence): Promise<boolean> =>
  pollUntil(
    async () => {
      await p.uow.repositories.categories.list();
      return p.categoryCache.holding;
    },
    (holding) => holding,
  );

/** Lists until the list has `length` entries (or the poll's deadline): what another connection's write shows. */
const listedSoon = (categories: Persistence['uow']['repositories']['categories'], length: number): Promise<Category[]> =>
  pollUntil(
    () => categories.list(),
    (list) => list.length === length,
  );

/** Waits until the listener is (or is no longer) subscribed; returns whether it is. */
const listenerBecomes = (p: Persistence, listening: boolean, deadlineMs: number): Promise<boolean> =>
  pollUntil(
    async () => p.categoryCache.listening,
    (now) => now === listening,
    deadlineMs,
  );

const ids = (list: readonly Category[]): string[] => list.map((category) => category.id).sort();

const inProcess = (name: 'postgres' | 'pglite', persistence: () => Promise<Persistence>): void => {
  describe(`category list cache (${name})`, () => {
    it('uses the cache once listening, and a save, an update or a delete is seen by the very next list', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      expect(p.categoryCache.listening).toBe(true);
      const first = aCategory({ position: 1 });
      await categories.save(first);
      expect(await categories.list()).toEqual([first]);
      expect(await cachesSoon(p)).toBe(true);
      // A caller cannot change the cached categories (they are frozen), nor the list by changing its array.
      // (On PostgreSQL the notification of the save may clear the cache once more: read until a list comes from it.)
      const mine = await pollUntil(
        () => categories.list(),
        (list) => Object.isFrozen(list[0]),
      );
      expect(Object.isFrozen(mine[0])).toBe(true);
      expect(() => {
        (mine[0] as { name: string }).name = 'cambiado por el llamador';
      }).toThrow(TypeError);
      expect(() => {
        (mine[0]?.translations as Record<string, unknown>).en = { name: 'changed' };
      }).toThrow(TypeError);
      mine.pop();
      expect(await categories.list()).toEqual([first]);

      const second = aCategory({ position: 2 });
      await categories.save(second);
      expect(await categories.list()).toEqual([first, second]);
      const renamed = { ...first, name: 'Renombrada', position: 3 };
      await categories.save(renamed);
      expect(await categories.list()).toEqual([second, renamed]);
      await categories.delete(second.id);
      expect(await categories.list()).toEqual([renamed]);
      // A write in a transaction, once committed, too.
      const third = aCategory({ position: 4 });
      await p.uow.transaction(async (tx) => tx.categories.save(third));
      expect(await categories.list()).toEqual([renamed, third]);
      await p.uow.transaction(async (tx) => tx.categories.delete(renamed.id));
      expect(await categories.list()).toEqual([third]);
    });

    it('a category write through the repositories of a transaction that already ended fails, and does not turn the cache off for good', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      await categories.save(aCategory({ position: 1 }));
      let leaked: Parameters<Parameters<typeof p.uow.transaction>[0]>[0] | null = null;
      await p.uow.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.categories.save(aCategory({ position: 2 }))).rejects.toThrow();
      expect(await cachesSoon(p)).toBe(true);
    });

    it('a list concurrent with an uncommitted category write is not cached; after the commit the next list shows the write', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      const existing = aCategory({ position: 1 });
      await categories.save(existing);
      expect(await categories.list()).toEqual([existing]);
      expect(await cachesSoon(p)).toBe(true);

      const added = aCategory({ position: 2 });
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written: () => void = () => undefined;
      const wrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      const transaction = p.uow.transaction(async (tx) => {
        await tx.categories.save(added);
        // Inside its own transaction the write is visible (never served from the cache).
        expect(ids(await tx.categories.list())).toEqual(ids([existing, added]));
        written();
        await gate;
      });
      await wrote;
      expect(p.categoryCache.holding).toBe(false);
      // PostgreSQL: another connection reads the committed list at once. PGlite: one session, so
      // the read waits for the transaction; either way it must not be kept.
      const concurrent = categories.list();
      if (name === 'postgres') {
        expect(await concurrent).toEqual([existing]);
        expect(p.categoryCache.holding).toBe(false);
        expect(await categories.list()).toEqual([existing]);
        expect(p.categoryCache.holding).toBe(false);
      }
      release();
      await transaction;
      await concurrent;
      expect(p.categoryCache.holding).toBe(false);
      expect(await categories.list()).toEqual([existing, added]);
      expect(await cachesSoon(p)).toBe(true);
      expect(await categories.list()).toEqual([existing, added]);
    });

    it('a rolled-back category write leaves the list as it was, cached or not', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      const kept = aCategory({ position: 1 });
      await categories.save(kept);
      expect(await categories.list()).toEqual([kept]);

      const discarded = aCategory({ position: 2 });
      await expect(
        p.uow.transaction(async (tx) => {
          await tx.categories.save(discarded);
          await tx.categories.save({ ...kept, name: 'No debería quedar' });
          throw new PlannedFailure('rolled back');
        }),
      ).rejects.toBeInstanceOf(PlannedFailure);
      expect(await categories.list()).toEqual([kept]);
      await expect(
        p.uow.transaction(async (tx) => {
          await tx.categories.delete(kept.id);
          throw new PlannedFailure('rolled back');
        }),
      ).rejects.toBeInstanceOf(PlannedFailure);
      expect(await categories.list()).toEqual([kept]);
      expect(await cachesSoon(p)).toBe(true);
      expect(await categories.list()).toEqual([kept]);
    });

    it('a write the database refuses (a taken slug) leaves the cache consistent', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      const first = aCategory({ position: 1 });
      await categories.save(first);
      expect(await categories.list()).toEqual([first]);
      await expect(categories.save(aCategory({ slug: first.slug }))).rejects.toThrow();
      expect(await categories.list()).toEqual([first]);
      expect(await cachesSoon(p)).toBe(true);
    });

    it('a category written by raw SQL on the DataSource (no repository) is seen by a later list', async () => {
      const p = await persistence();
      await resetDatabase(p);
      const { categories } = p.uow.repositories;
      expect(await categories.list()).toEqual([]);
      expect(await cachesSoon(p)).toBe(true);
      await p.dataSource.query(`INSERT INTO categories (id, slug, name, position) VALUES ('raw-1', 'cruda', 'Cruda', 1)`);
      if (name === 'pglite') {
        // One session owns the database: the trigger's notification is handled before the statement returns.
        expect(ids(await categories.list())).toEqual(['raw-1']);
      } else {
        expect(ids(await listedSoon(categories, 1))).toEqual(['raw-1']);
      }
      await p.dataSource.query(`TRUNCATE categories`);
      expect(await listedSoon(categories, 0)).toEqual([]);
    });
  });
};

const pglite = sharedPersistence(openPGliteInMemory);
inProcess('pglite', pglite.get);

const postgres = sharedPersistence(openPostgres);
inProcess('postgres', postgres.get);

describe('category list cache across instances (postgres)', () => {
  const opened: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of opened.reverse()) await close();
  });

  const databaseWithInstance = async (
    timing?: ListenerTiming,
    categoryCache = true,
  ): Promise<{ database: TestDatabase; persistence: Persistence; raw: pg.Client }> => {
    const database = await createTestDatabase();
    opened.push(() => database.drop());
    const persistence = await createPersistence({
      url: database.url,
      ...(timing ? { categoryListenerTiming: timing } : {}),
      ...(categoryCache ? {} : { categoryCache: false }),
    });
    opened.push(() => persistence.close());
    await persistence.migrate();
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    opened.push(() => raw.end());
    return { database, persistence, raw };
  };

  it('a category written by another instance or another connection is seen by the next lists within a short poll', async () => {
    const { database, persistence: p, raw } = await databaseWithInstance();
    const other = await createPersistence({ url: database.url });
    opened.push(() => other.close());
    const { categories } = p.uow.repositories;
    expect(await categories.list()).toEqual([]);
    expect(await cachesSoon(p)).toBe(true);

    const elsewhere = aCategory({ position: 1 });
    await other.uow.repositories.categories.save(elsewhere);
    expect(await listedSoon(categories, 1)).toEqual([elsewhere]);

    const renamed = { ...elsewhere, name: 'Renombrada en otra instancia' };
    await other.uow.transaction(async (tx) => tx.categories.save(renamed));
    expect(
      await pollUntil(
        () => categories.list(),
        (list) => list[0]?.name === renamed.name,
      ),
    ).toEqual([renamed]);

    await raw.query(`INSERT INTO categories (id, slug, name, position) VALUES ('raw-2', 'otra-conexion', 'Otra conexión', 2)`);
    expect(ids(await listedSoon(categories, 2))).toEqual(ids([renamed, { ...renamed, id: 'raw-2' }]));
    await raw.query(`DELETE FROM categories WHERE id = $1`, [renamed.id]);
    expect(ids(await listedSoon(categories, 1))).toEqual(['raw-2']);
    await raw.query(`TRUNCATE categories`);
    expect(await listedSoon(categories, 0)).toEqual([]);
    // And the other instance, whose cache was warm too.
    expect(byPosition(await other.uow.repositories.categories.list())).toEqual([]);
  });

  it('while its listener is disconnected, lists are read from the database (nothing cached) until it reconnects', async () => {
    // A long first reconnection wait keeps the disconnected window open for the assertions.
    const { persistence: p, raw } = await databaseWithInstance({ firstMs: 3_000, maxMs: 5_000 });
    const { categories } = p.uow.repositories;
    expect(await categories.list()).toEqual([]);
    expect(await cachesSoon(p)).toBe(true);

    const terminated = await raw.query<{ done: boolean }>(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'mostrador (category listener)'`,
    );
    expect(terminated.rows).toEqual([{ done: true }]);
    expect(await listenerBecomes(p, false, 5_000)).toBe(false);
    expect(p.categoryCache.holding).toBe(false);

    // No notification can arrive now; every list goes to the database.
    expect(await categories.list()).toEqual([]);
    expect(p.categoryCache.holding).toBe(false);
    await raw.query(`INSERT INTO categories (id, slug, name, position) VALUES ('while-down', 'sin-escucha', 'Sin escucha', 1)`);
    expect(ids(await categories.list())).toEqual(['while-down']);
    expect(p.categoryCache.holding).toBe(false);
    await raw.query(`DELETE FROM categories WHERE id = 'while-down'`);
    expect(await categories.list()).toEqual([]);

    // It reconnects by itself, and caching and invalidation resume.
    expect(await listenerBecomes(p, true, 15_000)).toBe(true);
    expect(await categories.list()).toEqual([]);
    expect(await cachesSoon(p)).toBe(true);
    await raw.query(`INSERT INTO categories (id, slug, name, position) VALUES ('after', 'de-vuelta', 'De vuelta', 1)`);
    expect(ids(await listedSoon(categories, 1))).toEqual(['after']);
  }, 30_000);

  it('a listener connection that goes silent (no close, no answer) is treated as dropped: nothing cached until it reconnects', async () => {
    // A TCP relay to the server that can stop relaying the listener's connection without closing
    // it, as a network partition does; the listener is recognised by its startup message.
    const { database, raw } = await databaseWithInstance();
    const server = new URL(database.url);
    const relays: Array<{ client: Socket; upstream: Socket; listener: boolean }> = [];
    const relay = createServer((client) => {
      const upstream = connect(Number(server.port || 5432), server.hostname);
      const entry = { client, upstream, listener: false };
      relays.push(entry);
      client.once('data', (first: Buffer) => {
        entry.listener = first.includes('mostrador (category listener)');
      });
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    opened.push(async () => {
      for (const { client, upstream } of relays) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    });
    const address = relay.address();
    if (address === null || typeof address === 'string') throw new Error('the relay has no port');
    const viaRelay = new URL(database.url);
    viaRelay.port = String(address.port);
    const p = await createPersistence({
      url: viaRelay.toString(),
      categoryListenerTiming: { firstMs: 100, maxMs: 500, heartbeatMs: 200, heartbeatTimeoutMs: 300 },
    });
    opened.push(() => p.close());
    const { categories } = p.uow.repositories;
    expect(await cachesSoon(p)).toBe(true);

    const silenced = relays.filter((entry) => entry.listener);
    expect(silenced).toHaveLength(1);
    for (const { client, upstream } of silenced) {
      client.unpipe(upstream);
      upstream.unpipe(client);
    }
    // The heartbeat goes unanswered: the listener is dropped and the cache bypassed.
    expect(await listenerBecomes(p, false, 5_000)).toBe(false);
    // It reconnects through a fresh connection, and caching and invalidation resume.
    expect(await listenerBecomes(p, true, 10_000)).toBe(true);
    expect(relays.filter((entry) => entry.listener).length).toBeGreaterThan(1);
    expect(await cachesSoon(p)).toBe(true);
    await raw.query(
      `INSERT INTO categories (id, slug, name, position) VALUES ('after-silence', 'tras-el-silencio', 'Tras el silencio', 1)`,
    );
    expect(ids(await listedSoon(categories, 1))).toEqual(['after-silence']);
  }, 30_000);

  it('with the cache turned off (a pooler in transaction mode), no listener connects and every list reads the database', async () => {
    const { persistence: p, raw } = await databaseWithInstance(undefined, false);
    const listeners = await raw.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mostrador (category listener)'`,
    );
    expect(listeners.rows[0]?.n).toBe(0);
    const { categories } = p.uow.repositories;
    expect(await categories.list()).toEqual([]);
    expect(await categories.list()).toEqual([]);
    expect(p.categoryCache.listening).toBe(false);
    expect(p.categoryCache.holding).toBe(false);
    // Written behind its back by another connection: seen by the very next list.
    await raw.query(
      `INSERT INTO categories (id, slug, name, parent_id, position, translations) VALUES (gen_random_uuid(), 'sin-cache', 'Sin caché', NULL, 1, '{}')`,
    );
    expect((await categories.list()).map((category) => category.slug)).toEqual(['sin-cache']);
  });

  it('closing the persistence closes the listener connection', async () => {
    const { persistence: p, raw } = await databaseWithInstance();
    const count = async (): Promise<number> =>
      (
        await raw.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mostrador (category listener)'`,
        )
      ).rows[0]?.n ?? -1;
    expect(await count()).toBe(1);
    await p.close();
    expect(p.categoryCache.listening).toBe(false);
    expect(await pollUntil(count, (n) => n === 0, 5_000)).toBe(0);
  });
});
