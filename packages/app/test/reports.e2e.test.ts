import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHttpServer, JoseTokenIssuer } from '@mostrador/adapters-http';
import { WeasyPrintRenderer } from '@mostrador/adapters-pdf';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { createUseCases, DEFAULT_SHOP_SETTINGS, formatMoney, money, netFromGross, type VatRate } from '@mostrador/core';
import { FakePasswordHasher, FixedClock } from '@mostrador/testkit/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeSecretTokens } from '../src/auth/node-secret-tokens.js';
import { seedDemoOrderHistory } from '../src/demo/order-history.js';
import { seedDemoCatalog } from '../src/demo/seed.js';
import { UuidV7Generator } from '../src/node-services.js';
import { createTestDatabase } from './support/postgres-database.js';

/*
 * The reports end to end on the demo shop's seeded history: what the API answers in JSON and CSV
 * is checked against the orders table itself (independent SQL and arithmetic here), and the PDF,
 * read back with pdftotext, prints the same totals. Real databases, the real WeasyPrint renderer.
 */

const run = promisify(execFile);
const NOW = new Date('2026-03-15T15:00:00Z');
const SOLD = "('paid', 'invoiced', 'shipped', 'delivered')";

const pdfText = async (pdf: Uint8Array): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'mostrador-report-'));
  try {
    await writeFile(join(dir, 'r.pdf'), pdf);
    return (await run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { maxBuffer: 64 << 20 })).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

const renderer = new WeasyPrintRenderer({
  mode: 'auto',
  concurrency: 1,
  maxQueue: 8,
  timeoutMs: 120_000,
  python: '/usr/bin/python3',
  command: 'weasyprint',
  assets: { logo: null },
});
afterAll(() => renderer.stop());

