/**
 * Telegram webhook benchmark: a catalog-browse update (a customer taps a category and gets its
 * first page of products) handled by Mostrador — the grammY adapter, the conversation engine and
 * PostgreSQL, composed from the app's modules exactly as `mostrador start` does — against a bare
 * grammY bot answering the same update with the same SQL through `pg`, in the same run.
 *
 *   npx tsx tools/bench/telegram-webhook.bench.ts
 *
 * The bare bot is grammY as its documentation sets it up: defaults throughout, so its API calls go
 * through node-fetch. Mostrador's adapter gives grammY's client its own keep-alive `http.request`
 * transport (ADR 0006, item 15); that is part of the adapter and so of what is measured.
 *
 * Both bots talk to one Telegram Bot API emulator and read one freshly seeded database (the demo
 * catalog). Each measured update is the same tap (on the first category's button) with a fresh
 * update_id in a chat of its own, so idempotency never short-circuits it; each chat was opened
 * before (unmeasured) with `/catalogo`, as a customer would, so the button is live. The updates
 * are POSTed straight to each webhook, as Telegram does, with the secret header; latency is
 * request → 200 (both answer only after replying through the emulator: answerCallbackQuery and
 * sendMessage). Outbound throttling is off on both (the emulator has no limits).
 *
 * The measured taps are driven in rounds that alternate the bots (Mostrador then bare, bare then
 * Mostrador, ...), a full garbage collection before each bot's turn, so both meet the same load of
 * a shared machine and neither pays for the other's garbage; each turn drives only that bot's own
 * updates to its own webhook. A bot's throughput is its taps over the sum of its turns' wall time;
 * its percentiles are over all its taps.
 *
 * Sample size (revised 2026-12-06, session 6): 1,000 taps per bot in 10 turns each. With 500 taps
 * in 5 turns (half a second per turn) one stall of the shared 2-core machine landing in one bot's
 * turn moved the ratio by up to a tenth: 14 runs of the same build spread over 0.73–0.88×. With
 * 1,000 in 10 turns, 8 runs of that build spread over 0.82–0.88×.
 *
 * Environment: BENCH_DATABASE_URL (or TEST_DATABASE_URL; default
 * postgres://postgres@127.0.0.1:5432/test) names the server where a `mostrador_bench_<random>`
 * database is created and dropped; BENCH_UPDATES (default 1000), BENCH_CONCURRENCY
 * (default 8), BENCH_WARMUP (default 50), BENCH_ROUNDS (default 10). Everything runs in this one
 * process (2 cores here), so absolute figures are modest; the ratio is the point.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bot, webhookCallback } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import pg from 'pg';
import { type AppRuntime, compose } from '../../packages/app/src/compose.js';
import { loadConfig } from '../../packages/app/src/config.js';
import { seedDemoCatalog } from '../../packages/app/src/demo/seed.js';
import { createLogger } from '../../packages/app/src/logger.js';
import { modulesFromConfig } from '../../packages/app/src/modules.js';
import { TOKENS } from '../../packages/core/src/index.js';
import { TelegramEmulator, type TelegramTestUser, type TgMessage } from '../../packages/testkit/src/telegram/index.js';
import { adminQuery, freePort, withDatabase } from './bench-database.js';
import { percentile } from './percentile.js';

export interface WebhookFigures {
  readonly updates: number;
  readonly updatesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface TelegramWebhookBenchmark {
  readonly updates: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly products: number;
  readonly categoryProducts: number;
  readonly mostrador: WebhookFigures;
  readonly bare: WebhookFigures;
  /** Mostrador ÷ bare: below 1 for throughput, above 1 for latency means Mostrador is slower. */
  readonly ratio: { readonly updatesPerSecond: number; readonly p50: number; readonly p99: number };
}

export interface TelegramWebhookBenchmarkOptions {
  readonly databaseUrl?: string;
  readonly updates?: number;
  readonly concurrency?: number;
  readonly warmup?: number;
  /** Turns per bot the measured taps are split into, alternating the bots. */
  readonly rounds?: number;
  readonly log?: (line: string) => void;
}

const numberFrom = (value: string | undefined, fallback: number): number => {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
};

// ---- one database for the run ----------------------------------------------------------------

// ---- the bare grammY bot ---------------------------------------------------------------------

/*
 * The statements Mostrador's repositories send for a category page (TypeORM's
 * getManyAndCount: the page, then the count) and for the category list, written out for pg.
 */
