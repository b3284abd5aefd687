import { type Startable, TOKENS, type UnitOfWork } from '@mostrador/core';
import { conversationStoreContract, imageStoreContract, productSearchContract, repositoriesContract } from '@mostrador/testkit/contracts';
import { aProduct } from '@mostrador/testkit/mothers';
import { Container, type ServiceIdentifier } from 'inversify';
import { describe, expect, it } from 'vitest';
import { PERSISTENCE_TOKEN, type Persistence, persistenceModule } from '../src/index.js';
import { createTestDatabase, openPostgres } from './support/databases.js';
import { sharedPersistence } from './support/shared-persistence.js';
import { persistenceSpecifics } from './support/specifics.js';

// One fresh database (mostrador_t_<random>) for this file, migrated once, dropped at the end.
const shared = sharedPersistence(openPostgres);

repositoriesContract(shared.factory, { name: 'postgres' });
productSearchContract(shared.factory, { name: 'postgres' });
imageStoreContract(async () => (await shared.get()).images, { name: 'postgres' });
conversationStoreContract(async () => (await shared.get()).uow.repositories.conversations, { name: 'postgres' });
persistenceSpecifics('postgres', shared.get);

describe('persistenceModule (postgres)', () => {
  it('binds the ports; its Startable migrates on start and closes on stop', async () => {
    const database = await createTestDatabase();
    try {
      const container = new Container();
      container.load(persistenceModule({ url: database.url }));
      const startable = container.get<Startable>(TOKENS.Startable as ServiceIdentifier<Startable>);
      const persistence = container.get<Persistence>(PERSISTENCE_TOKEN as ServiceIdentifier<Persistence>);
      expect(persistence.kind).toBe('postgres');
      await startable.start();
      expect(await persistence.status()).toEqual({
        applied: ['InitialSchema1764100000000', 'SearchSortName1764200000000', 'SearchMeasures1765000000000'],
        pending: [],
      });
      const uow = container.get<UnitOfWork>(TOKENS.UnitOfWork as ServiceIdentifier<UnitOfWork>);
      const product = aProduct();
      await uow.repositories.products.save(product);
      expect(await uow.repositories.products.get(product.id)).toEqual(product);
      await startable.stop();
      expect(persistence.dataSource.isInitialized).toBe(false);
    } finally {
      await database.drop();
    }
  });

  it('fails to start with a message naming DATABASE_URL, never the password', async () => {
    const container = new Container();
    container.load(persistenceModule({ url: 'postgres://shop:s3cr3t-pw@127.0.0.1:1/nowhere' }));
    const startable = container.get<Startable>(TOKENS.Startable as ServiceIdentifier<Startable>);
    const error = (await startable.start().catch((caught: unknown) => caught)) as Error & { code?: string };
    expect(error.code).toBe('PERSISTENCE.UNREACHABLE');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain('s3cr3t-pw');
    await startable.stop();
  });
});
