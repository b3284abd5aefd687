import { InitialSchema1764100000000 } from './1764100000000-initial-schema.js';
import { SearchSortName1764200000000 } from './1764200000000-search-sort-name.js';
import { SearchMeasures1765000000000 } from './1765000000000-search-measures.js';
import { JobQueue1765200000000 } from './1765200000000-job-queue.js';
import { NotificationsAndCampaigns1765300000000 } from './1765300000000-notifications-and-campaigns.js';
import { PaymentCheckouts1765400000000 } from './1765400000000-payment-checkouts.js';
import { ArcaAccessTickets1765500000000 } from './1765500000000-arca-access-tickets.js';
import { InvoiceNumberUniqueUnlessRejected1765500000001 } from './1765500000001-invoice-number-unique-unless-rejected.js';
import { ImageFingerprints1765700000000 } from './1765700000000-image-fingerprints.js';
import { CampaignRecipientUncertain1766200000000 } from './1766200000000-campaign-recipient-uncertain.js';
import { CategoriesNotify1766600000000 } from './1766600000000-categories-notify.js';

/** Every migration, oldest first. Add new ones at the end; never edit an applied one. */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  SearchSortName1764200000000,
  SearchMeasures1765000000000,
  JobQueue1765200000000,
  NotificationsAndCampaigns1765300000000,
  PaymentCheckouts1765400000000,
  ArcaAccessTickets1765500000000,
  InvoiceNumberUniqueUnlessRejected1765500000001,
  ImageFingerprints1765700000000,
  CampaignRecipientUncertain1766200000000,
  CategoriesNotify1766600000000,
] as const;

export {
  ArcaAccessTickets1765500000000,
  CampaignRecipientUncertain1766200000000,
  CategoriesNotify1766600000000,
  ImageFingerprints1765700000000,
  InitialSchema1764100000000,
  InvoiceNumberUniqueUnlessRejected1765500000001,
  JobQueue1765200000000,
  NotificationsAndCampaigns1765300000000,
  PaymentCheckouts1765400000000,
  SearchMeasures1765000000000,
  SearchSortName1764200000000,
};
