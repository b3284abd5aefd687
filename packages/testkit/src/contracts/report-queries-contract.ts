import { money, type Order, type OrderLine, type ReportPeriod } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCategory, anOrder, anOrderLine, aProduct } from '../mothers/index.js';
import type { ContractContext } from './persistence-under-test.js';

const all = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

/** March and April 2025 in Argentina (UTC−03:00): [2025-03-01 00:00, 2025-05-01 00:00) local. */
const PERIOD: ReportPeriod = { from: new Date('2025-03-01T03:00:00Z'), to: new Date('2025-05-01T03:00:00Z') };

/**
 * A small shop whose figures are worked out by hand below: per line, net = round(total × 10000 /
 * (10000 + rate)) half-up, vat = total − net.
 */
const seed = () => {
  const drinks = aCategory({ name: 'Bebidas' });
  const pantry = aCategory({ name: 'Almacén' });
  const yerba = aProduct({
    sku: 'R-1',
    name: 'Yerba',
    categoryId: drinks.id,
    price: money(121_000),
    vatRate: 2100,
    stockOnHand: 10,
    reserved: 5,
  });
  const rice = aProduct({
    sku: 'R-2',
    name: 'Arroz',
    categoryId: pantry.id,
    price: money(10_500),
    vatRate: 1050,
    stockOnHand: 100,
    reserved: 0,
  });
  const loose = aProduct({
    sku: 'R-3',
    name: 'Suelto',
    categoryId: null,
    price: money(99_999),
    vatRate: 2100,
    stockOnHand: 0,
    reserved: 0,
  });
  const hidden = aProduct({ sku: 'R-0', name: 'Oculto', active: false, stockOnHand: 7 });
  const line = (product: { id: string; sku: string; name: string }, quantity: number, unit: number, vatRate: OrderLine['vatRate']) =>
    anOrderLine({ productId: product.id, sku: product.sku, name: product.name, quantity, unitPrice: money(unit), vatRate });
  const gone = { id: 'gone-product', sku: 'GONE-1', name: 'Viejo' };
  const at = (iso: string) => new Date(iso);
  const orders: Order[] = [
    // before the period (23:59 of Feb 28 in Argentina)
    anOrder({ status: 'paid', createdAt: at('2025-03-01T02:59:00Z'), lines: [line(yerba, 1, 121_000, 2100)] }),
    // 2025-03-09 23:30 local: still the 9th; the line keeps an older name of the product
    anOrder({ status: 'paid', createdAt: at('2025-03-10T02:30:00Z'), lines: [{ ...line(yerba, 2, 121_000, 2100), name: 'Yerba vieja' }] }),
    // 2025-03-10 00:00 local: two lines, one order
    anOrder({
      status: 'delivered',
      createdAt: at('2025-03-10T03:00:00Z'),
      lines: [line(yerba, 1, 121_000, 2100), line(rice, 3, 10_500, 1050)],
    }),
    // not sold: placed, refunded
    anOrder({ status: 'placed', createdAt: at('2025-03-10T12:00:00Z'), lines: [line(yerba, 5, 121_000, 2100)] }),
    anOrder({ status: 'refunded', createdAt: at('2025-03-11T12:00:00Z'), lines: [line(rice, 1, 10_500, 1050)] }),
    // a deleted product and one without category
    anOrder({ status: 'shipped', createdAt: at('2025-04-02T15:00:00Z'), lines: [line(loose, 1, 99_999, 2100), line(gone, 4, 5_000, 0)] }),
    // the end is exclusive: 2025-05-01 00:00 local
    anOrder({ status: 'invoiced', createdAt: at('2025-05-01T03:00:00Z'), lines: [line(yerba, 1, 121_000, 2100)] }),
  ];
  return { categories: [drinks, pantry], products: [yerba, rice, loose, hidden], orders, drinks, pantry, yerba, rice, loose };
};

const figures = (orders: number, units: number, net: number, total: number) => ({
  orders,
  units,
  net: money(net),
  vat: money(total - net),
  total: money(total),
});

