import type { AccessTicket, AccessTicketStore } from '@mostrador/core';
import type { DataSource } from 'typeorm';
import { translateError } from '../repositories/sql.js';

interface TicketRow {
  token: string;
  sign: string;
  expires_at: Date | string;
}

/** ARCA access tickets in table `arca_access_tickets`, one row per key (see the port). */
export class TypeOrmAccessTicketStore implements AccessTicketStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(key: string): Promise<AccessTicket | null> {
    try {
      const rows = (await this.dataSource.query('SELECT token, sign, expires_at FROM arca_access_tickets WHERE key = $1', [
        key,
      ])) as TicketRow[];
      const row = rows[0];
      return row ? { token: row.token, sign: row.sign, expiresAt: new Date(row.expires_at) } : null;
    } catch (error) {
      throw translateError(error);
    }
  }

  async save(key: string, ticket: AccessTicket): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO arca_access_tickets (key, token, sign, expires_at, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (key) DO UPDATE SET token = excluded.token, sign = excluded.sign, expires_at = excluded.expires_at, updated_at = now()`,
        [key, ticket.token, ticket.sign, ticket.expiresAt],
      );
    } catch (error) {
      throw translateError(error);
    }
  }
}
