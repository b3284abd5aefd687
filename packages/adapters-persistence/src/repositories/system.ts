import { randomUUID } from 'node:crypto';
import type {
  ChannelIdentity,
  ConversationStart,
  ConversationStartWithSender,
  ConversationStore,
  DomainEvent,
  OutboxRecord,
  OutboxRepository,
  SettingsRepository,
} from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import type { CustomerIdentityRow, CustomerRow } from '../entities/customers.js';
import { OutboxEntity } from '../entities/system.js';
import { customerFromRows } from '../mappers/customers.js';
import { outboxFromRow, outboxToRow } from '../mappers/system.js';
import { CUSTOMER_BY_IDENTITY_JSON } from './customers.js';
import { insertRows, reading } from './rows.js';
import { execute } from './sql.js';

export class TypeOrmOutboxRepository implements OutboxRepository {
  constructor(private readonly manager: EntityManager) {}

  async add(events: readonly DomainEvent[]): Promise<void> {
    await insertRows(
      this.manager,
      OutboxEntity,
      events.map((event) => outboxToRow(randomUUID(), event, event.occurredAt)),
    );
  }

  /** Oldest undispatched first (insertion order). */
  async pending(limit: number): Promise<OutboxRecord[]> {
    const rows = await reading(() =>
      this.manager
        .getRepository(OutboxEntity)
        .createQueryBuilder('o')
        .where('o.dispatchedAt IS NULL')
        .orderBy('o.seq', 'ASC')
        .limit(limit)
        .getMany(),
    );
    return rows.map(outboxFromRow);
  }

  async markDispatched(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await execute(this.manager, 'UPDATE outbox SET dispatched_at = $2 WHERE id = ANY($1::text[]) AND dispatched_at IS NULL', [
      [...ids],
      at,
    ]);
  }
}

/** JSON values (JSONB): what comes back is the JSON round trip of what went in. */
const toJson = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? 'null' : text;
};

export class TypeOrmSettingsRepository implements SettingsRepository {
  constructor(private readonly manager: EntityManager) {}

  async get<T>(key: string): Promise<T | null> {
    const { rows } = await execute<{ value: T }>(this.manager, 'SELECT value FROM settings WHERE key = $1', [key]);
    return rows.length === 0 ? null : (rows[0]?.value ?? null);
  }

  async set<T>(key: string, value: T): Promise<void> {
    await execute(
      this.manager,
      'INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()',
      [key, toJson(value)],
    );
  }

  async setIfAbsent<T>(key: string, value: T): Promise<T> {
    const inserted = await execute<{ value: T }>(
      this.manager,
      'INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO NOTHING RETURNING value',
      [key, toJson(value)],
    );
    if (inserted.rows.length > 0) return inserted.rows[0]!.value;
    // Someone else's value is there (committed before our statement looked): read it.
    const existing = await execute<{ value: T }>(this.manager, 'SELECT value FROM settings WHERE key = $1', [key]);
    if (existing.rows.length > 0) return existing.rows[0]!.value;
    return this.setIfAbsent(key, value); // it was deleted in between: try again
  }

  async delete(key: string): Promise<void> {
    await execute(this.manager, 'DELETE FROM settings WHERE key = $1', [key]);
  }
}

export class TypeOrmConversationStore implements ConversationStore {
  constructor(private readonly manager: EntityManager) {}

  /**
   * One round trip: the insert claims the update key (atomic under concurrency), and the state is
   * read only when the claim succeeded. Prepared, as `save`: both run for every chat update.
   */
  async begin(channel: string, chatId: string, updateKey: string, at: Date): Promise<ConversationStart> {
    const { rows } = await execute<{ fresh: boolean; state: unknown }>(
      this.manager,
      `WITH claimed AS (
         INSERT INTO processed_updates (channel, update_key, processed_at) VALUES ($1, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM claimed) AS fresh,
              (SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2 AND EXISTS (SELECT 1 FROM claimed)) AS state`,
      [channel, chatId, updateKey, at],
      { prepare: true },
    );
    const row = rows[0];
    return row?.fresh ? { fresh: true, state: row.state ?? null } : { fresh: false };
  }

  /**
   * `begin` and the sender's customer in one statement (prepared): every chat update needs both,
   * and a round trip costs more than either read. The customer is read only when the claim
   * succeeded; nothing is created.
   */
  async beginWithSender(
    channel: string,
    chatId: string,
    updateKey: string,
    at: Date,
    sender: ChannelIdentity,
  ): Promise<ConversationStartWithSender> {
    const { rows } = await execute<{
      fresh: boolean;
      state: unknown;
      sender: (CustomerRow & { identities: CustomerIdentityRow[] }) | null;
    }>(
      this.manager,
      `WITH claimed AS (
         INSERT INTO processed_updates (channel, update_key, processed_at) VALUES ($1, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM claimed) AS fresh,
              (SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2 AND EXISTS (SELECT 1 FROM claimed)) AS state,
              (SELECT ${CUSTOMER_BY_IDENTITY_JSON('$5', '$6', 'EXISTS (SELECT 1 FROM claimed)')}) AS sender`,
      [channel, chatId, updateKey, at, sender.channel, sender.userId],
      { prepare: true },
    );
    const row = rows[0];
    if (!row?.fresh) return { fresh: false };
    const customer = row.sender ? customerFromRows(row.sender, row.sender.identities ?? []) : null;
    return { fresh: true, state: row.state ?? null, sender: customer };
  }

  async load(channel: string, chatId: string): Promise<unknown | null> {
    const { rows } = await execute<{ state: unknown }>(
      this.manager,
      'SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2',
      [channel, chatId],
    );
    return rows.length === 0 ? null : (rows[0]?.state ?? null);
  }

  async save(channel: string, chatId: string, state: unknown): Promise<void> {
    await execute(
      this.manager,
      `INSERT INTO conversations (channel, chat_id, state, updated_at) VALUES ($1, $2, $3::jsonb, now())
       ON CONFLICT (channel, chat_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [channel, chatId, toJson(state)],
      { prepare: true },
    );
  }

  /** True the first time: INSERT ... ON CONFLICT DO NOTHING is atomic across concurrent deliveries. */
  async markProcessed(channel: string, updateKey: string, at: Date): Promise<boolean> {
    const { rows } = await execute(
      this.manager,
      'INSERT INTO processed_updates (channel, update_key, processed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING update_key',
      [channel, updateKey, at],
    );
    return rows.length === 1;
  }
}