for (const kind of ['postgres', 'pglite'] as const) {
  describe(`reports on the demo history (${kind})`, () => {
    let persistence: Persistence;
    let drop: (() => Promise<void>) | null = null;
    let app: Awaited<ReturnType<typeof createHttpServer>>;
    let base: string;
    let token: string;

    beforeAll(async () => {
      const database = kind === 'postgres' ? await createTestDatabase('mostrador_reports') : null;
      drop = database ? () => database.drop() : null;
      persistence = await createPersistence(database ? { url: database.url } : { dataDir: ':memory:' });
      await persistence.migrate();
      const ids = new UuidV7Generator();
      await seedDemoCatalog({ images: persistence.images, uow: persistence.uow, ids, now: NOW });
      const history = await seedDemoOrderHistory({ uow: persistence.uow, ids, now: NOW });
      expect(history.orders).toBeGreaterThan(150);
      const clock = new FixedClock(NOW.toISOString());
      const useCases = createUseCases({
        uow: persistence.uow,
        search: persistence.search,
        clock,
        ids,
        passwords: new FakePasswordHasher(),
        secrets: new NodeSecretTokens(),
        settings: { ...DEFAULT_SHOP_SETTINGS, shopName: 'Ferretería Mostrador' },
      });
      const tokens = new JoseTokenIssuer({ issuer: 'https://t', audience: 'a', clock, settings: persistence.uow.repositories.settings });
      app = await createHttpServer({
        useCases,
        uow: persistence.uow,
        clock,
        ids,
        tokens,
        images: persistence.images,
        logger: false,
        renderer,
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      await useCases.staff.createUser(
        { kind: 'system' },
        { email: 'owner@t.test', name: 'Owner', password: 'correct horse battery', roles: ['owner'] },
      );
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@t.test', password: 'correct horse battery' }),
      });
      token = ((await login.json()) as { accessToken: string }).accessToken;
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      await persistence?.close();
      await drop?.();
    });

    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const FROM = '2026-02-01';
    const TO = '2026-03-15';
    const range = [new Date('2026-02-01T03:00:00Z'), new Date('2026-03-16T03:00:00Z')];

    it('sales by month: JSON and CSV figures equal the orders table’s, and the PDF prints the same totals', async () => {
      // Independent of the adapter's SQL: every sold line, VAT split per line here.
      const lines = (await persistence.dataSource.query(
        `SELECT to_char((o.created_at AT TIME ZONE 'UTC') - interval '3 hours', 'YYYY-MM') AS month, o.id,
                (l ->> 'quantity')::int AS quantity, (l -> 'total' ->> 'amount')::bigint AS total, (l ->> 'vatRate')::int AS rate
         FROM orders o, jsonb_array_elements(o.lines) l
         WHERE o.status IN ${SOLD} AND o.created_at >= $1 AND o.created_at < $2`,
        range,
      )) as { month: string; id: string; quantity: number; total: string | number; rate: number }[];
      const expected = new Map<string, { orders: Set<string>; units: number; net: number; total: number }>();
      for (const line of lines) {
        const month = expected.get(line.month) ?? { orders: new Set(), units: 0, net: 0, total: 0 };
        month.orders.add(line.id);
        month.units += line.quantity;
        month.total += Number(line.total);
        month.net += netFromGross(money(Number(line.total)), line.rate as VatRate).amount;
        expected.set(line.month, month);
      }
      expect(expected.size).toBe(2);

      const json = (await (await get(`/api/v1/reports/sales-by-month?from=${FROM}&to=${TO}`)).json()) as {
        rows: {
          period: string;
          orders: number;
          units: number;
          net: { amount: number };
          vat: { amount: number };
          total: { amount: number };
        }[];
        totals: { orders: number; total: { amount: number }; vat: { amount: number } };
      };
      expect(json.rows.map((row) => [row.period, row.orders, row.units, row.net.amount, row.vat.amount, row.total.amount])).toEqual(
        [...expected].sort().map(([month, m]) => [month, m.orders.size, m.units, m.net, m.total - m.net, m.total]),
      );
      const [{ orders, total }] = (await persistence.dataSource.query(
        `SELECT count(*)::int AS orders, sum(total_amount)::bigint AS total FROM orders WHERE status IN ${SOLD} AND created_at >= $1 AND created_at < $2`,
        range,
      )) as [{ orders: number; total: string | number }];
      expect(json.totals.orders).toBe(orders);
      expect(json.totals.total.amount).toBe(Number(total));

      const csv = await (await get(`/api/v1/reports/sales-by-month?from=${FROM}&to=${TO}&format=csv`)).text();
      expect(csv.trimEnd().split('\r\n')).toEqual([
        'month,orders,units,net,vat,total',
        ...json.rows.map((r) =>
          [
            r.period,
            r.orders,
            r.units,
            (r.net.amount / 100).toFixed(2),
            (r.vat.amount / 100).toFixed(2),
            (r.total.amount / 100).toFixed(2),
          ].join(','),
        ),
      ]);

      const pdf = await get(`/api/v1/reports/sales-by-month?from=${FROM}&to=${TO}&format=pdf`);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
      expect(text).toContain('Ventas por mes');
      expect(text).toContain('01/02/2026 – 15/03/2026');
      expect(text).toContain(formatMoney(money(Number(total)), 'es'));
      expect(text).toContain(formatMoney(money(json.totals.vat.amount), 'es'));
      for (const row of json.rows) expect(text).toContain(formatMoney(money(row.total.amount), 'es'));
    }, 300_000);

    it('sales by day over the period: one row per day with sales, the CSV streams the same rows, the PDF the same total', async () => {
      const json = (await (await get(`/api/v1/reports/sales-by-day?from=${FROM}&to=${TO}`)).json()) as {
        rows: { period: string; total: { amount: number } }[];
        totals: { total: { amount: number } };
      };
      const days = (await persistence.dataSource.query(
        `SELECT to_char((created_at AT TIME ZONE 'UTC') - interval '3 hours', 'YYYY-MM-DD') AS day, sum(total_amount)::bigint AS total
         FROM orders WHERE status IN ${SOLD} AND created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1`,
        range,
      )) as { day: string; total: string | number }[];
      expect(json.rows.map((row) => [row.period, row.total.amount])).toEqual(days.map((d) => [d.day, Number(d.total)]));
      const csv = (await (await get(`/api/v1/reports/sales-by-day?from=${FROM}&to=${TO}&format=csv`)).text()).trimEnd().split('\r\n');
      expect(csv).toHaveLength(days.length + 1);
      expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(days.map((d) => d.day));
      const text = await pdfText(
        new Uint8Array(await (await get(`/api/v1/reports/sales-by-day?from=${FROM}&to=${TO}&format=pdf&lang=en`)).arrayBuffer()),
      );
      expect(text).toContain('Sales by day');
      expect(text).toContain(formatMoney(money(json.totals.total.amount), 'en'));
    }, 300_000);

    it('inventory: valuation and low stock from the products table; by product and by status add up to the same sales', async () => {
      const inventory = (await (await get('/api/v1/reports/inventory')).json()) as {
        totals: { products: number; valuation: { amount: number }; lowStock: number };
      };
      const [stock] = (await persistence.dataSource.query(
        `SELECT count(*)::int AS products, sum(stock_on_hand * price_amount)::bigint AS valuation,
                count(*) FILTER (WHERE greatest(stock_on_hand - reserved, 0) <= 5)::int AS low
         FROM products WHERE active`,
      )) as [{ products: number; valuation: string | number; low: number }];
      expect(inventory.totals).toMatchObject({
        products: stock.products,
        valuation: { amount: Number(stock.valuation) },
        lowStock: stock.low,
      });
      const text = await pdfText(new Uint8Array(await (await get('/api/v1/reports/inventory?format=pdf')).arrayBuffer()));
      expect(text).toContain(formatMoney(money(Number(stock.valuation)), 'es'));

      const byProduct = (await (await get(`/api/v1/reports/sales-by-product?from=${FROM}&to=${TO}`)).json()) as {
        rows: { total: { amount: number } }[];
        totals: { total: { amount: number } };
      };
      expect(byProduct.rows.reduce((n, row) => n + row.total.amount, 0)).toBe(byProduct.totals.total.amount);
      const byCategory = (await (await get(`/api/v1/reports/sales-by-category?from=${FROM}&to=${TO}&format=csv`)).text())
        .trimEnd()
        .split('\r\n');
      const categoryCents = byCategory.slice(1).reduce((n, line) => n + Math.round(Number(line.split(',').at(-1)) * 100), 0);
      expect(categoryCents).toBe(byProduct.totals.total.amount);
      const byStatus = (await (await get(`/api/v1/reports/orders-by-status?from=${FROM}&to=${TO}`)).json()) as {
        rows: { status: string; orders: number }[];
      };
      const [{ count }] = (await persistence.dataSource.query(
        'SELECT count(*)::int AS count FROM orders WHERE created_at >= $1 AND created_at < $2',
        range,
      )) as [{ count: number }];
      expect(byStatus.rows.reduce((n, row) => n + row.orders, 0)).toBe(count);
      expect(byStatus.rows.map((row) => row.status)).toContain('cancelled');
    }, 300_000);
  });
}
