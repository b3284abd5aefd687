import { money } from '@mostrador/core';
import { aCategory, anInvoice, anOrder, anOrderLine, aProduct } from '@mostrador/testkit/mothers';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MinimalPdfRenderer } from './support/minimal-pdf-renderer.js';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp();
  manager = await t.tokenFor(['manager']);
});
afterEach(async () => {
  await t.close();
});

/** Two sold orders on two Argentine days of March 2025 and one cancelled. */
const seed = async () => {
  const { repositories } = t.uow;
  const drinks = aCategory({ name: 'Bebidas' });
  await repositories.categories.save(drinks);
  const mate = aProduct({ sku: 'MATE-1', name: 'Mate, "calabaza"', categoryId: drinks.id, price: money(121_000), stockOnHand: 4 });
  await repositories.products.save(mate);
  const line = (quantity: number) =>
    anOrderLine({ productId: mate.id, sku: mate.sku, name: mate.name, quantity, unitPrice: money(121_000) });
  await repositories.orders.save(anOrder({ status: 'paid', createdAt: new Date('2025-03-02T15:00:00Z'), lines: [line(1)] }));
  await repositories.orders.save(anOrder({ status: 'delivered', createdAt: new Date('2025-03-05T02:00:00Z'), lines: [line(2)] }));
  await repositories.orders.save(anOrder({ status: 'cancelled', createdAt: new Date('2025-03-05T12:00:00Z'), lines: [line(9)] }));
  return { mate };
};

describe('GET /api/v1/reports/{name}', () => {
  test('JSON: rows by Argentine day and totals, money in centavos', async () => {
    await seed();
    const response = await t.call('GET', '/api/v1/reports/sales-by-day?from=2025-03-01&to=2025-03-31', { token: manager });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      report: 'sales-by-day',
      period: { from: '2025-03-01T03:00:00.000Z', to: '2025-04-01T03:00:00.000Z' },
      rows: [
        {
          period: '2025-03-02',
          orders: 1,
          units: 1,
          net: { amount: 100_000, currency: 'ARS' },
          vat: { amount: 21_000 },
          total: { amount: 121_000 },
        },
        // 02:00 UTC on the 5th is still the 4th in Argentina
        { period: '2025-03-04', orders: 1, units: 2, net: { amount: 200_000 }, total: { amount: 242_000 } },
      ],
      totals: { orders: 2, units: 3, net: { amount: 300_000 }, vat: { amount: 63_000 }, total: { amount: 363_000, currency: 'ARS' } },
    });
  });

  test('CSV: streamed rows with a header, money as decimal pesos, quoting where needed', async () => {
    const { mate } = await seed();
    const response = await t.call('GET', '/api/v1/reports/sales-by-product?from=2025-03-01&to=2025-03-31&format=csv', { token: manager });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('sales-by-product-2025-03-01-2025-03-31.csv');
    expect(await response.text()).toBe(
      `productId,sku,name,category,orders,units,net,vat,total\r\n${mate.id},MATE-1,"Mate, ""calabaza""",Bebidas,2,3,3000.00,630.00,3630.00\r\n`,
    );
    const inventory = await t.call('GET', '/api/v1/reports/inventory?format=csv', { token: manager });
    expect(await inventory.text()).toBe(
      `productId,sku,name,category,stockOnHand,reserved,available,unitPrice,valuation,lowStock\r\n${mate.id},MATE-1,"Mate, ""calabaza""",Bebidas,4,0,4,1210.00,4840.00,true\r\n`,
    );
  });

  test('orders by status counts every order of the period', async () => {
    await seed();
    const body = (await (
      await t.call('GET', '/api/v1/reports/orders-by-status?from=2025-03-01&to=2025-03-31', { token: manager })
    ).json()) as {
      rows: unknown[];
      totals: unknown;
    };
    expect(body.rows).toEqual([
      { status: 'paid', orders: 1, total: { amount: 121_000, currency: 'ARS' } },
      { status: 'delivered', orders: 1, total: { amount: 242_000, currency: 'ARS' } },
      { status: 'cancelled', orders: 1, total: { amount: 1_089_000, currency: 'ARS' } },
    ]);
    expect(body.totals).toEqual({ orders: 3, total: { amount: 1_452_000, currency: 'ARS' } });
  });

  test('bad parameters are refused naming them', async () => {
    const unknown = await problemOf(await t.call('GET', '/api/v1/reports/profits?from=2025-03-01&to=2025-03-31', { token: manager }));
    expect(unknown).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect(unknown.errors?.map((e) => e.field)).toContain('name');

    const badDay = await problemOf(await t.call('GET', '/api/v1/reports/sales-by-day?from=2025-02-30&to=2025-03-31', { token: manager }));
    expect(badDay).toMatchObject({ status: 400 });
    expect(badDay.errors?.map((e) => e.field)).toEqual(['from']);

    const badFormat = await problemOf(
      await t.call('GET', '/api/v1/reports/sales-by-day?from=2025-03-01&to=2025-03-31&format=xls', { token: manager }),
    );
    expect(badFormat.errors?.map((e) => e.field)).toEqual(['format']);

    const missing = await problemOf(await t.call('GET', '/api/v1/reports/sales-by-month', { token: manager }));
    expect(missing).toMatchObject({ status: 422, code: 'REPORT.PERIOD_REQUIRED' });
    expect(missing.errors?.map((e) => e.field)).toEqual(['from']);

    const reversed = await problemOf(
      await t.call('GET', '/api/v1/reports/sales-by-day?from=2025-03-31&to=2025-03-01&format=csv', { token: manager }),
    );
    expect(reversed).toMatchObject({ status: 422, code: 'REPORT.RANGE_INVALID' });
    expect(reversed.errors?.map((e) => e.field)).toEqual(['to']);

    const tooLong = await problemOf(await t.call('GET', '/api/v1/reports/sales-by-day?from=2015-01-01&to=2025-03-01', { token: manager }));
    expect(tooLong).toMatchObject({ status: 422, code: 'REPORT.RANGE_TOO_LONG' });
  });

  test('role-checked: a clerk is refused, and no report without a token', async () => {
    const clerk = await t.tokenFor(['clerk']);
    expect((await problemOf(await t.call('GET', '/api/v1/reports/inventory', { token: clerk }))).status).toBe(403);
    expect((await problemOf(await t.call('GET', '/api/v1/reports/inventory?format=csv', { token: clerk }))).status).toBe(403);
    expect((await t.call('GET', '/api/v1/reports/inventory')).status).toBe(401);
  });

  test('PDF without a configured renderer is 503 DOCUMENT.RENDERER_UNAVAILABLE', async () => {
    const problem = await problemOf(await t.call('GET', '/api/v1/reports/inventory?format=pdf', { token: manager }));
    expect(problem).toMatchObject({ status: 503, code: 'DOCUMENT.RENDERER_UNAVAILABLE' });
  });
});

