import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planDemoCatalog, type SeedProgress, type SeedReport, seedDemoCatalog } from '../src/demo/seed.js';
import { UuidV7Generator } from '../src/node-services.js';
import { runCli } from './cli-process.js';
import { createTestDatabase } from './support/postgres-database.js';

/*
 * The demo seed is all or nothing: interrupted at any point it leaves no category, product or
 * stock movement, only content-addressed images that the next seed reuses; the next seed
 * completes the catalog and a further one changes nothing. Real databases: PGlite and PostgreSQL,
 * in process (a failure thrown mid-seed) and in a child process killed with SIGKILL mid-seed.
 */

const PLAN = planDemoCatalog(new Date());
const SLUGS = PLAN.map((category) => category.slug).sort();
const PRODUCTS = PLAN.flatMap((category) => category.products);
const SKUS = PRODUCTS.map((product) => product.sku).sort();
const STOCKED = PRODUCTS.filter((product) => product.stockOnHand > 0).length;

// ---- databases -------------------------------------------------------------------------------

type Kind = 'pglite' | 'postgres';

/** A migrated database of the kind, and how to throw it away. */
const openDatabase = async (kind: Kind): Promise<{ persistence: Persistence; dispose(): Promise<void> }> => {
  const database = kind === 'postgres' ? await createTestDatabase('mostrador_seed') : null;
  const persistence = await createPersistence(database ? { url: database.url } : { dataDir: ':memory:' });
  await persistence.migrate();
  return {
    persistence,
    dispose: async () => {
      await persistence.close();
      await database?.drop();
    },
  };
};

const seed = (persistence: Persistence, onProgress?: (progress: SeedProgress) => void): Promise<SeedReport> =>
  seedDemoCatalog({
    images: persistence.images,
    uow: persistence.uow,
    ids: new UuidV7Generator(),
    now: new Date(),
    ...(onProgress ? { onProgress } : {}),
  });

class InjectedCrash extends Error {}

/** A seed that throws (as a crash would stop it) right after step `done` of `phase`. */
const seedFailingAt = (persistence: Persistence, phase: SeedProgress['phase'], done: number): Promise<SeedReport> =>
  seed(persistence, (progress) => {
    if (progress.phase === phase && progress.done === done) throw new InjectedCrash(`stopped after ${done} ${phase}`);
  });

// ---- what the database holds -----------------------------------------------------------------

interface CatalogState {
  readonly seeded: unknown;
  readonly slugs: string[];
  readonly skus: string[];
  readonly movements: { total: number; products: number; initial: number };
  /** Image ids the products refer to, once each, sorted. */
  readonly referencedImages: string[];
  readonly productsWithOneImage: number;
  readonly images: { id: string; png: boolean }[];
}

const catalogState = async ({ dataSource, uow }: Persistence): Promise<CatalogState> => {
  const slugs = (await dataSource.query<{ slug: string }[]>('SELECT slug FROM categories ORDER BY slug COLLATE "C"')).map(
    (row) => row.slug,
  );
  const skus = (await dataSource.query<{ sku: string }[]>('SELECT sku FROM products ORDER BY sku COLLATE "C"')).map((row) => row.sku);
  const [movements] = await dataSource.query<CatalogState['movements'][]>(
    `SELECT count(*)::int AS total, count(DISTINCT product_id)::int AS products,
            count(*) FILTER (WHERE reason = 'initial')::int AS initial FROM stock_movements`,
  );
  const referenced = await dataSource.query<{ id: string }[]>(
    `SELECT DISTINCT image->>'id' AS id FROM products, jsonb_array_elements(images) AS image ORDER BY 1`,
  );
  const [{ count: productsWithOneImage }] = (await dataSource.query(
    'SELECT count(*)::int AS count FROM products WHERE jsonb_array_length(images) = 1',
  )) as [{ count: number }];
  const images = await dataSource.query<{ id: string; png: boolean }[]>(
    `SELECT id, mime_type = 'image/png' AND substring(bytes FROM 2 FOR 3) = 'PNG'::bytea AS png FROM images ORDER BY id COLLATE "C"`,
  );
  return {
    seeded: await uow.repositories.settings.get('demo.seeded'),
    slugs,
    skus,
    movements: movements!,
    referencedImages: referenced.map((row) => row.id).sort(),
    productsWithOneImage,
    images,
  };
};

