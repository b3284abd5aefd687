import {
  type ImageStore,
  type ProductSearch,
  type Repositories,
  type Startable,
  TOKENS,
  type Token,
  type UnitOfWork,
} from '@mostrador/core';
import { ContainerModule, type ContainerModuleLoadOptions, type ServiceIdentifier } from 'inversify';
import { buildPersistence, type CreatePersistenceOptions, type Persistence } from './persistence.js';

/** The Persistence object itself (data source, migrate, status), e.g. for the CLI. */
export const PERSISTENCE_TOKEN = Symbol.for('mostrador.Persistence') as Token<Persistence>;

const bindConstant = <T>(options: ContainerModuleLoadOptions, token: Token<T>, value: T): void => {
  options.bind<T>(token as ServiceIdentifier<T>).toConstantValue(value);
};

/**
 * The Inversify registration of this adapter (a synchronous module: `container.load` works).
 * Options are validated here: a DATABASE_URL that is not a postgres:// URL fails at
 * registration with a message naming the variable, never echoing it. Nothing connects until
 * the Startable starts: it opens the pool (or the PGlite folder) and runs pending migrations;
 * stopping closes it.
 *
 * Binds TOKENS.UnitOfWork, TOKENS.Repositories (autocommit), TOKENS.ProductSearch,
 * TOKENS.ImageStore, TOKENS.Startable ("persistence") and PERSISTENCE_TOKEN.
 */
export const persistenceModule = (options: CreatePersistenceOptions = {}): ContainerModule => {
  const persistence = buildPersistence(options);
  const startable: Startable = {
    name: `persistence (${persistence.kind})`,
    phase: 'storage',
    start: async () => {
      await persistence.open();
      await persistence.migrate();
    },
    stop: () => persistence.close(),
  };
  return new ContainerModule((load) => {
    bindConstant<UnitOfWork>(load, TOKENS.UnitOfWork, persistence.uow);
    bindConstant<Repositories>(load, TOKENS.Repositories, persistence.uow.repositories);
    bindConstant<ProductSearch>(load, TOKENS.ProductSearch, persistence.search);
    bindConstant<ImageStore>(load, TOKENS.ImageStore, persistence.images);
    bindConstant<Startable>(load, TOKENS.Startable, startable);
    bindConstant<Persistence>(load, PERSISTENCE_TOKEN, persistence);
  });
};
