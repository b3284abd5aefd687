import { EntitySchema } from 'typeorm';
import { idColumn, integer, jsonb, text, timestamp } from './columns.js';

export interface OutboxRow {
  id: string;
  /** Insertion order (identity): "oldest first". */
  seq?: string;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
  dispatchedAt: Date | null;
  attempts: number;
}

export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'OutboxRecord',
  tableName: 'outbox',
  columns: {
    id: idColumn(),
    seq: { type: 'bigint', name: 'seq', insert: false, update: false },
    type: text('type'),
    aggregateId: text('aggregate_id'),
    payload: jsonb('payload'),
    occurredAt: timestamp('occurred_at'),
    createdAt: timestamp('created_at'),
    dispatchedAt: timestamp('dispatched_at', true),
    attempts: integer('attempts'),
  },
});

export interface SettingRow {
  key: string;
  value: unknown;
  updatedAt: Date;
}

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: idColumn('key'),
    value: jsonb('value'),
    updatedAt: timestamp('updated_at'),
  },
});

export interface ConversationRow {
  channel: string;
  chatId: string;
  state: unknown;
  updatedAt: Date;
}

export const ConversationEntity = new EntitySchema<ConversationRow>({
  name: 'Conversation',
  tableName: 'conversations',
  columns: {
    channel: { type: 'text', name: 'channel', primary: true },
    chatId: { type: 'text', name: 'chat_id', primary: true },
    state: jsonb('state'),
    updatedAt: timestamp('updated_at'),
  },
});

export interface ProcessedUpdateRow {
  channel: string;
  updateKey: string;
  processedAt: Date;
}

export const ProcessedUpdateEntity = new EntitySchema<ProcessedUpdateRow>({
  name: 'ProcessedUpdate',
  tableName: 'processed_updates',
  columns: {
    channel: { type: 'text', name: 'channel', primary: true },
    updateKey: { type: 'text', name: 'update_key', primary: true },
    processedAt: timestamp('processed_at'),
  },
});

export interface ImageRow {
  id: string;
  mimeType: string;
  bytes: Uint8Array;
  byteSize: number;
  createdAt: Date;
}

export const ImageEntity = new EntitySchema<ImageRow>({
  name: 'Image',
  tableName: 'images',
  columns: {
    id: idColumn(),
    mimeType: text('mime_type'),
    bytes: { type: 'bytea', name: 'bytes' },
    byteSize: integer('byte_size'),
    createdAt: timestamp('created_at'),
  },
});
