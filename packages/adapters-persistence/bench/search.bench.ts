/**
 * Search benchmark: PostgresProductSearch (full text + trigram) against a plain
 * `name ILIKE '%term%'` query on the same table, in the same run, on PostgreSQL and on PGlite.
 *
 *   npx tsx packages/adapters-persistence/bench/search.bench.ts
 *
 * Environment: BENCH_DATABASE_URL (or TEST_DATABASE_URL; default postgres://postgres@127.0.0.1:5432/test)
 * names the server where a fresh `mostrador_bench_<random>` database is created and dropped;
 * BENCH_PRODUCTS (default 100000) and BENCH_PGLITE_PRODUCTS size the catalogs; by default
 * PGlite (WebAssembly, one thread, loads ~2.5x slower) gets as many products as PostgreSQL when
 * PostgreSQL loaded its products in at most 30 s, 50000 up to 60 s, else 30000: the run stays
 * within ~5 minutes on a busy 2-core machine. The table prints the counts used.
 * BENCH_QUERIES (default 200) distinct queries, each searched BENCH_ROUNDS times (default 3), every
 * round with a fresh search object (its word cache empty): 600 samples behind each percentile,
 * 150 per query kind, where 200 made a p99 the single slowest query of its kind. BENCH_KEEP_DATABASE=1 keeps the PostgreSQL database (to EXPLAIN its
 * queries); drop it afterwards.
 * Not a test: it prints a table, and `runSearchBenchmark()` returns the figures.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPersistence, type Persistence, PostgresProductSearch } from '../src/index.js';

// ---------------------------------------------------------------------------------------------
// A deterministic catalog of Argentine shop products (Spanish names, English translations).

/** Mulberry32: small, fast, seedable; the same catalog and queries on every run. */
const randomGenerator = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

type Pair = readonly [es: string, en: string];

interface Department {
  readonly slug: string;
  readonly nouns: readonly Pair[];
  readonly qualifiers: readonly Pair[];
  readonly brands: readonly string[];
  readonly sizes: readonly string[];
  readonly priceRange: readonly [number, number];
}