describe('GET /api/v1/orders/{id}/invoice.pdf', () => {
  test('404 for an order without an invoice or an unknown order; 409 for a voucher without CAE; 503 without a renderer', async () => {
    const order = anOrder({ status: 'paid' });
    await t.uow.repositories.orders.save(order);
    expect(await problemOf(await t.call('GET', `/api/v1/orders/${order.id}/invoice.pdf`, { token: manager }))).toMatchObject({
      status: 404,
      code: 'INVOICE.NOT_FOUND',
    });
    expect(await problemOf(await t.call('GET', '/api/v1/orders/nope/invoice.pdf', { token: manager }))).toMatchObject({
      status: 404,
      code: 'ORDER.NOT_FOUND',
    });
    const pending = anInvoice({ orderId: order.id, status: 'pending' });
    await t.uow.repositories.invoices.save(pending);
    expect(
      await problemOf(await t.call('GET', `/api/v1/orders/${order.id}/invoice.pdf?voucher=${pending.id}`, { token: manager })),
    ).toMatchObject({ status: 409, code: 'INVOICE.NOT_AUTHORIZED' });
    const authorized = anInvoice({
      orderId: order.id,
      number: 2,
      status: 'authorized',
      cae: '71234567890123',
      caeDueDate: new Date('2025-03-20T03:00:00Z'),
    });
    await t.uow.repositories.invoices.save(authorized);
    expect(await problemOf(await t.call('GET', `/api/v1/orders/${order.id}/invoice.pdf`, { token: manager }))).toMatchObject({
      status: 503,
      code: 'DOCUMENT.RENDERER_UNAVAILABLE',
    });
  });
});

describe('documents with a renderer', () => {
  test('the voucher PDF: latest authorized invoice by default, another voucher of the order by id; reports as PDF', async () => {
    await t.close();
    const renderer = new MinimalPdfRenderer();
    t = await startTestApp({ renderer });
    const viewer = await t.tokenFor(['viewer']);
    const owner = await t.tokenFor(['owner']);
    const order = anOrder({ status: 'invoiced' });
    await t.uow.repositories.orders.save(order);
    const authorized = { status: 'authorized' as const, cae: '71234567890123', caeDueDate: new Date('2025-03-20T03:00:00Z') };
    await t.uow.repositories.invoices.save(anInvoice({ orderId: order.id, number: 5, ...authorized }));
    const credit = anInvoice({
      orderId: order.id,
      voucherType: 'NOTA_CREDITO_B',
      number: 2,
      ...authorized,
      createdAt: new Date('2025-03-11T12:00:00Z'),
    });
    await t.uow.repositories.invoices.save(credit);

    const invoice = await t.call('GET', `/api/v1/orders/${order.id}/invoice.pdf`, { token: viewer });
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get('content-type')).toBe('application/pdf');
    expect(invoice.headers.get('content-disposition')).toBe('attachment; filename="factura-B-00001-00000005.pdf"');
    expect(new TextDecoder().decode(await invoice.arrayBuffer())).toContain('FACTURA_B 00001-00000005');

    const note = await t.call('GET', `/api/v1/orders/${order.id}/invoice.pdf?voucher=${credit.id}&lang=en`, { token: viewer });
    expect(note.headers.get('content-disposition')).toBe('attachment; filename="nota-credito-B-00001-00000002.pdf"');
    expect(renderer.rendered.at(-1)).toMatchObject({ locale: 'en', voucher: { kind: 'credit-note', code: 8 } });

    const report = await t.call('GET', '/api/v1/reports/inventory?format=pdf&lang=en', { token: owner });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/pdf');
    expect(renderer.rendered.at(-1)).toMatchObject({ locale: 'en', report: { name: 'inventory' }, period: null });
  });
});
