/** Something that happened, recorded in the outbox in the same transaction as the change. */
export interface DomainEvent<T extends string = string, P extends object = Record<string, unknown>> {
  readonly type: T;
  readonly aggregateId: string;
  readonly payload: P;
  readonly occurredAt: Date;
}

export interface OutboxRecord {
  readonly id: string;
  readonly event: DomainEvent;
  readonly createdAt: Date;
  readonly dispatchedAt: Date | null;
  readonly attempts: number;
}