const DEPARTMENTS: readonly Department[] = [
  {
    slug: 'herramientas',
    nouns: [
      ['Taladro', 'Drill'],
      ['Amoladora', 'Angle grinder'],
      ['Martillo', 'Hammer'],
      ['Destornillador', 'Screwdriver'],
      ['Llave francesa', 'Adjustable wrench'],
      ['Sierra circular', 'Circular saw'],
      ['Pinza', 'Pliers'],
      ['Cinta métrica', 'Tape measure'],
      ['Nivel', 'Spirit level'],
      ['Atornillador', 'Power screwdriver'],
      ['Lijadora', 'Sander'],
      ['Soldadora', 'Welder'],
      ['Mecha', 'Drill bit'],
      ['Serrucho', 'Hand saw'],
      ['Escalera', 'Ladder'],
      ['Caja de herramientas', 'Toolbox'],
    ],
    qualifiers: [
      ['percutor', 'hammer'],
      ['inalámbrico', 'cordless'],
      ['profesional', 'professional'],
      ['de carpintero', 'carpenter'],
      ['de acero', 'steel'],
      ['eléctrico', 'electric'],
      ['magnético', 'magnetic'],
      ['compacto', 'compact'],
    ],
    brands: ['Bosch', 'Black+Decker', 'Stanley', 'Makita', 'DeWalt', 'Gamma', 'Dowen Pagio', 'Tramontina'],
    sizes: ['650W', '13 mm', '1/2"', '18V', '5 m', '3 peldaños', '750W', '8 mm'],
    priceRange: [2_500_00, 250_000_00],
  },
  {
    slug: 'ropa',
    nouns: [
      ['Remera', 'T-shirt'],
      ['Camisa', 'Shirt'],
      ['Pantalón', 'Trousers'],
      ['Buzo', 'Sweatshirt'],
      ['Campera', 'Jacket'],
      ['Zapatillas', 'Sneakers'],
      ['Medias', 'Socks'],
      ['Gorra', 'Cap'],
      ['Bufanda', 'Scarf'],
      ['Vestido', 'Dress'],
      ['Pollera', 'Skirt'],
      ['Bermuda', 'Shorts'],
      ['Jean', 'Jeans'],
      ['Chomba', 'Polo shirt'],
      ['Ojotas', 'Flip-flops'],
    ],
    qualifiers: [
      ['de algodón', 'cotton'],
      ['de lana', 'wool'],
      ['deportiva', 'sports'],
      ['estampada', 'printed'],
      ['lisa', 'plain'],
      ['impermeable', 'waterproof'],
      ['de jean', 'denim'],
      ['oversize', 'oversized'],
      ['azul', 'blue'],
      ['negra', 'black'],
      ['roja', 'red'],
    ],
    brands: ['Topper', 'Adidas', 'Nike', 'Puma', 'Kappa', 'Levi’s', 'Cheeky', 'Mimo', 'Rip Curl'],
    sizes: ['talle S', 'talle M', 'talle L', 'talle XL', 'talle 38', 'talle 40', 'talle 42', 'talle 44'],
    priceRange: [3_000_00, 180_000_00],
  },
  {
    slug: 'almacen',
    nouns: [
      ['Yerba mate', 'Yerba mate tea'],
      ['Dulce de leche', 'Milk caramel spread'],
      ['Aceite de girasol', 'Sunflower oil'],
      ['Arroz', 'Rice'],
      ['Fideos', 'Pasta'],
      ['Harina', 'Flour'],
      ['Azúcar', 'Sugar'],
      ['Café', 'Coffee'],
      ['Galletitas', 'Cookies'],
      ['Alfajores', 'Alfajores'],
      ['Mermelada', 'Jam'],
      ['Polenta', 'Cornmeal'],
      ['Lentejas', 'Lentils'],
      ['Atún', 'Tuna'],
      ['Tomate triturado', 'Crushed tomatoes'],
    ],
    qualifiers: [
      ['orgánico', 'organic'],
      ['sin TACC', 'gluten free'],
      ['integral', 'wholegrain'],
      ['light', 'light'],
      ['clásico', 'classic'],
      ['con palo', 'with stems'],
      ['tostado', 'roasted'],
      ['de campo', 'farmhouse'],
    ],
    brands: ['Taragüí', 'La Serenísima', 'Natura', 'Gallo', 'Lucchetti', 'Blancaflor', 'Ledesma', 'La Virginia', 'Havanna', 'Arcor'],
    sizes: ['1 kg', '500 g', '900 ml', '1,5 l', '250 g', 'pack x 6', '2 kg', '400 g'],
    priceRange: [500_00, 25_000_00],
  },
  {
    slug: 'electronica',
    nouns: [
      ['Auriculares', 'Headphones'],
      ['Parlante', 'Speaker'],
      ['Cargador', 'Charger'],
      ['Cable USB', 'USB cable'],
      ['Mouse', 'Mouse'],
      ['Teclado', 'Keyboard'],
      ['Monitor', 'Monitor'],
      ['Notebook', 'Laptop'],
      ['Tablet', 'Tablet'],
      ['Celular', 'Mobile phone'],
      ['Smart TV', 'Smart TV'],
      ['Cámara de fotos', 'Photo camera'],
      ['Pendrive', 'USB flash drive'],
      ['Router', 'Router'],
      ['Lámpara LED', 'LED lamp'],
    ],
    qualifiers: [
      ['inalámbrico', 'wireless'],
      ['bluetooth', 'bluetooth'],
      ['gamer', 'gaming'],
      ['portátil', 'portable'],
      ['recargable', 'rechargeable'],
      ['4K', '4K'],
      ['con micrófono', 'with microphone'],
      ['USB-C', 'USB-C'],
    ],
    brands: ['Samsung', 'Motorola', 'Philips', 'Noblex', 'BGH', 'Logitech', 'JBL', 'Xiaomi', 'Lenovo', 'TP-Link'],
    sizes: ['32"', '50"', '64 GB', '128 GB', '1 m', '2 m', '20W', '10000 mAh'],
    priceRange: [5_000_00, 1_500_000_00],
  },
  {
    slug: 'hogar',
    nouns: [
      ['Sartén', 'Frying pan'],
      ['Olla', 'Pot'],
      ['Cuchillo', 'Knife'],
      ['Juego de sábanas', 'Bed sheet set'],
      ['Toalla', 'Towel'],
      ['Almohada', 'Pillow'],
      ['Mate', 'Mate gourd'],
      ['Termo', 'Vacuum flask'],
      ['Vaso', 'Glass'],
      ['Plato', 'Plate'],
      ['Silla', 'Chair'],
      ['Mesa', 'Table'],
      ['Cortina', 'Curtain'],
      ['Ventilador', 'Fan'],
      ['Estufa', 'Heater'],
    ],
    qualifiers: [
      ['antiadherente', 'non-stick'],
      ['de acero inoxidable', 'stainless steel'],
      ['de madera', 'wooden'],
      ['de vidrio', 'glass'],
      ['de algodón', 'cotton'],
      ['plegable', 'folding'],
      ['térmico', 'thermal'],
      ['de cerámica', 'ceramic'],
    ],
    brands: ['Tramontina', 'Hudson', 'Stanley', 'Atma', 'Liliana', 'Peabody', 'Arredo', 'Carol'],
    sizes: ['24 cm', '28 cm', '1 l', '2 plazas', 'x 6 unidades', '50 x 70 cm', '16"', '1,2 m'],
    priceRange: [1_500_00, 300_000_00],
  },
  {
    slug: 'jardin',
    nouns: [
      ['Manguera', 'Garden hose'],
      ['Tijera de podar', 'Pruning shears'],
      ['Maceta', 'Flower pot'],
      ['Cortadora de césped', 'Lawn mower'],
      ['Pala', 'Shovel'],
      ['Rastrillo', 'Rake'],
      ['Regadera', 'Watering can'],
      ['Tierra fértil', 'Potting soil'],
      ['Semillas', 'Seeds'],
      ['Parrilla', 'Barbecue grill'],
    ],
    qualifiers: [
      ['reforzada', 'reinforced'],
      ['extensible', 'extendable'],
      ['de plástico', 'plastic'],
      ['de hierro', 'iron'],
      ['eléctrica', 'electric'],
      ['a nafta', 'petrol'],
    ],
    brands: ['Gamma', 'Tramontina', 'Gardena', 'Niwa', 'Black+Decker'],
    sizes: ['15 m', '25 m', '20 l', '50 l', '1200W', '40 cm'],
    priceRange: [1_000_00, 400_000_00],
  },
];

