import { describe } from 'vitest';
import { catalogRepositoriesContract } from './catalog-repositories-contract.js';
import { infrastructureRepositoriesContract } from './infrastructure-repositories-contract.js';
import { usePersistence } from './lifecycle.js';
import { marketingRepositoriesContract } from './marketing-repositories-contract.js';
import { paymentsContract } from './payments-contract.js';
import type { PersistenceFactory, RepositoriesCapabilities } from './persistence-under-test.js';
import { reportQueriesContract } from './report-queries-contract.js';
import { salesRepositoriesContract } from './sales-repositories-contract.js';
import { staffRepositoriesContract } from './staff-repositories-contract.js';
import { concurrencyContract, transactionsContract } from './transactions-contract.js';
import { uniquenessContract } from './uniqueness-contract.js';

/**
 * Registers the contract of every repository in `ports/repositories.ts` plus the UnitOfWork's
 * transaction and concurrency guarantees. Call it at the top level of a test file:
 *
 *   repositoriesContract(async () => ({ uow, search, reset, close }), { name: 'postgres' });
 *
 * The factory runs once; `reset` runs before each test and must empty every table.
 */
export function repositoriesContract(factory: PersistenceFactory, capabilities: RepositoriesCapabilities = {}): void {
  describe(`repositories contract${capabilities.name ? ` (${capabilities.name})` : ''}`, () => {
    const context = usePersistence(factory);
    catalogRepositoriesContract(context);
    salesRepositoriesContract(context);
    reportQueriesContract(context);
    staffRepositoriesContract(context);
    infrastructureRepositoriesContract(context);
    marketingRepositoriesContract(context);
    paymentsContract(context, { concurrentTransactions: capabilities.concurrentTransactions !== false });
    uniquenessContract(context, { concurrentTransactions: capabilities.concurrentTransactions !== false });
    transactionsContract(context);
    if (capabilities.concurrentTransactions !== false) concurrencyContract(context);
  });
}
