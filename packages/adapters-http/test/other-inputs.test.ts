import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp({ limits: { imageBytes: 4096 } });
  manager = await t.tokenFor(['manager']);
});
afterEach(async () => {
  await t.close();
});

const createProduct = async (fields: Record<string, unknown> = {}): Promise<string> => {
  const response = await t.call('POST', '/api/v1/products', {
    token: manager,
    json: { sku: 'YM-1', name: 'Yerba', vatRate: 2100, price: { amount: 100_000, currency: 'ARS' }, ...fields },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

describe('amount discounts', () => {
  test('an amount larger than the price is a 422 naming discount.amount, and the product keeps its price', async () => {
    const id = await createProduct();
    const response = await t.call('PUT', `/api/v1/products/${id}/discount`, {
      token: manager,
      json: { kind: 'amount', amount: { amount: 100_001, currency: 'ARS' } },
    });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.code).toBe('DISCOUNT.INVALID');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'discount.amount', code: 'DISCOUNT.INVALID' })]);
    const product = (await (await t.call('GET', `/api/v1/products/${id}`, { token: manager })).json()) as Record<string, unknown>;
    expect(product).toMatchObject({ discount: null, effectivePrice: { amount: 100_000 } });
  });

  test('on create too: a product is never made free by an amount discount beyond its price', async () => {
    const response = await t.call('POST', '/api/v1/products', {
      token: manager,
      json: {
        sku: 'YM-2',
        name: 'Yerba',
        vatRate: 2100,
        price: { amount: 500, currency: 'ARS' },
        discount: { kind: 'amount', amount: { amount: 5_000, currency: 'ARS' } },
      },
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ field: 'discount.amount' })]);
  });
});

describe('stock adjustments below zero', () => {
  test('the refusal speaks of the units on hand and available, not of "0 units reserved"', async () => {
    const id = await createProduct({ stockOnHand: 3 });
    const response = await t.call('POST', `/api/v1/products/${id}/stock-adjustments`, {
      token: manager,
      json: { delta: -5, note: 'rotura' },
    });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.detail).toContain('below zero');
    expect(problem.detail).toContain('3 units on hand');
    expect(problem.detail).toContain('3 available');
    expect(problem.detail).not.toContain('reserved');
    expect(problem.details).toMatchObject({ stockOnHand: 3, reserved: 0, available: 3 });
  });
});
