import { describe, expect, it } from 'vitest';
import { aCategory } from '../../../testkit/src/mothers/index.js';
import { money } from '../../src/index.js';
import { aShop, CLERK, MANAGER } from './shop-fixture.js';

const row = (overrides: Record<string, string> = {}): Record<string, string> => ({
  sku: 'TAL-650',
  name: 'Taladro percutor 650W',
  description: 'Mandril 13 mm',
  price: '85000.00',
  vat: '21',
  stock: '5',
  category: 'herramientas',
  active: 'true',
  ...overrides,
});

const setUp = async () => {
  const shop = aShop();
  const tools = aCategory({ slug: 'herramientas' });
  await shop.repositories.categories.save(tools);
  const existing = await shop.seedProduct({ sku: 'MART-01', name: 'Martillo viejo', stockOnHand: 4, reserved: 1, price: money(9_000_00) });
  return { shop, tools, existing };
};

describe('product import', () => {
  it('creates and updates by sku in one go, parsing es-AR prices and decimal VAT, with import stock movements', async () => {
    const { shop, tools, existing } = await setUp();
    const result = await shop.useCases.catalog.importProducts(MANAGER, [
      row(),
      row({ sku: 'MART-01', name: 'Martillo carpintero', price: '1.234,56', vat: '10,5', stock: '12', category: '', active: 'FALSE' }),
      row({ sku: 'DEST-PH2', name: 'Destornillador', price: '4500', vat: '10.5', stock: '0', description: '' }),
    ]);
    expect(result).toEqual({ status: 'imported', created: 2, updated: 1 });

    const drill = await shop.repositories.products.getBySku('TAL-650');
    expect(drill).toMatchObject({
      name: 'Taladro percutor 650W',
      description: 'Mandril 13 mm',
      price: money(85_000_00),
      vatRate: 2100,
      stockOnHand: 5,
      reserved: 0,
      categoryId: tools.id,
      active: true,
    });
    const hammer = await shop.repositories.products.get(existing.id);
    expect(hammer).toMatchObject({
      name: 'Martillo carpintero',
      price: money(1_234_56),
      vatRate: 1050,
      stockOnHand: 12,
      reserved: 1,
      categoryId: null,
      active: false,
    });
    expect(await shop.repositories.products.getBySku('DEST-PH2')).toMatchObject({ price: money(4_500_00), vatRate: 1050, stockOnHand: 0 });

    const hammerMoves = await shop.useCases.catalog.stockMovements(existing.id, { offset: 0, limit: 10 });
    expect(hammerMoves.items.map((m) => [m.reason, m.delta, m.by])).toEqual([['import', 8, 'staff-manager']]);
    const drillMoves = await shop.useCases.catalog.stockMovements(drill!.id, { offset: 0, limit: 10 });
    expect(drillMoves.items.map((m) => [m.reason, m.delta])).toEqual([['import', 5]]);
  });

  it('applies nothing when any row is invalid, and reports every error with its row number', async () => {
    const { shop, existing } = await setUp();
    const before = await shop.repositories.products.list({}, { offset: 0, limit: 100 });
    const result = await shop.useCases.catalog.importProducts(MANAGER, [
      row(),
      row({ sku: '', name: '', price: 'mil', vat: '22', stock: '-3' }),
      row({ sku: 'MART-01', stock: '0' }),
      row({ sku: 'OK-2', category: 'no-existe', active: 'quizás', price: '0' }),
      row({ sku: 'TAL-650', stock: '2.5' }),
      row({ sku: 'OK-3' }),
    ]);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'sku', 'IMPORT.REQUIRED'],
      [2, 'name', 'IMPORT.REQUIRED'],
      [2, 'price', 'IMPORT.PRICE_INVALID'],
      [2, 'vat', 'IMPORT.VAT_INVALID'],
      [2, 'stock', 'IMPORT.STOCK_INVALID'],
      [3, 'stock', 'IMPORT.STOCK_BELOW_RESERVED'],
      [4, 'price', 'IMPORT.PRICE_INVALID'],
      [4, 'category', 'IMPORT.CATEGORY_NOT_FOUND'],
      [4, 'active', 'IMPORT.ACTIVE_INVALID'],
      [5, 'sku', 'IMPORT.DUPLICATE_SKU'],
      [5, 'stock', 'IMPORT.STOCK_INVALID'],
    ]);
    for (const error of result.errors) expect(error.message).not.toBe('');

    expect(await shop.repositories.products.list({}, { offset: 0, limit: 100 })).toEqual(before);
    expect(await shop.repositories.products.get(existing.id)).toEqual(existing);
    expect(await shop.repositories.products.getBySku('TAL-650')).toBeNull();
    expect(await shop.repositories.products.getBySku('OK-3')).toBeNull();
    expect((await shop.useCases.catalog.stockMovements(existing.id, { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('accepts header names in any case and a $ sign in prices', async () => {
    const { shop } = await setUp();
    const result = await shop.useCases.catalog.importProducts(MANAGER, [
      { SKU: 'X-1', Name: 'Pinza', Price: '$ 2.500,00', VAT: '21 %', Stock: '3' },
    ]);
    expect(result).toEqual({ status: 'imported', created: 1, updated: 0 });
    expect(await shop.repositories.products.getBySku('X-1')).toMatchObject({ price: money(2_500_00), active: true, categoryId: null });
  });

  it('is for owners and managers only', async () => {
    const { shop } = await setUp();
    await expect(shop.useCases.catalog.importProducts(CLERK, [row()])).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(await shop.repositories.products.getBySku('TAL-650')).toBeNull();
  });
});
