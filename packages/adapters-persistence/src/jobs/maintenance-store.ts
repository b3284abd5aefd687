import type { MaintenanceStore } from '@mostrador/core';
import type { DataSource } from 'typeorm';
import { execute } from '../repositories/sql.js';

/** Pruning in batches (`ctid` lists: PostgreSQL's DELETE has no LIMIT), each its own short statement. */
export class TypeOrmMaintenanceStore implements MaintenanceStore {
  constructor(private readonly dataSource: DataSource) {}

  async pruneProcessedUpdates(before: Date, limit: number): Promise<number> {
    const { affected } = await execute(
      this.dataSource.manager,
      `DELETE FROM processed_updates WHERE ctid = ANY (ARRAY(SELECT ctid FROM processed_updates WHERE processed_at < $1 LIMIT $2))`,
      [before, limit],
    );
    return affected;
  }

  async pruneRefreshTokens(before: Date, limit: number): Promise<number> {
    const { affected } = await execute(
      this.dataSource.manager,
      `DELETE FROM refresh_tokens WHERE ctid = ANY (ARRAY(SELECT ctid FROM refresh_tokens WHERE expires_at < $1 LIMIT $2))`,
      [before, limit],
    );
    return affected;
  }
}
