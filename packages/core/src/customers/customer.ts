import type { ChannelIdentity, Locale } from '../shared/types.js';
import type { TaxProfile } from './tax-profile.js';

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly identities: readonly ChannelIdentity[];
  readonly language: Locale;
  readonly marketingConsent: boolean;
  readonly phone: string | null;
  readonly email: string | null;
  readonly taxProfile: TaxProfile | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