/** Every row of the tables the seed writes, digested: equal digests, nothing changed. */
const digest = async ({ dataSource }: Persistence): Promise<Record<string, string>> => {
  const digests: Record<string, string> = {};
  for (const table of ['categories', 'products', 'stock_movements', 'images', 'settings']) {
    const [row] = await dataSource.query<{ digest: string }[]>(
      `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
    );
    digests[table] = row!.digest;
  }
  return digests;
};

const expectNoCatalog = (state: CatalogState): void => {
  expect(state.seeded).toBeNull();
  expect(state.slugs).toEqual([]);
  expect(state.skus).toEqual([]);
  expect(state.movements.total).toBe(0);
};

/** The whole demo catalog, each product and category once, every image there and none extra. */
const expectCompleteCatalog = (state: CatalogState): void => {
  expect(state.seeded).toBe(true);
  expect(state.slugs).toEqual(SLUGS);
  expect(state.skus).toEqual(SKUS);
  expect(state.movements).toEqual({ total: STOCKED, products: STOCKED, initial: STOCKED });
  // One picture per product, each its own (the demo's 215 pictures all differ).
  expect(state.productsWithOneImage).toBe(SKUS.length);
  expect(state.referencedImages).toHaveLength(SKUS.length);
  expect(state.images.map((image) => image.id)).toEqual(state.referencedImages);
  expect(state.images.every((image) => image.png)).toBe(true);
};

// ---- in process: a failure thrown mid-seed, on both databases ---------------------------------

describe.each(['pglite', 'postgres'] as const)('the demo seed on %s, stopped mid-way in process', (kind) => {
  let database: Awaited<ReturnType<typeof openDatabase>>;
  let persistence: Persistence;
  beforeAll(async () => {
    database = await openDatabase(kind);
    persistence = database.persistence;
  });
  afterAll(() => database?.dispose());
  // Each test starts from an empty, migrated database.
  beforeEach(() => persistence.dataSource.query('TRUNCATE categories, products, stock_movements, images, settings'));

  it('stopped in the catalog transaction, it leaves no catalog; the next seed completes it and a third changes nothing', async () => {
    await expect(seedFailingAt(persistence, 'catalog', 100)).rejects.toBeInstanceOf(InjectedCrash);
    const stopped = await catalogState(persistence);
    expectNoCatalog(stopped);
    // The images went in first (they cannot join the transaction), under ids derived from their bytes.
    const storedImages = stopped.images.map((image) => image.id);
    expect(storedImages).toHaveLength(SKUS.length);

    expect(await seed(persistence)).toEqual({ seeded: true, categories: SLUGS.length, products: SKUS.length });
    const seeded = await catalogState(persistence);
    expectCompleteCatalog(seeded);
    expect(seeded.images.map((image) => image.id)).toEqual(storedImages);

    const before = await digest(persistence);
    expect(await seed(persistence)).toEqual({ seeded: false, categories: 0, products: 0 });
    expect(await digest(persistence)).toEqual(before);
  }, 120_000);

  it('stopped while storing images, the next seed reuses those images and stores none twice', async () => {
    await expect(seedFailingAt(persistence, 'images', 40)).rejects.toBeInstanceOf(InjectedCrash);
    const stopped = await catalogState(persistence);
    expectNoCatalog(stopped);
    expect(stopped.images).toHaveLength(40);

    await seed(persistence);
    const seeded = await catalogState(persistence);
    expectCompleteCatalog(seeded);
    for (const image of stopped.images) expect(seeded.referencedImages).toContain(image.id);
  }, 120_000);

  it('two seeds at once: one writes the catalog, the other finds it written; one catalog', async () => {
    const reports = await Promise.all([seed(persistence), seed(persistence)]);
    expect(reports.map((report) => report.seeded).sort()).toEqual([false, true]);
    expectCompleteCatalog(await catalogState(persistence));
  }, 120_000);

  it('completes a catalog half written by an earlier seed that left no "seeded" mark, keeping what is there', async () => {
    // What the seed before this fix left when it was killed: the first category and some of
    // its products, each with its own randomly named image, and no mark.
    const { repositories } = persistence.uow;
    const first = PLAN[0]!;
    await repositories.categories.save({
      id: 'legacy-category',
      slug: first.slug,
      name: first.name,
      parentId: null,
      position: 0,
      translations: first.translations,
    });
    const kept = first.products.slice(0, 5);
    for (const [index, product] of kept.entries()) {
      const imageId = await persistence.images.put(new Uint8Array([0x89, 0x50, 0x4e, 0x47, index]), 'image/png');
      await repositories.products.save({
        id: `legacy-product-${index}`,
        sku: product.sku,
        name: product.name,
        description: product.description,
        categoryId: 'legacy-category',
        attributes: product.attributes,
        images: [{ id: imageId, mimeType: 'image/png' }],
        price: product.price,
        vatRate: product.vatRate,
        stockOnHand: product.stockOnHand,
        reserved: 0,
        discount: product.discount,
        active: true,
        translations: product.translations,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    }

    expect((await seed(persistence)).seeded).toBe(true);
    const seeded = await catalogState(persistence);
    expect(seeded.seeded).toBe(true);
    expect(seeded.slugs).toEqual(SLUGS);
    expect(seeded.skus).toEqual(SKUS);
    // No image stored for the products that were already there: none is left unreferenced.
    expect(seeded.images.map((image) => image.id)).toEqual(seeded.referencedImages);
    const rows = await persistence.dataSource.query<{ id: string; category_id: string }[]>(
      'SELECT id, category_id FROM products WHERE sku = ANY($1) ORDER BY id',
      [kept.map((product) => product.sku)],
    );
    expect(rows).toEqual(kept.map((_, index) => ({ id: `legacy-product-${index}`, category_id: 'legacy-category' })));
    const [{ count }] = (await persistence.dataSource.query('SELECT count(*)::int AS count FROM products WHERE category_id = $1', [
      'legacy-category',
    ])) as [{ count: number }];
    expect(count).toBe(first.products.length);
  }, 120_000);
});

// ---- a real crash: the seed's process killed with SIGKILL --------------------------------------

const crashingSeed = fileURLToPath(new URL('./crashing-seed.ts', import.meta.url));

/** Runs crashing-seed.ts, which kills itself after step `done` of `phase`; resolves with its output. */
const killSeedAt = (env: Record<string, string>, phase: SeedProgress['phase'], done: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', crashingSeed, phase, String(done)], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(output) : reject(new Error(`the seed was not killed (exit ${code}):\n${output}`)),
    );
  });

const inspect = async <T>(options: { url: string } | { dataDir: string }, look: (persistence: Persistence) => Promise<T>): Promise<T> => {
  const persistence = await createPersistence(options);
  try {
    return await look(persistence);
  } finally {
    await persistence.close();
  }
};

describe('a seed process killed mid-way (SIGKILL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-seed-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('on the embedded database, killed twice, `mostrador demo` then starts with the whole catalog and the configured owner password', async () => {
    const env = { MOSTRADOR_DATA_DIR: dataDir };
    const database = { dataDir: join(dataDir, 'db') };
    expect(await killSeedAt(env, 'images', 60)).toContain('killing the seed after 60 of');
    expect(await killSeedAt(env, 'catalog', 150)).toContain(`killing the seed after 150 of ${SKUS.length} catalog`);
    const killed = await inspect(database, catalogState);
    expectNoCatalog(killed);
    expect(killed.images).toHaveLength(SKUS.length);

    const demo = runCli(['demo'], { ...env, PORT: '0', LOG_LEVEL: 'info', DEMO_OWNER_PASSWORD: 'seed-crash-test-password' });
    try {
      await demo.waitFor(/Owner login: +owner@demo\.local \/ seed-crash-test-password/, 120_000);
      expect(demo.output()).toContain(`seeded the demo catalog: ${SKUS.length} products in ${SLUGS.length} categories`);
    } finally {
      demo.child.kill('SIGTERM');
    }
    expect(await demo.exited(), demo.output()).toBe(0);
    expectCompleteCatalog(await inspect(database, catalogState));
  }, 240_000);

  it('on PostgreSQL, killed twice, `mostrador seed` then seeds the whole catalog, and a second run changes nothing', async () => {
    const database = await createTestDatabase('mostrador_seed');
    try {
      const env = { DATABASE_URL: database.url };
      expect(await killSeedAt(env, 'images', 60)).toContain('killing the seed after 60 of');
      expect(await killSeedAt(env, 'catalog', 150)).toContain(`killing the seed after 150 of ${SKUS.length} catalog`);
      const killed = await inspect({ url: database.url }, catalogState);
      expectNoCatalog(killed);
      expect(killed.images).toHaveLength(SKUS.length);

      const first = runCli(['seed'], { ...env, LOG_LEVEL: 'info' });
      expect(await first.exited(), first.output()).toBe(0);
      expect(first.output()).toContain(`seeded ${SKUS.length} products`);
      const seeded = await inspect({ url: database.url }, async (persistence) => ({
        state: await catalogState(persistence),
        digest: await digest(persistence),
      }));
      expectCompleteCatalog(seeded.state);

      const second = runCli(['seed'], { ...env, LOG_LEVEL: 'info' });
      expect(await second.exited(), second.output()).toBe(0);
      expect(second.output()).toContain('the demo catalog was already seeded');
      expect(await inspect({ url: database.url }, digest)).toEqual(seeded.digest);
    } finally {
      await database.drop();
    }
  }, 240_000);
});
