import { bindToken, type Startable, TOKENS, type Token, token } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { TypeOrmImageFingerprints } from './image-fingerprints.js';
import type { DatabaseJobQueueOptions } from './jobs/database-job-queue.js';
import { buildPersistence, type CreatePersistenceOptions, type Persistence } from './persistence.js';

export interface PersistenceModuleOptions extends CreatePersistenceOptions {
  /**
   * Also bind the embedded job queue over this database as TOKENS.JobQueue (the app does when
   * REDIS_URL is unset), with a Startable "job queue (database)" in phase `connect`.
   */
  readonly jobQueue?: DatabaseJobQueueOptions | boolean;
}

/** The Persistence object itself (data source, migrate, status), e.g. for the CLI. */
export const PERSISTENCE_TOKEN: Token<Persistence> = token<Persistence>('Persistence');

/**
 * The Inversify registration of this adapter (a synchronous module: `container.load` works).
 * Options are validated here: a DATABASE_URL that is not a postgres:// URL fails at
 * registration with a message naming the variable, never echoing it. Nothing connects until
 * the Startable starts: it opens the pool (or the PGlite folder) and runs pending migrations;
 * stopping closes it.
 *
 * Binds TOKENS.UnitOfWork, TOKENS.Repositories (autocommit), TOKENS.ProductSearch,
 * TOKENS.ImageStore, TOKENS.MaintenanceStore, TOKENS.AccessTicketStore, TOKENS.ExclusiveLocks,
 * TOKENS.ImageFingerprints,
 * TOKENS.Startable ("persistence") and PERSISTENCE_TOKEN; with `jobQueue`, TOKENS.JobQueue too.
 */
export const persistenceModule = (options: PersistenceModuleOptions = {}): ContainerModule => {
  const { jobQueue: jobQueueOptions, ...persistenceOptions } = options;
  const persistence = buildPersistence(persistenceOptions);
  const jobQueue =
    jobQueueOptions === undefined || jobQueueOptions === false
      ? null
      : persistence.jobQueue(jobQueueOptions === true ? {} : jobQueueOptions);
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
    bindToken(load, TOKENS.UnitOfWork).toConstantValue(persistence.uow);
    bindToken(load, TOKENS.Repositories).toConstantValue(persistence.uow.repositories);
    bindToken(load, TOKENS.ProductSearch).toConstantValue(persistence.search);
    bindToken(load, TOKENS.ImageStore).toConstantValue(persistence.images);
    bindToken(load, TOKENS.AccessTicketStore).toConstantValue(persistence.accessTickets);
    bindToken(load, TOKENS.ExclusiveLocks).toConstantValue(persistence.locks);
    bindToken(load, TOKENS.ImageFingerprints).toConstantValue(new TypeOrmImageFingerprints(persistence.dataSource));
    bindToken(load, TOKENS.Startable).toConstantValue(startable);
    bindToken(load, PERSISTENCE_TOKEN).toConstantValue(persistence);
    bindToken(load, TOKENS.MaintenanceStore).toConstantValue(persistence.maintenance);
    if (jobQueue !== null) {
      bindToken(load, TOKENS.JobQueue).toConstantValue(jobQueue);
      bindToken(load, TOKENS.Startable).toConstantValue({
        name: `job queue (database, ${persistence.kind})`,
        phase: 'connect',
        start: () => jobQueue.start(),
        stop: () => jobQueue.stop(),
      } satisfies Startable);
    }
  });
};