const CATEGORIES_SQL = `SELECT id, slug, name, parent_id, position, translations FROM categories ORDER BY position ASC, name COLLATE "C" ASC, id ASC`;
const PRODUCT_PAGE_SQL = `
  SELECT id, sku, name, description, category_id, attributes, images, price_amount, currency, vat_rate,
         stock_on_hand, reserved, discount_kind, discount_basis_points, discount_amount, discount_currency,
         discount_valid_from, discount_valid_until, active, translations, created_at, updated_at
    FROM products
   WHERE category_id = $1 AND active = true
   ORDER BY name COLLATE "C" ASC, id ASC
   LIMIT $2 OFFSET $3`;
const PRODUCT_COUNT_SQL = `SELECT COUNT(1) AS cnt FROM products WHERE category_id = $1 AND active = true`;
/** The engine's page size for product lists (core's PREFERRED_PAGE_SIZE). */
const PAGE_SIZE = 8;

const pesos = new Intl.NumberFormat('es-AR', { style: 'currency', currency: 'ARS' });
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface BareBot {
  readonly url: string;
  close(): Promise<void>;
}

/** grammY `Bot` + `webhookCallback(bot, 'http')` on node:http, reading PostgreSQL through `pg`. */
const startBareBot = async (options: { token: string; apiRoot: string; databaseUrl: string; secret: string }): Promise<BareBot> => {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
  const bot = new Bot(options.token, { client: { apiRoot: options.apiRoot } });

  bot.command('catalogo', async (ctx) => {
    const { rows } = await pool.query<{ id: string; name: string }>(CATEGORIES_SQL);
    await ctx.reply('🛍️ <b>Catálogo</b>\nElegí una categoría:', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: rows.map((category) => [{ text: category.name, callback_data: `c:${category.id}:0` }]) },
    });
  });

  bot.callbackQuery(/^c:([^:]+):(\d+)$/, async (ctx) => {
    const categoryId = ctx.match[1] as string;
    const page = Number(ctx.match[2]);
    // As the engine does: the category list beside the page of products (page, then count).
    const [categories, products] = await Promise.all([
      pool.query<{ id: string; name: string }>(CATEGORIES_SQL),
      (async () => {
        const { rows } = await pool.query<{ id: string; name: string; price_amount: string }>(PRODUCT_PAGE_SQL, [
          categoryId,
          PAGE_SIZE,
          page * PAGE_SIZE,
        ]);
        const counted = await pool.query<{ cnt: string }>(PRODUCT_COUNT_SQL, [categoryId]);
        return { rows, total: Number(counted.rows[0]?.cnt) };
      })(),
    ]);
    const category = categories.rows.find((candidate) => candidate.id === categoryId);
    await ctx.answerCallbackQuery();
    const pages = Math.max(1, Math.ceil(products.total / PAGE_SIZE));
    const keyboard: InlineKeyboardButton[][] = products.rows.map((product) => [
      { text: `${product.name.slice(0, 24)} · ${pesos.format(Number(product.price_amount) / 100)}`, callback_data: `p:${product.id}` },
    ]);
    if (page < pages - 1) keyboard.push([{ text: 'Siguiente ▶️', callback_data: `c:${categoryId}:${page + 1}` }]);
    keyboard.push([
      { text: '⬅️ Volver', callback_data: 'back' },
      { text: '🏠 Menú', callback_data: 'menu' },
    ]);
    await ctx.reply(
      `<b>${escapeHtml(category?.name ?? '')}</b>\nElegí un producto:${pages > 1 ? `\n<i>Página ${page + 1} de ${pages}</i>` : ''}`,
      { parse_mode: 'HTML', reply_markup: { inline_keyboard: keyboard } },
    );
  });

  await bot.init();
  const handle = webhookCallback(bot, 'http', { secretToken: options.secret });
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/telegram/webhook') {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/telegram/webhook`,
    close: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
};

// ---- driving the webhooks ----------------------------------------------------------------------

