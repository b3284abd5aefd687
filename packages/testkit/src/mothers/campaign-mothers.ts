import type { Campaign } from '@mostrador/core';
import { anId, MOTHER_DATE, uniqueSuffix } from './ids.js';

/** A scheduled campaign to everyone, text only, due at MOTHER_DATE. */
export const aCampaign = (overrides: Partial<Campaign> = {}): Campaign => ({
  id: anId(),
  name: `Campaña ${uniqueSuffix()}`,
  text: '*Hot Sale*: 20 % en toda la tienda',
  productIds: [],
  segment: { kind: 'all' },
  scheduledAt: MOTHER_DATE,
  status: 'scheduled',
  createdBy: anId(),
  resumes: 0,
  startedAt: null,
  finishedAt: null,
  createdAt: MOTHER_DATE,
  updatedAt: MOTHER_DATE,
  ...overrides,
});