interface GeneratedProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly nameEn: string;
  readonly brand: string;
  readonly price: number;
  readonly stock: number;
  readonly discountBasisPoints: number | null;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const generateProduct = (random: () => number, index: number): GeneratedProduct => {
  const department = DEPARTMENTS[index % DEPARTMENTS.length]!;
  const [nounEs, nounEn] = pick(random, department.nouns);
  const [qualifierEs, qualifierEn] = pick(random, department.qualifiers);
  const brand = pick(random, department.brands);
  const size = pick(random, department.sizes);
  const [low, high] = department.priceRange;
  const price = Math.round((low + random() * (high - low)) / 100) * 100;
  return {
    id: `bench-${index.toString(36).padStart(6, '0')}`,
    sku: `${department.slug.slice(0, 3).toUpperCase()}-${index.toString().padStart(6, '0')}`,
    name: `${nounEs} ${qualifierEs} ${brand} ${size}`,
    description: `${nounEs} ${qualifierEs} marca ${brand}, ${size}. Garantía oficial, envío a todo el país.`,
    nameEn: `${qualifierEn} ${nounEn} ${brand} ${size}`,
    brand,
    price,
    stock: random() < 0.15 ? 0 : Math.floor(random() * 200),
    discountBasisPoints: random() < 0.2 ? pick(random, [500, 1000, 1500, 2000, 3000]) : null,
  };
};

// ---------------------------------------------------------------------------------------------
// Queries users type: exact words, plurals and upper case, typos, English.

interface BenchQuery {
  readonly kind: 'exact' | 'plural/upper' | 'typo' | 'english';
  readonly text: string;
}

const plural = (word: string): string => (/[aeiouáéíóú]$/i.test(word) ? `${word}s` : /s$/i.test(word) ? word : `${word}es`);

const typo = (random: () => number, word: string): string => {
  const at = 1 + Math.floor(random() * (word.length - 2));
  return random() < 0.5 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
};

