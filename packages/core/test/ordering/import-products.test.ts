import { describe, expect, it } from 'vitest';
import { aCategory } from '../../../testkit/src/mothers/index.js';
import { createUseCases, money, type Product, type Repositories, type UnitOfWork } from '../../src/index.js';
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

  it("leaves what the file does not name alone: absent columns keep the product's values, only given columns change", async () => {
    const { shop, tools } = await setUp();
    const rich = await shop.seedProduct({
      sku: 'RICH-1',
      name: 'Mate imperial',
      description: 'Calabaza forrada en cuero',
      categoryId: tools.id,
      attributes: { origen: 'Uruguay' },
      images: [{ id: 'img-1', mimeType: 'image/jpeg', width: 800, height: 600 }],
      translations: { en: { name: 'Imperial mate' } },
      discount: { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: null },
      active: false,
      stockOnHand: 3,
      price: money(20_000_00),
    });
    const result = await shop.useCases.catalog.importProducts(MANAGER, [
      { sku: 'RICH-1', name: 'Mate imperial grande', price: '25000', vat: '10.5', stock: '7' },
    ]);
    expect(result).toEqual({ status: 'imported', created: 0, updated: 1 });
    expect(await shop.repositories.products.get(rich.id)).toEqual({
      ...rich,
      name: 'Mate imperial grande',
      price: money(25_000_00),
      vatRate: 1050,
      stockOnHand: 7,
      updatedAt: expect.any(Date),
    });

    // Only the SKU and the stock: a stock count from a spreadsheet.
    expect(await shop.useCases.catalog.importProducts(MANAGER, [{ sku: 'RICH-1', stock: '9' }])).toEqual({
      status: 'imported',
      created: 0,
      updated: 1,
    });
    expect(await shop.repositories.products.get(rich.id)).toMatchObject({ name: 'Mate imperial grande', stockOnHand: 9, active: false });
  });

  it('an empty optional cell clears the field; an empty required cell, or a new product without name, price or VAT, is refused', async () => {
    const { shop, tools } = await setUp();
    const product = await shop.seedProduct({ sku: 'CLR-1', description: 'vieja', categoryId: tools.id, active: false });
    expect(await shop.useCases.catalog.importProducts(MANAGER, [{ sku: 'CLR-1', description: '', category: '', active: '' }])).toEqual({
      status: 'imported',
      created: 0,
      updated: 1,
    });
    // `active` has no empty value: an empty cell leaves it as it is.
    expect(await shop.repositories.products.get(product.id)).toMatchObject({ description: '', categoryId: null, active: false });

    const result = await shop.useCases.catalog.importProducts(MANAGER, [
      { sku: 'CLR-1', name: '', price: '' },
      { sku: 'NEW-1', name: 'Bombilla', stock: '2' },
    ]);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [1, 'name', 'IMPORT.REQUIRED'],
      [1, 'price', 'IMPORT.REQUIRED'],
      [2, 'price', 'IMPORT.REQUIRED'],
      [2, 'vat', 'IMPORT.REQUIRED'],
    ]);
    expect(await shop.repositories.products.getBySku('NEW-1')).toBeNull();
  });

  it('applies the rules of createProduct: lengths, control characters, integer ranges; ambiguous prices are refused, never guessed', async () => {
    const { shop } = await setUp();
    const result = await shop.useCases.catalog.importProducts(MANAGER, [
      row({ sku: 'LONG-1', description: 'x'.repeat(5_001) }),
      row({ sku: 'NUL-1', name: 'Mate\u0000' }),
      row({ sku: 'BIG-1', stock: '3000000000' }),
      row({ sku: 'AMB-1', price: '10.555' }),
      row({ sku: 'AMB-2', price: '1,234' }),
      row({ sku: 'AMB-3', price: '1.234' }),
      row({ sku: 'AMB-4', price: '1.234.567' }),
      row({ sku: 'OK-1', description: 'y'.repeat(5_000), price: '1234,5' }),
      row({ sku: 'OK-2', price: '1,234.50' }),
    ]);
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [1, 'description', 'IMPORT.DESCRIPTION_TOO_LONG'],
      [2, 'name', 'IMPORT.CONTROL_CHARACTER'],
      [3, 'stock', 'IMPORT.STOCK_INVALID'],
      [4, 'price', 'IMPORT.PRICE_INVALID'],
      [5, 'price', 'IMPORT.PRICE_INVALID'],
      [6, 'price', 'IMPORT.PRICE_INVALID'],
      [7, 'price', 'IMPORT.PRICE_INVALID'],
    ]);
    expect(result.errors[3]!.message).toContain('1234.50');

    const fine = await shop.useCases.catalog.importProducts(MANAGER, [
      row({ sku: 'OK-1', description: 'y'.repeat(5_000), price: '1234,5' }),
      row({ sku: 'OK-2', price: '1,234.50' }),
    ]);
    expect(fine).toEqual({ status: 'imported', created: 2, updated: 0 });
    expect(await shop.repositories.products.getBySku('OK-1')).toMatchObject({ price: money(1_234_50) });
    expect(await shop.repositories.products.getBySku('OK-2')).toMatchObject({ price: money(1_234_50) });
  });

  it('refuses the same over-long description through createProduct, naming the field', async () => {
    const { shop } = await setUp();
    await expect(
      shop.useCases.catalog.createProduct(MANAGER, {
        sku: 'JSON-1',
        name: 'Mate',
        description: 'x'.repeat(5_001),
        price: money(1_000_00),
        vatRate: 2100,
      }),
    ).rejects.toMatchObject({ code: 'PRODUCT.DESCRIPTION_TOO_LONG', details: { field: 'description' } });
  });

  it('is for owners and managers only', async () => {
    const { shop } = await setUp();
    await expect(shop.useCases.catalog.importProducts(CLERK, [row()])).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(await shop.repositories.products.getBySku('TAL-650')).toBeNull();
  });

  describe('on a unit of work that writes bulk rows in slices (the embedded database)', () => {
    /** The shop's unit of work, reporting `bulkWriteRows` and running `before(n)` ahead of the n-th transaction. */
    const slicing = (
      uow: UnitOfWork,
      bulkWriteRows: number,
      before: (n: number, repositories: Repositories) => Promise<void> = async () => {},
    ) => {
      let transactions = 0;
      const sliced: UnitOfWork & { readonly transactions: () => number } = {
        repositories: uow.repositories,
        bulkWriteRows,
        transactions: () => transactions,
        transaction: async (work) => {
          transactions++;
          await before(transactions, uow.repositories);
          return uow.transaction(work);
        },
      };
      return sliced;
    };
    const fiveRows = () => [1, 2, 3, 4, 5].map((n) => row({ sku: `SKU-${n}`, name: `Producto ${n}`, stock: '3' }));

    it('writes one transaction per slice and counts every row once', async () => {
      const { shop } = await setUp();
      const uow = slicing(shop.uow, 2);
      const catalog = createUseCases({ ...shop.dependencies, uow }).catalog;
      expect(await catalog.importProducts(MANAGER, fiveRows())).toEqual({ status: 'imported', created: 5, updated: 0 });
      expect(uow.transactions()).toBe(3);
      for (const n of [1, 2, 3, 4, 5]) expect(await shop.repositories.products.getBySku(`SKU-${n}`)).toMatchObject({ stockOnHand: 3 });
      // Idempotent: the same file again writes the same rows and moves no stock.
      expect(await catalog.importProducts(MANAGER, fiveRows())).toEqual({ status: 'imported', created: 0, updated: 5 });
      const product = await shop.repositories.products.getBySku('SKU-4');
      expect((await catalog.stockMovements(product!.id, { offset: 0, limit: 10 })).items).toHaveLength(1);
    });

    it('a row that changes nothing is not written again: its updatedAt stays, only the rows that differ are saved', async () => {
      const { shop } = await setUp();
      await shop.useCases.catalog.importProducts(MANAGER, fiveRows());
      const before = await shop.repositories.products.getBySku('SKU-1');
      shop.clock.advance(60_000);
      const saved: string[] = [];
      const uow: UnitOfWork = {
        repositories: shop.uow.repositories,
        bulkWriteRows: 2,
        transaction: (work) =>
          shop.uow.transaction((repositories) =>
            work({
              ...repositories,
              products: Object.assign(Object.create(repositories.products) as typeof repositories.products, {
                saveMany: async (products: readonly Product[]) => {
                  saved.push(...products.map((product) => product.sku));
                  await repositories.products.saveMany(products);
                },
              }),
            }),
          ),
      };
      const catalog = createUseCases({ ...shop.dependencies, uow }).catalog;
      const rows = fiveRows().map((r) => (r.sku === 'SKU-3' ? { ...r, name: 'Producto 3 renombrado' } : r));
      expect(await catalog.importProducts(MANAGER, rows)).toEqual({ status: 'imported', created: 0, updated: 5 });
      expect(saved).toEqual(['SKU-3']);
      expect(await shop.repositories.products.getBySku('SKU-1')).toEqual(before);
      expect(await shop.repositories.products.getBySku('SKU-3')).toMatchObject({
        name: 'Producto 3 renombrado',
        updatedAt: shop.clock.now(),
      });
    });

    it("between slices it awaits the unit of work's yieldBetweenSlices, so waiting requests go first", async () => {
      const { shop } = await setUp();
      const steps: string[] = [];
      let transactions = 0;
      const uow: UnitOfWork = {
        repositories: shop.uow.repositories,
        bulkWriteRows: 2,
        yieldBetweenSlices: async () => {
          steps.push('yield');
        },
        transaction: async (work) => {
          transactions++;
          steps.push(`transaction ${transactions}`);
          return shop.uow.transaction(work);
        },
      };
      const catalog = createUseCases({ ...shop.dependencies, uow }).catalog;
      const tenRows = Array.from({ length: 10 }, (_, i) => row({ sku: `SKU-${i + 1}`, name: `Producto ${i + 1}`, stock: '3' }));
      expect(await catalog.importProducts(MANAGER, tenRows)).toEqual({ status: 'imported', created: 10, updated: 0 });
      // The 10 SKUs are read 4 slices (8 rows) at a time: 2 reads, 1 yield between them; then 5
      // write transactions of 2 rows, with a yield before each one after the first.
      expect(steps).toEqual([
        'yield',
        'transaction 1',
        'yield',
        'transaction 2',
        'yield',
        'transaction 3',
        'yield',
        'transaction 4',
        'yield',
        'transaction 5',
      ]);
    });

    it('stops at a slice an order made invalid meanwhile, says what was already written, and the same file finishes it later', async () => {
      const { shop } = await setUp();
      await shop.useCases.catalog.importProducts(MANAGER, fiveRows());
      // Before the third slice (rows 5), an order reserves all 3 units of SKU-5; the file lowers its stock to 1.
      const lowered = fiveRows().map((r) => ({ ...r, stock: '1' }));
      const uow = slicing(shop.uow, 2, async (n, repositories) => {
        if (n !== 3) return;
        const product = await repositories.products.getBySku('SKU-5');
        await repositories.products.save({ ...product!, reserved: 3 });
      });
      const catalog = createUseCases({ ...shop.dependencies, uow }).catalog;
      const result = await catalog.importProducts(MANAGER, lowered);
      expect(result).toEqual({
        status: 'rejected',
        errors: [expect.objectContaining({ row: 5, field: 'stock', code: 'IMPORT.STOCK_BELOW_RESERVED' })],
        applied: { created: 0, updated: 4 },
      });
      expect(await shop.repositories.products.getBySku('SKU-4')).toMatchObject({ stockOnHand: 1 });
      expect(await shop.repositories.products.getBySku('SKU-5')).toMatchObject({ stockOnHand: 3, reserved: 3 });
    });
  });
});
