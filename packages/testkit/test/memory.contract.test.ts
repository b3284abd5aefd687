import {
  conversationStoreContract,
  imageFingerprintsContract,
  imageStoreContract,
  type PersistenceUnderTest,
  productSearchContract,
  repositoriesContract,
} from '../src/contracts/index.js';
import { createInMemoryPersistence, InMemoryImageFingerprints, InMemoryImageStore } from '../src/memory/index.js';

const inMemory = async (): Promise<PersistenceUnderTest> => {
  const { uow, search } = createInMemoryPersistence();
  return { uow, search, reset: () => uow.reset(), close: async () => {} };
};

repositoriesContract(inMemory, { name: 'in-memory' });
productSearchContract(inMemory, { name: 'in-memory' });
imageStoreContract(async () => new InMemoryImageStore(), { name: 'in-memory' });
conversationStoreContract(async () => createInMemoryPersistence().uow.repositories.conversations, { name: 'in-memory' });
imageFingerprintsContract(async () => new InMemoryImageFingerprints(), { name: 'in-memory' });
