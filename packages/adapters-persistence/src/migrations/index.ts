import { InitialSchema1764100000000 } from './1764100000000-initial-schema.js';
import { SearchSortName1764200000000 } from './1764200000000-search-sort-name.js';
import { SearchMeasures1765000000000 } from './1765000000000-search-measures.js';

/** Every migration, oldest first. Add new ones at the end; never edit an applied one. */
export const MIGRATIONS = [InitialSchema1764100000000, SearchSortName1764200000000, SearchMeasures1765000000000] as const;

export { InitialSchema1764100000000, SearchMeasures1765000000000, SearchSortName1764200000000 };
