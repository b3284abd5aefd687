import { AdapterError, ValidationError } from '@mostrador/core';
import { aCategory, aProduct } from '@mostrador/testkit/mothers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersistence, type Persistence } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';

/**
 * The last line behind the use cases' and the HTTP schemas' own checks: a value the database
 * cannot hold (NUL in text, an integer beyond its column) that reaches a statement anyway is the
 * caller's mistake (a ValidationError, 422 on the wire), not a failing service (AdapterError, 502).
 */
const engines: { name: string; open(): Promise<{ persistence: Persistence; dispose(): Promise<void> }> }[] = [
  {
    name: 'PGlite',
    open: async () => {
      const persistence = await createPersistence({ dataDir: ':memory:' });
      return { persistence, dispose: () => persistence.close() };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const database: TestDatabase = await createTestDatabase();
      const persistence = await createPersistence({ url: database.url });
      return {
        persistence,
        dispose: async () => {
          await persistence.close();
          await database.drop();
        },
      };
    },
  },
];

describe.each(engines)('values storage cannot hold ($name)', ({ open }) => {
  let opened: { persistence: Persistence; dispose(): Promise<void> };
  beforeAll(async () => {
    opened = await open();
    await opened.persistence.migrate();
  }, 60_000);
  afterAll(async () => {
    await opened?.dispose();
  });

  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> => {
    try {
      await work();
    } catch (error) {
      return error;
    }
    throw new Error('expected the statement to fail');
  };

  it('NUL in text is a ValidationError PERSISTENCE.INVALID_TEXT, not an AdapterError', async () => {
    const { repositories } = opened.persistence.uow;
    const error = await failureOf(() => repositories.categories.save(aCategory({ name: 'Yer\u0000bas' })));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ code: 'PERSISTENCE.INVALID_TEXT' });
  });

  it('an integer beyond its column is a ValidationError PERSISTENCE.OUT_OF_RANGE, and the stock is unchanged', async () => {
    const { repositories } = opened.persistence.uow;
    const product = aProduct({ stockOnHand: 2_000_000_000, reserved: 0, categoryId: null });
    await repositories.products.save(product);
    const error = await failureOf(() => repositories.products.adjust(product.id, 2_000_000_000));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'PERSISTENCE.OUT_OF_RANGE' });
    expect((await repositories.products.get(product.id))?.stockOnHand).toBe(2_000_000_000);
  });
});