export const generateQueries = (count: number, seed = 7): BenchQuery[] => {
  const random = randomGenerator(seed);
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i += 1) {
    const department = pick(random, DEPARTMENTS);
    const [nounEs, nounEn] = pick(random, department.nouns);
    const [qualifierEs, qualifierEn] = pick(random, department.qualifiers);
    const firstWord = nounEs.split(' ')[0]!;
    switch (i % 4) {
      case 0:
        queries.push({ kind: 'exact', text: random() < 0.5 ? nounEs.toLowerCase() : `${nounEs.toLowerCase()} ${qualifierEs}` });
        break;
      case 1:
        queries.push({
          kind: 'plural/upper',
          text: random() < 0.5 ? plural(firstWord).toUpperCase() : `${plural(firstWord)} ${pick(random, department.brands)}`,
        });
        break;
      case 2: {
        const long = nounEs.split(' ').find((word) => word.length >= 6) ?? firstWord;
        queries.push({ kind: 'typo', text: typo(random, long.toLowerCase()) });
        break;
      }
      default:
        queries.push({ kind: 'english', text: random() < 0.5 ? nounEn.toLowerCase() : `${qualifierEn} ${nounEn.toLowerCase()}` });
    }
  }
  return queries;
};

// ---------------------------------------------------------------------------------------------
// Loading and measuring.

const BATCH = 1_000;
const COLUMNS = [
  'id',
  'sku',
  'name',
  'description',
  'category_id',
  'attributes',
  'images',
  'price_amount',
  'currency',
  'vat_rate',
  'stock_on_hand',
  'reserved',
  'discount_kind',
  'discount_basis_points',
  'active',
  'translations',
  'created_at',
  'updated_at',
] as const;