/** `ReportQueries` (ports/report-queries.ts): aggregates checked against figures worked out by hand. */
export const reportQueriesContract = ({ persistence }: ContractContext): void => {
  describe('report queries', () => {
    const load = async () => {
      const shop = seed();
      const { repositories } = persistence().uow;
      for (const category of shop.categories) await repositories.categories.save(category);
      for (const product of shop.products) await repositories.products.save(product);
      for (const order of shop.orders) await repositories.orders.save(order);
      return { shop, reports: repositories.reports };
    };

    it('sums sold lines by Argentine calendar day and month, net and VAT per line, orders counted once', async () => {
      const { reports } = await load();
      expect(await all(reports.salesByPeriod(PERIOD, 'day'))).toEqual([
        { period: '2025-03-09', ...figures(1, 2, 200_000, 242_000) },
        // 121000 → net 100000; 31500 at 10.5 % → net round(28506.79) = 28507
        { period: '2025-03-10', ...figures(1, 4, 128_507, 152_500) },
        // 99999 at 21 % → net round(82643.80) = 82644; 20000 at 0 %
        { period: '2025-04-02', ...figures(1, 5, 102_644, 119_999) },
      ]);
      expect(await all(reports.salesByPeriod(PERIOD, 'month'))).toEqual([
        { period: '2025-03', ...figures(2, 6, 328_507, 394_500) },
        { period: '2025-04', ...figures(1, 5, 102_644, 119_999) },
      ]);
      expect(await reports.salesTotals(PERIOD)).toEqual(figures(3, 11, 431_151, 514_499));
    });

    it('sums by product (current name and category; a deleted product keeps its last sold name) and by category', async () => {
      const { reports, shop } = await load();
      expect(await all(reports.salesByProduct(PERIOD))).toEqual([
        {
          productId: shop.yerba.id,
          sku: 'R-1',
          name: 'Yerba',
          categoryId: shop.drinks.id,
          category: 'Bebidas',
          ...figures(2, 3, 300_000, 363_000),
        },
        { productId: shop.loose.id, sku: 'R-3', name: 'Suelto', categoryId: null, category: null, ...figures(1, 1, 82_644, 99_999) },
        {
          productId: shop.rice.id,
          sku: 'R-2',
          name: 'Arroz',
          categoryId: shop.pantry.id,
          category: 'Almacén',
          ...figures(1, 3, 28_507, 31_500),
        },
        { productId: 'gone-product', sku: 'GONE-1', name: 'Viejo', categoryId: null, category: null, ...figures(1, 4, 20_000, 20_000) },
      ]);
      expect(await all(reports.salesByCategory(PERIOD))).toEqual([
        { categoryId: shop.drinks.id, category: 'Bebidas', ...figures(2, 3, 300_000, 363_000) },
        { categoryId: null, category: null, ...figures(1, 5, 102_644, 119_999) },
        { categoryId: shop.pantry.id, category: 'Almacén', ...figures(1, 3, 28_507, 31_500) },
      ]);
    });

    it('counts orders of every status in the period, in the order of the lifecycle', async () => {
      const { reports } = await load();
      expect(await reports.ordersByStatus(PERIOD)).toEqual([
        { status: 'placed', orders: 1, total: money(605_000) },
        { status: 'paid', orders: 1, total: money(242_000) },
        { status: 'shipped', orders: 1, total: money(119_999) },
        { status: 'delivered', orders: 1, total: money(152_500) },
        { status: 'refunded', orders: 1, total: money(10_500) },
      ]);
    });

    it('lists active products by SKU with stock, valuation at list price and low stock (available ≤ threshold)', async () => {
      const { reports, shop } = await load();
      expect(await all(reports.inventory(5))).toEqual([
        {
          productId: shop.yerba.id,
          sku: 'R-1',
          name: 'Yerba',
          categoryId: shop.drinks.id,
          category: 'Bebidas',
          stockOnHand: 10,
          reserved: 5,
          available: 5,
          unitPrice: money(121_000),
          valuation: money(1_210_000),
          lowStock: true,
        },
        expect.objectContaining({ sku: 'R-2', available: 100, valuation: money(1_050_000), lowStock: false }),
        expect.objectContaining({ sku: 'R-3', available: 0, valuation: money(0), lowStock: true, category: null }),
      ]);
    });

    it('yields nothing for a period without sales', async () => {
      const { reports } = await load();
      const empty = { from: new Date('2024-01-01T03:00:00Z'), to: new Date('2024-02-01T03:00:00Z') };
      expect(await all(reports.salesByPeriod(empty, 'day'))).toEqual([]);
      expect(await all(reports.salesByProduct(empty))).toEqual([]);
      expect(await reports.salesTotals(empty)).toEqual(figures(0, 0, 0, 0));
      expect(await reports.ordersByStatus(empty)).toEqual([]);
    });

    it('streams long reports completely and in order (more rows than one batch)', async () => {
      const { repositories } = persistence().uow;
      const products = Array.from({ length: 1203 }, (_, i) =>
        aProduct({ sku: `S-${String(i).padStart(5, '0')}`, price: money(100 + i), stockOnHand: i % 7 }),
      );
      await repositories.products.saveMany(products);
      const days = Array.from({ length: 520 }, (_, i) =>
        anOrder({
          status: 'paid',
          createdAt: new Date(Date.UTC(2023, 0, 1, 15) + i * 86_400_000),
          lines: [anOrderLine({ unitPrice: money(1_000 + i) })],
        }),
      );
      for (const order of days) await repositories.orders.save(order);
      const inventory = await all(repositories.reports.inventory(0));
      expect(inventory.map((row) => row.sku)).toEqual(products.map((product) => product.sku));
      const byDay = await all(
        repositories.reports.salesByPeriod({ from: new Date('2023-01-01T03:00:00Z'), to: new Date('2025-01-01T03:00:00Z') }, 'day'),
      );
      expect(byDay).toHaveLength(520);
      expect(byDay[0]).toMatchObject({ period: '2023-01-01', total: money(1_000) });
      expect(byDay[519]).toMatchObject({ period: '2024-06-03', total: money(1_519) });
    });
  });
};
