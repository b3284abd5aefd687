import { randomUUID } from 'node:crypto';
import { assertImageId, assertImageMimeType, type ImageStore, ValidationError } from '@mostrador/core';
import type { DataSource } from 'typeorm';
import { toBytes } from './mappers/values.js';
import { execute } from './repositories/sql.js';

/** Largest image accepted (bytes). Channels resize before storing; this guards the database. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const checkImage = (bytes: Uint8Array, mimeType: string): void => {
  assertImageMimeType(mimeType);
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new ValidationError('IMAGE.TOO_LARGE', `images are limited to ${MAX_IMAGE_BYTES} bytes, got ${bytes.byteLength}`, {
      size: bytes.byteLength,
    });
  }
};

/** Catalog images as bytea rows of the `images` table; `put` ids are random UUIDs. */
export class TypeOrmImageStore implements ImageStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(bytes: Uint8Array, mimeType: string): Promise<string> {
    const id = randomUUID();
    await this.insert(id, bytes, mimeType);
    return id;
  }

  async putIfAbsent(id: string, bytes: Uint8Array, mimeType: string): Promise<boolean> {
    assertImageId(id);
    return this.insert(id, bytes, mimeType, ' ON CONFLICT (id) DO NOTHING');
  }

  async get(id: string): Promise<{ bytes: Uint8Array; mimeType: string } | null> {
    const { rows } = await execute<{ bytes: Uint8Array; mime_type: string }>(
      this.dataSource.manager,
      'SELECT bytes, mime_type FROM images WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row ? { bytes: toBytes(row.bytes), mimeType: row.mime_type } : null;
  }

  /** True when the row was inserted. */
  private async insert(id: string, bytes: Uint8Array, mimeType: string, onConflict = ''): Promise<boolean> {
    checkImage(bytes, mimeType);
    const { rows } = await execute(
      this.dataSource.manager,
      `INSERT INTO images (id, mime_type, bytes, byte_size, created_at) VALUES ($1, $2, $3, $4, now())${onConflict} RETURNING id`,
      [id, mimeType, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength],
    );
    return rows.length === 1;
  }
}