/** Multi-row INSERTs of BATCH products (18 parameters each), in one transaction. */
export const loadProducts = async (persistence: Persistence, count: number): Promise<void> => {
  const random = randomGenerator(42);
  const now = new Date('2025-03-10T12:00:00.000Z');
  const runner = persistence.dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    for (let start = 0; start < count; start += BATCH) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let index = start; index < Math.min(count, start + BATCH); index += 1) {
        const product = generateProduct(random, index);
        const base = values.length;
        rows.push(`(${COLUMNS.map((_, column) => `$${base + column + 1}`).join(', ')})`);
        values.push(
          product.id,
          product.sku,
          product.name,
          product.description,
          DEPARTMENTS[index % DEPARTMENTS.length]!.slug,
          JSON.stringify({ marca: product.brand }),
          '[]',
          product.price,
          'ARS',
          2100,
          product.stock,
          0,
          product.discountBasisPoints === null ? null : 'percent',
          product.discountBasisPoints,
          true,
          JSON.stringify({ en: { name: product.nameEn } }),
          now,
          now,
        );
      }
      await runner.query(`INSERT INTO products (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values);
    }
    await runner.commitTransaction();
    // Statistics (and the visibility map) as autovacuum would leave them after a catalog import.
    await runner.query('VACUUM ANALYZE products');
  } finally {
    await runner.release();
  }
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export interface Measured {
  readonly p50: number;
  readonly p99: number;
  /** Queries that returned at least one product. */
  readonly withHits: number;
  /** Timed searches behind the percentiles (queries × rounds). */
  readonly samples?: number;
  /** The same figures per query kind (exact, plural/upper, typo, English). */
  readonly byKind?: Readonly<Record<BenchQuery['kind'], Omit<Measured, 'byKind' | 'slowest'> & { readonly queries: number }>>;
  /** The five slowest queries (text, kind, ms), to look at their plans. */
  readonly slowest?: readonly { readonly text: string; readonly kind: BenchQuery['kind']; readonly ms: number }[];
}

const QUERY_KINDS: readonly BenchQuery['kind'][] = ['exact', 'plural/upper', 'typo', 'english'];

/** Runs a query's search and returns its total; a fresh one per round (no state carried over). */
type Searcher = (text: string) => Promise<number>;

/**
 * Times every query once per round, each round with a fresh searcher (so the search's in-memory
 * word cache starts empty every time: each round measures first sight of the words). More rounds
 * give the percentiles more samples: with 50 queries per kind a p99 is the single slowest one.
 */
const measure = async (queries: readonly BenchQuery[], rounds: number, searcher: () => Searcher): Promise<Measured> => {
  const warmUp = searcher();
  for (const query of queries.slice(0, 10)) await warmUp(query.text);
  const times: number[] = [];
  const timed: { text: string; kind: BenchQuery['kind']; ms: number }[] = [];
  const kinds = new Map<BenchQuery['kind'], { times: number[]; withHits: number; queries: number }>(
    QUERY_KINDS.map((kind) => [kind, { times: [], withHits: 0, queries: 0 }]),
  );
  let withHits = 0;
  for (let round = 0; round < rounds; round += 1) {
    const run = searcher();
    for (const query of queries) {
      const started = performance.now();
      const hits = await run(query.text);
      const elapsed = performance.now() - started;
      times.push(elapsed);
      timed.push({ text: query.text, kind: query.kind, ms: elapsed });
      const kind = kinds.get(query.kind)!;
      kind.times.push(elapsed);
      if (round > 0) continue;
      kind.queries += 1;
      if (hits > 0) {
        withHits += 1;
        kind.withHits += 1;
      }
    }
  }
  times.sort((a, b) => a - b);
  const byKind = Object.fromEntries(
    [...kinds].map(([kind, measured]) => {
      const sorted = [...measured.times].sort((a, b) => a - b);
      return [kind, { p50: percentile(sorted, 50), p99: percentile(sorted, 99), withHits: measured.withHits, queries: measured.queries }];
    }),
  ) as NonNullable<Measured['byKind']>;
  const slowest = timed.sort((a, b) => b.ms - a.ms).slice(0, 5);
  return { p50: percentile(times, 50), p99: percentile(times, 99), withHits, samples: times.length, byKind, slowest };
};

export interface SearchBenchmarkRow {
  readonly database: 'postgres' | 'pglite';
  readonly products: number;
  readonly queries: number;
  readonly loadSeconds: number;
  readonly search: Measured;
  readonly ilike: Measured;
  /** search p50 / ILIKE p50 (above 1: the ranked search is slower). */
  readonly ratioP50: number;
  readonly ratioP99: number;
}

const AT = new Date('2025-03-10T12:00:00.000Z');

const benchmarkOne = async (
  database: 'postgres' | 'pglite',
  persistence: Persistence,
  products: number,
  queries: readonly BenchQuery[],
  rounds: number,
): Promise<SearchBenchmarkRow> => {
  await persistence.migrate();
  const loadStarted = performance.now();
  await loadProducts(persistence, products);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const search = await measure(queries, rounds, () => {
    const engine = new PostgresProductSearch(persistence.dataSource);
    return async (text) => (await engine.search({ text, at: AT }, { offset: 0, limit: 20 })).total;
  });
  // The baseline a shop would write first: the whole text as one ILIKE pattern, same page and count.
  const ilike = await measure(queries, rounds, () => async (text) => {
    const rows = (await persistence.dataSource.query(
      `SELECT id, name, count(*) OVER () AS total FROM products WHERE active AND name ILIKE $1 ORDER BY name, id LIMIT 20`,
      [`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
    )) as { total: string }[];
    return rows.length === 0 ? 0 : Number(rows[0]!.total);
  });
  return {
    database,
    products,
    queries: queries.length,
    loadSeconds,
    search,
    ilike,
    ratioP50: search.p50 / ilike.p50,
    ratioP99: search.p99 / ilike.p99,
  };
};

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

export interface SearchBenchmarkOptions {
  readonly baseUrl?: string;
  readonly products?: number;
  readonly pgliteProducts?: number;
  readonly queries?: number;
  /** Times each query is searched, each time with a fresh search (default 3, BENCH_ROUNDS). */
  readonly rounds?: number;
  readonly log?: (line: string) => void;
}

