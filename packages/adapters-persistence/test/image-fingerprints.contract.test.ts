import { imageFingerprintsContract } from '@mostrador/testkit/contracts';
import { beforeAll } from 'vitest';
import { TypeOrmImageFingerprints } from '../src/index.js';
import { openPGliteInMemory, openPostgres } from './support/databases.js';
import { sharedPersistence } from './support/shared-persistence.js';

// Every test of the contract uses ids of its own: no reset between tests.
const postgres = sharedPersistence(openPostgres);
const pglite = sharedPersistence(openPGliteInMemory);
// Opened before the tests: creating an embedded database takes seconds.
beforeAll(async () => {
  await Promise.all([postgres.get(), pglite.get()]);
});

imageFingerprintsContract(async () => new TypeOrmImageFingerprints((await postgres.get()).dataSource), { name: 'postgres' });
imageFingerprintsContract(async () => new TypeOrmImageFingerprints((await pglite.get()).dataSource), { name: 'pglite' });
