import type { CounterSaleUseCases } from './application/counter-sale-use-cases.js';
import type { InvoicingUseCases } from './application/invoicing-use-cases.js';
import type { ShopSettings } from './application/settings.js';
import type { UseCases } from './application/use-cases.js';
import type { EventSubscriber } from './jobs/event-subscriber.js';
import type { ScheduledTask } from './jobs/housekeeping.js';
import type { ChannelRateLimits } from './jobs/rate-limits.js';
import type { ImageFingerprintRepository } from './ports/image-fingerprints.js';
import type { InboundRoute } from './ports/inbound-route.js';
import type { AccessTicketStore, ExclusiveLocks } from './ports/invoicing.js';
import type { Startable } from './ports/lifecycle.js';
import type { MaintenanceStore } from './ports/maintenance.js';
import type { ChannelAdapter, ChannelRegistry } from './ports/messaging-channel.js';
import type { ProductSearch } from './ports/product-search.js';
import type { Repositories, UnitOfWork } from './ports/repositories.js';
import type {
  Assistant,
  Clock,
  DocumentRenderer,
  IdGenerator,
  ImageAnalyzer,
  ImageStore,
  InvoiceAuthorizer,
  JobQueue,
  Logger,
  PasswordHasher,
  PaymentGateway,
  ProductImageMatcher,
  SecretTokens,
  TokenIssuer,
} from './ports/services.js';
import { token } from './shared/token.js';

/** Typed keys for every port and service; `container.get(TOKENS.UnitOfWork)` is a `UnitOfWork`. */
export const TOKENS = {
  UnitOfWork: token<UnitOfWork>('UnitOfWork'),
  Repositories: token<Repositories>('Repositories'),
  ProductSearch: token<ProductSearch>('ProductSearch'),
  ImageStore: token<ImageStore>('ImageStore'),
  /** The registry of every bound channel; built by the app from the `Channel` bindings. */
  Channels: token<ChannelRegistry>('ChannelRegistry'),
  /** Multi-bound: one per channel adapter the app runs (each messaging app the shop answers on, or your own). */
  Channel: token<ChannelAdapter>('Channel'),
  /** Multi-bound: HTTP routes of adapters other than the HTTP adapter (webhooks); the HTTP adapter mounts them all. */
  InboundRoute: token<InboundRoute>('InboundRoute'),
  PaymentGateway: token<PaymentGateway>('PaymentGateway'),
  Assistant: token<Assistant>('Assistant'),
  /** The assistant that needs no AI service: the default, and the fallback when `Assistant` cannot answer; optional. */
  LocalAssistant: token<Assistant>('LocalAssistant'),
  ImageAnalyzer: token<ImageAnalyzer>('ImageAnalyzer'),
  InvoiceAuthorizer: token<InvoiceAuthorizer>('InvoiceAuthorizer'),
  DocumentRenderer: token<DocumentRenderer>('DocumentRenderer'),
  JobQueue: token<JobQueue>('JobQueue'),
  Clock: token<Clock>('Clock'),
  Logger: token<Logger>('Logger'),
  IdGenerator: token<IdGenerator>('IdGenerator'),
  PasswordHasher: token<PasswordHasher>('PasswordHasher'),
  /** Random refresh-token secrets and their stored digests (the app binds `NodeSecretTokens`). */
  SecretTokens: token<SecretTokens>('SecretTokens'),
  TokenIssuer: token<TokenIssuer>('TokenIssuer'),
  ShopSettings: token<ShopSettings>('ShopSettings'),
  UseCases: token<UseCases>('UseCases'),
  /** The local photo matcher (perceptual fingerprints of catalog images); optional. */
  ProductImageMatcher: token<ProductImageMatcher>('ProductImageMatcher'),
  /** Where the local photo matcher keeps catalog image fingerprints (persistence binds it). */
  ImageFingerprints: token<ImageFingerprintRepository>('ImageFingerprints'),
  /** Multi-bound: every adapter that must be started and stopped. */
  Startable: token<Startable>('Startable'),
  /** Multi-bound: reactions to domain events (notifications, invoicing); the outbox dispatcher runs each. */
  EventSubscriber: token<EventSubscriber>('EventSubscriber'),
  /** Multi-bound: periodic tasks besides housekeeping (payments reconciliation); the JobScheduler runs each once per period across instances. */
  ScheduledTask: token<ScheduledTask>('ScheduledTask'),
  /** Pruning of old records (housekeeping jobs); bound by the persistence adapter. */
  MaintenanceStore: token<MaintenanceStore>('MaintenanceStore'),
  /** The bulk send rate of each channel, shared by every worker (queues that send consume with it). */
  ChannelRateLimits: token<ChannelRateLimits>('ChannelRateLimits'),
  // ---- electronic invoicing (ARCA) ----
  /** ARCA access tickets shared by every instance (bound by the persistence adapter). */
  AccessTicketStore: token<AccessTicketStore>('AccessTicketStore'),
  /** Locks that hold across every instance sharing the database (bound by the persistence adapter). */
  ExclusiveLocks: token<ExclusiveLocks>('ExclusiveLocks'),
  /** Issuance of ARCA vouchers; bound only when invoicing is configured. */
  InvoicingUseCases: token<InvoicingUseCases>('InvoicingUseCases'),
  /** Staff sales at the counter (`POST /api/v1/orders`). */
  CounterSaleUseCases: token<CounterSaleUseCases>('CounterSaleUseCases'),
} as const;