/** Runs the benchmark on PostgreSQL (fresh database) and PGlite (in memory); prints and returns the figures. */
export const runSearchBenchmark = async (options: SearchBenchmarkOptions = {}): Promise<SearchBenchmarkRow[]> => {
  const log = options.log ?? ((line: string) => console.log(line));
  const baseUrl =
    options.baseUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const products = options.products ?? Number(process.env.BENCH_PRODUCTS ?? 100_000);
  const explicitPGlite = options.pgliteProducts ?? (process.env.BENCH_PGLITE_PRODUCTS ? Number(process.env.BENCH_PGLITE_PRODUCTS) : null);
  const queries = generateQueries(options.queries ?? Number(process.env.BENCH_QUERIES ?? 200));
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3);
  const rows: SearchBenchmarkRow[] = [];

  const started = performance.now();
  const name = `mostrador_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    log(`postgres: loading ${products} products into ${name}...`);
    const persistence = await createPersistence({ url: withDatabase(baseUrl, name) });
    try {
      rows.push(await benchmarkOne('postgres', persistence, products, queries, rounds));
    } finally {
      await persistence.close();
    }
  } finally {
    if (process.env.BENCH_KEEP_DATABASE === '1') log(`kept ${name} (BENCH_KEEP_DATABASE=1): drop it when done`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }

  const postgresSeconds = (performance.now() - started) / 1000;
  log(`postgres part: ${postgresSeconds.toFixed(0)} s`);
  // PGlite loads ~2.5x slower than the server did (and its ILIKE baseline is slow too): size it by
  // how fast this machine loaded PostgreSQL.
  const postgresLoad = rows[0]?.loadSeconds ?? Number.POSITIVE_INFINITY;
  const budgeted = postgresLoad <= 30 ? products : postgresLoad <= 60 ? 50_000 : 30_000;
  const pgliteProducts = explicitPGlite ?? Math.min(products, budgeted);
  if (explicitPGlite === null && pgliteProducts < products) log(`pglite gets ${pgliteProducts} products to keep the run within ~5 minutes`);
  if (pgliteProducts > 0) {
    log(`pglite: loading ${pgliteProducts} products in memory...`);
    const pgliteStarted = performance.now();
    const persistence = await createPersistence({ dataDir: ':memory:' });
    try {
      rows.push(await benchmarkOne('pglite', persistence, pgliteProducts, queries, rounds));
    } finally {
      await persistence.close();
    }
    log(`pglite part: ${((performance.now() - pgliteStarted) / 1000).toFixed(0)} s`);
  }

  log(formatTable(rows));
  for (const row of rows) {
    const slowest = (row.search.slowest ?? []).map((query) => `${JSON.stringify(query.text)} (${query.kind}) ${query.ms.toFixed(1)} ms`);
    log(`${row.database} slowest searches: ${slowest.join(', ')}`);
  }
  return rows;
};

const formatTable = (rows: readonly SearchBenchmarkRow[]): string => {
  const ms = (value: number): string => value.toFixed(2);
  const header = ['database', 'products', 'load s', 'approach', 'p50 ms', 'p99 ms', 'queries with hits', 'ratio p50', 'ratio p99'];
  const lines: string[][] = [header];
  for (const row of rows) {
    lines.push([
      row.database,
      String(row.products),
      row.loadSeconds.toFixed(1),
      'ProductSearch (FTS + trigram)',
      ms(row.search.p50),
      ms(row.search.p99),
      `${row.search.withHits}/${row.queries}`,
      row.ratioP50.toFixed(2),
      row.ratioP99.toFixed(2),
    ]);
    for (const kind of QUERY_KINDS) {
      const measured = row.search.byKind?.[kind];
      const baseline = row.ilike.byKind?.[kind];
      if (!measured || !baseline) continue;
      lines.push([
        '',
        '',
        '',
        `  ${kind}`,
        ms(measured.p50),
        ms(measured.p99),
        `${measured.withHits}/${measured.queries}`,
        (measured.p50 / baseline.p50).toFixed(2),
        (measured.p99 / baseline.p99).toFixed(2),
      ]);
    }
    lines.push([
      '',
      '',
      '',
      "ILIKE '%term%' (baseline)",
      ms(row.ilike.p50),
      ms(row.ilike.p99),
      `${row.ilike.withHits}/${row.queries}`,
      '1.00',
      '1.00',
    ]);
  }
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  const render = (line: readonly string[]): string => line.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ');
  return [
    `Search latency, same table and queries (exact, plural/upper case, typos, English), ${rows[0]?.search.samples ?? 0} timed searches per approach; ratio = search / ILIKE:`,
    render(header),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...lines.slice(1).map(render),
  ].join('\n');
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  runSearchBenchmark()
    .then(() => console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
