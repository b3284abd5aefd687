import { productImageMatcherContract } from '@mostrador/testkit/contracts';
import { InMemoryImageFingerprints } from '@mostrador/testkit/memory';
import { LocalImageMatcher } from '../src/index.js';

productImageMatcherContract(async () => new LocalImageMatcher(new InMemoryImageFingerprints()), { name: 'local, in-memory fingerprints' });
