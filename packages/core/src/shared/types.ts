export type Locale = 'es' | 'en';
export const LOCALES: readonly Locale[] = ['es', 'en'];
export const DEFAULT_LOCALE: Locale = 'es';

/** A channel's name, as its adapter declares it (`MessagingChannel.name`). Open set so third parties can add theirs. */
export type ChannelName = string;

/** Who a person is on one channel. */
export interface ChannelIdentity {
  readonly channel: ChannelName;
  readonly userId: string;
}

/** A page of results with a stable order. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

export type Translations = Partial<Record<Locale, { readonly name?: string; readonly description?: string }>>;
