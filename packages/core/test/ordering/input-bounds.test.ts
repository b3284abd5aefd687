import { describe, expect, it } from 'vitest';
import { money, ValidationError } from '../../src/index.js';
import { aShop, MANAGER, OWNER } from './shop-fixture.js';

/**
 * The use cases refuse what storage cannot hold on their own: the chat and other drivers do not
 * pass through the HTTP request schemas. Each refusal is a ValidationError naming the field.
 */
const refusal = async (work: () => Promise<unknown>): Promise<ValidationError> => {
  try {
    await work();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

const PRODUCT = { sku: 'YM-1', name: 'Yerba', price: money(100_000), vatRate: 2100 } as const;

describe('text with control characters', () => {
  it.each([
    ['attributes.origen', { attributes: { origen: 'Misiones\u0000' } }],
    ['translations.en.name', { translations: { en: { name: 'Mate\u0007' } } }],
    ['name', { name: 'Yer\u001bba' }],
  ])('a product %s is refused by createProduct', async (field, fields) => {
    const shop = aShop();
    const error = await refusal(() => shop.useCases.catalog.createProduct(MANAGER, { ...PRODUCT, ...fields }));
    expect(error.details.field).toBe(field);
    expect((await shop.uow.repositories.products.list({}, { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('a category, a staff name, a customer name, a tax legal name and a stock note are refused naming the field', async () => {
    const shop = aShop();
    expect((await refusal(() => shop.useCases.catalog.saveCategory(MANAGER, { slug: 'yerbas', name: 'Yer\u0000bas' }))).details.field).toBe(
      'name',
    );
    const staff = () =>
      shop.useCases.staff.createUser(OWNER, {
        email: 'ana@shop.test',
        name: 'Ana\u0000',
        password: 'a long enough password',
        roles: ['viewer'],
      });
    expect((await refusal(staff)).details.field).toBe('name');
    const customer = await shop.seedCustomer();
    expect((await refusal(() => shop.useCases.customers.update(OWNER, customer.id, { name: 'Eva\u0000' }))).details.field).toBe('name');
    const taxProfile = {
      documentType: 'CUIT',
      documentNumber: '20-12345678-6',
      ivaCondition: 'CONSUMIDOR_FINAL',
      legalName: 'ACME\u0000 SA',
      address: 'Calle 1',
    } as const;
    expect((await refusal(() => shop.useCases.customers.update(OWNER, customer.id, { taxProfile }))).details.field).toBe('legalName');
    const product = await shop.seedProduct();
    expect(
      (await refusal(() => shop.useCases.catalog.adjustStock(MANAGER, product.id, { delta: 1, note: 'recount\u0000' }))).details.field,
    ).toBe('note');
  });
});

describe('integers beyond the stock column', () => {
  it('a delta beyond int4, or one that would take stock beyond it, is STOCK.OUT_OF_RANGE naming delta; stock is unchanged', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ stockOnHand: 2_000_000_000, reserved: 0 });
    for (const delta of [3_000_000_000, 2_000_000_000]) {
      const error = await refusal(() => shop.useCases.catalog.adjustStock(MANAGER, product.id, { delta, note: 'typo' }));
      expect(error).toMatchObject({ code: 'STOCK.OUT_OF_RANGE', details: { field: 'delta' } });
    }
    expect((await shop.uow.repositories.products.get(product.id))?.stockOnHand).toBe(2_000_000_000);
  });
});

describe('category positions', () => {
  it('a position beyond int4 is CATEGORY.POSITION_INVALID naming position', async () => {
    const shop = aShop();
    const error = await refusal(() =>
      shop.useCases.catalog.saveCategory(MANAGER, { slug: 'yerbas', name: 'Yerbas', position: 3_000_000_000 }),
    );
    expect(error).toMatchObject({ code: 'CATEGORY.POSITION_INVALID', details: { field: 'position' } });
    expect(await shop.uow.repositories.categories.list()).toEqual([]);
  });
});

describe('amount discounts', () => {
  it('an amount larger than the price is refused naming discount.amount; one up to the price is accepted', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ price: money(1_000) });
    const larger = { kind: 'amount', amount: money(1_001), validFrom: null, validUntil: null } as const;
    const error = await refusal(() => shop.useCases.catalog.setDiscount(MANAGER, product.id, larger));
    expect(error).toMatchObject({ code: 'DISCOUNT.INVALID', details: { field: 'discount.amount' } });
    const onCreate = await refusal(() => shop.useCases.catalog.createProduct(MANAGER, { ...PRODUCT, price: money(500), discount: larger }));
    expect(onCreate.details.field).toBe('discount.amount');
    const equal = { ...larger, amount: money(1_000) };
    await expect(shop.useCases.catalog.setDiscount(MANAGER, product.id, equal)).resolves.toMatchObject({ discount: equal });
  });
});
