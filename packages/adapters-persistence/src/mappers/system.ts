import type { DomainEvent, OutboxRecord } from '@mostrador/core';
import type { OutboxRow } from '../entities/system.js';
import { toDate, toNullableDate } from './values.js';

export const outboxFromRow = (row: OutboxRow): OutboxRecord => ({
  id: row.id,
  event: { type: row.type, aggregateId: row.aggregateId, payload: row.payload, occurredAt: toDate(row.occurredAt) },
  createdAt: toDate(row.createdAt),
  dispatchedAt: toNullableDate(row.dispatchedAt),
  attempts: row.attempts,
});

/** Payloads are plain JSON by contract (no Dates); the JSONB round trip is what consumers see. */
export const outboxToRow = (id: string, event: DomainEvent, createdAt: Date): OutboxRow => ({
  id,
  type: event.type,
  aggregateId: event.aggregateId,
  payload: JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>,
  occurredAt: event.occurredAt,
  createdAt,
  dispatchedAt: null,
  attempts: 0,
});
