import { InitialSchema1764100000000 } from './1764100000000-initial-schema.js';
import { SearchSortName1764200000000 } from './1764200000000-search-sort-name.js';
import { ImageFingerprints1765700000000 } from './1765700000000-image-fingerprints.js';

/** Every migration, oldest first. Add new ones at the end; never edit an applied one. */
export const MIGRATIONS = [InitialSchema1764100000000, SearchSortName1764200000000, ImageFingerprints1765700000000] as const;

export { ImageFingerprints1765700000000, InitialSchema1764100000000, SearchSortName1764200000000 };