const postUpdate = async (url: string, secret: string, update: unknown): Promise<number> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the webhook ${url} answered ${response.status}`);
  return response.status;
};

/** POSTs every update with at most `concurrency` in flight; returns each request → 200 time (ms) and the wall time. */
const drive = async (
  url: string,
  secret: string,
  updates: readonly unknown[],
  concurrency: number,
): Promise<{ latencies: number[]; wallMs: number }> => {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < updates.length) {
      const update = updates[next++];
      const sent = performance.now();
      await postUpdate(url, secret, update);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, updates.length) }, worker));
  return { latencies, wallMs: performance.now() - started };
};

/** A full collection between turns, so one bot's garbage is not collected in the other's time. */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const figuresOf = (runs: readonly { latencies: number[]; wallMs: number }[]): WebhookFigures => {
  const sorted = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const wallMs = runs.reduce((sum, run) => sum + run.wallMs, 0);
  return {
    updates: sorted.length,
    updatesPerSecond: sorted.length / (wallMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
};

interface Subject {
  readonly name: string;
  readonly username: string;
  readonly url: string;
  readonly secret: string;
  readonly users: TelegramTestUser[];
}

/**
 * Opens `count` new chats with `/catalogo` (unmeasured), then has each customer tap the first
 * category: the updates to measure, in the order they were made.
 */
const prepareTaps = async (
  emulator: TelegramEmulator,
  subject: Subject,
  count: number,
  firstUserId: number,
  concurrency: number,
): Promise<unknown[]> => {
  const users = Array.from({ length: count }, (_, index) =>
    emulator.user({ id: firstUserId + index, firstName: `Cliente ${index + 1}`, languageCode: 'es', bot: subject.username }),
  );
  const pendingBefore = emulator.pendingUpdates(subject.username).length;
  for (const user of users) await user.sendCommand('catalogo');
  const openings = emulator.pendingUpdates(subject.username).slice(pendingBefore);
  await drive(subject.url, subject.secret, openings, concurrency);
  for (const user of users) {
    const list = user.lastMessage();
    const first = list?.reply_markup?.inline_keyboard[0]?.[0];
    if (!list || !first) throw new Error(`${subject.name}: chat ${user.id} got no category list:\n${user.transcriptText()}`);
    await user.tapButton((_button, position) => position.row === 0 && position.column === 0, { message: list });
  }
  const all = emulator.pendingUpdates(subject.username);
  subject.users.push(...users);
  return all.slice(pendingBefore + openings.length);
};

/** Every measured tap must have been answered with the category page (not "no longer available"). */
const checkAnswers = (subject: Subject, users: readonly TelegramTestUser[]): void => {
  for (const user of users) {
    const last = user.lastMessage() as TgMessage | undefined;
    if (!last?.text?.includes('Elegí un producto') || (last.reply_markup?.inline_keyboard.length ?? 0) < 2) {
      throw new Error(`${subject.name}: chat ${user.id} did not get the category page:\n${user.transcriptText()}`);
    }
  }
};

// ---- the run -----------------------------------------------------------------------------------

export async function runTelegramWebhookBenchmark(options: TelegramWebhookBenchmarkOptions = {}): Promise<TelegramWebhookBenchmark> {
  const log = options.log ?? (() => {});
  const baseUrl =
    options.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const updates = options.updates ?? numberFrom(process.env.BENCH_UPDATES, 1000);
  const concurrency = options.concurrency ?? numberFrom(process.env.BENCH_CONCURRENCY, 8);
  const warmup = options.warmup ?? numberFrom(process.env.BENCH_WARMUP, 50);
  const rounds = Math.min(updates, options.rounds ?? numberFrom(process.env.BENCH_ROUNDS, 10));
  const databaseName = `mostrador_bench_${randomBytes(6).toString('hex')}`;
  const databaseUrl = withDatabase(baseUrl, databaseName);

  await adminQuery(baseUrl, `CREATE DATABASE ${databaseName}`);
  const emulator = new TelegramEmulator();
  let runtime: AppRuntime | null = null;
  let bare: BareBot | null = null;
  try {
    await emulator.start();
    const mostradorBot = emulator.createBot({ username: 'mostrador_bench_bot', firstName: 'Ferretería Mostrador' });
    const bareBot = emulator.createBot({ username: 'bare_grammy_bench_bot', firstName: 'Bare grammY' });
    // One secret per bot, as in production: an update posted to the wrong webhook is refused (401) and fails the run.
    const secret = randomBytes(24).toString('base64url');
    const bareSecret = randomBytes(24).toString('base64url');

    // Mostrador, composed as in production: webhook mode on its own HTTP port.
    const port = await freePort();
    const mostradorUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    runtime = compose({
      modules: modulesFromConfig(loadConfig({ DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'silent' }), {
        logger: createLogger('silent'),
        telegram: {
          token: mostradorBot.token,
          apiRoot: emulator.apiRoot,
          mode: 'webhook',
          webhookUrl: mostradorUrl,
          webhookSecret: secret,
          throttle: false,
        },
      }),
    });
    log('starting Mostrador (migrations) and seeding the demo catalog…');
    await runtime.start();
    const seeded = await seedDemoCatalog({
      images: runtime.resolve(TOKENS.ImageStore),
      uow: runtime.resolve(TOKENS.UnitOfWork),
      ids: runtime.resolve(TOKENS.IdGenerator),
      now: new Date(),
    });
    const useCases = runtime.resolve(TOKENS.UseCases);
    // The benchmark posts the updates itself: the emulator must not push them too.
    const deleted = await fetch(`${emulator.apiRoot}/bot${mostradorBot.token}/deleteWebhook`, { method: 'POST' });
    if (!deleted.ok) throw new Error(`deleteWebhook answered ${deleted.status}`);

    bare = await startBareBot({ token: bareBot.token, apiRoot: emulator.apiRoot, databaseUrl, secret: bareSecret });

    const categories = await useCases.catalog.listCategories();
    const firstCategory = categories[0];
    if (!firstCategory) throw new Error('the demo catalog has no category');
    const categoryProducts = (await useCases.catalog.listProducts({ categoryId: firstCategory.id }, { offset: 0, limit: 1 })).total;

    const subjects: Subject[] = [
      { name: 'Mostrador', username: mostradorBot.username, url: mostradorUrl, secret, users: [] },
      { name: 'bare grammY', username: bareBot.username, url: bare.url, secret: bareSecret, users: [] },
    ];
    // Every chat opened and every bot warmed up first; then the measured taps, bots alternating.
    const measured = new Map<Subject, { taps: unknown[]; users: TelegramTestUser[]; runs: { latencies: number[]; wallMs: number }[] }>();
    let nextUserId = 900_000_001;
    for (const subject of subjects) {
      log(`${subject.name}: opening ${warmup + updates} chats with /catalogo, warming up with ${warmup} taps…`);
      const warm = await prepareTaps(emulator, subject, warmup, nextUserId, concurrency);
      nextUserId += warmup;
      await drive(subject.url, subject.secret, warm, concurrency);
      const taps = await prepareTaps(emulator, subject, updates, nextUserId, concurrency);
      nextUserId += updates;
      measured.set(subject, { taps, users: subject.users.slice(-updates), runs: [] });
    }
    log(`${updates} taps per bot on "${firstCategory.name}", ${concurrency} at a time, in ${rounds} turns per bot, alternating…`);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? subjects : [...subjects].reverse();
      for (const subject of order) {
        const entry = measured.get(subject) as { taps: unknown[]; runs: { latencies: number[]; wallMs: number }[] };
        const from = Math.floor((round * entry.taps.length) / rounds);
        const to = Math.floor(((round + 1) * entry.taps.length) / rounds);
        collectGarbage();
        entry.runs.push(await drive(subject.url, subject.secret, entry.taps.slice(from, to), concurrency));
      }
    }
    const results = new Map<string, WebhookFigures>();
    for (const [subject, entry] of measured) {
      checkAnswers(subject, entry.users);
      results.set(subject.name, figuresOf(entry.runs));
    }

    const mostrador = results.get('Mostrador') as WebhookFigures;
    const bareFigures = results.get('bare grammY') as WebhookFigures;
    return {
      updates,
      concurrency,
      rounds,
      products: seeded.products,
      categoryProducts,
      mostrador,
      bare: bareFigures,
      ratio: {
        updatesPerSecond: mostrador.updatesPerSecond / bareFigures.updatesPerSecond,
        p50: mostrador.p50Ms / bareFigures.p50Ms,
        p99: mostrador.p99Ms / bareFigures.p99Ms,
      },
    };
  } finally {
    await bare?.close();
    await runtime?.stop();
    await emulator.stop();
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  }
}

/** The table printed by the script. */
export function formatTelegramWebhookBenchmark(result: TelegramWebhookBenchmark): string {
  const row = (name: string, figures: WebhookFigures) =>
    `| ${name.padEnd(38)} | ${figures.updatesPerSecond.toFixed(1).padStart(9)} | ${figures.p50Ms.toFixed(1).padStart(7)} | ${figures.p99Ms.toFixed(1).padStart(7)} |`;
  return [
    `Telegram webhook, catalog-browse tap (category page: ${result.categoryProducts} products, page of ${PAGE_SIZE}), PostgreSQL`,
    `${result.updates} updates per bot (${result.rounds} alternating turns each), ${result.concurrency} in flight, catalog of ${result.products} products; latency = POST → 200`,
    '',
    `| ${'bot'.padEnd(38)} | updates/s |  p50 ms |  p99 ms |`,
    `| ${'-'.repeat(38)} | --------: | ------: | ------: |`,
    row('Mostrador (adapter + engine + TypeORM)', result.mostrador),
    row('bare grammY + pg', result.bare),
    `| ${'ratio Mostrador / bare'.padEnd(38)} | ${result.ratio.updatesPerSecond.toFixed(2).padStart(8)}× | ${result.ratio.p50.toFixed(2).padStart(6)}× | ${result.ratio.p99.toFixed(2).padStart(6)}× |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  runTelegramWebhookBenchmark({ log: (line) => console.log(line) })
    .then((result) => {
      console.log(`\n${formatTelegramWebhookBenchmark(result)}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
