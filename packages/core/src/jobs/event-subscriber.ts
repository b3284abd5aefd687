import type { DomainEvent } from '../notifications/domain-event.js';

/** Reacts to domain events after their transaction committed; at-least-once, so it must be idempotent. */
export interface EventSubscriber {
  /** Stable and unique: part of the job id (`<outboxRecordId>:<name>`), so each subscriber retries on its own. */
  readonly name: string;
  /** Event types it handles, e.g. ['order.paid']. */
  readonly eventTypes: readonly string[];
  handle(event: DomainEvent): Promise<void>;
}
