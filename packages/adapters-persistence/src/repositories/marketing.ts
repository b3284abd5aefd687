import {
  type AudienceMember,
  type AudienceSegment,
  type Campaign,
  type CampaignProgress,
  type CampaignRecipient,
  type CampaignRepository,
  type CampaignStatus,
  type Locale,
  type NotificationLogRepository,
  type Page,
  type PageRequest,
  progressFrom,
  type RecipientStatus,
  type StockAlertRepository,
} from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import { execute } from './sql.js';

interface CampaignRow {
  id: string;
  name: string;
  text: string;
  product_ids: string[];
  segment: AudienceSegment;
  scheduled_at: Date | string;
  status: CampaignStatus;
  created_by: string;
  resumes: number;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface RecipientRow {
  campaign_id: string;
  customer_id: string;
  channel: string;
  chat_id: string;
  locale: Locale;
  status: RecipientStatus;
  error: string | null;
  updated_at: Date | string;
}

const date = (value: Date | string): Date => new Date(value);
const dateOrNull = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

const campaignFromRow = (row: CampaignRow): Campaign => ({
  id: row.id,
  name: row.name,
  text: row.text,
  productIds: row.product_ids,
  segment: row.segment,
  scheduledAt: date(row.scheduled_at),
  status: row.status,
  createdBy: row.created_by,
  resumes: Number(row.resumes),
  startedAt: dateOrNull(row.started_at),
  finishedAt: dateOrNull(row.finished_at),
  createdAt: date(row.created_at),
  updatedAt: date(row.updated_at),
});

const recipientFromRow = (row: RecipientRow): CampaignRecipient => ({
  campaignId: row.campaign_id,
  customerId: row.customer_id,
  channel: row.channel,
  chatId: row.chat_id,
  locale: row.locale,
  status: row.status,
  error: row.error,
  updatedAt: date(row.updated_at),
});

const CAMPAIGN_COLUMNS =
  'id, name, text, product_ids, segment, scheduled_at, status, created_by, resumes, started_at, finished_at, created_at, updated_at';
const RECIPIENT_COLUMNS = 'campaign_id, customer_id, channel, chat_id, locale, status, error, updated_at';

/** The statuses of an order that count as a purchase (the "bought from category" segment). */
const PURCHASED = `('paid', 'invoiced', 'shipped', 'delivered')`;

export class TypeOrmCampaignRepository implements CampaignRepository {
  constructor(private readonly manager: EntityManager) {}

  async get(id: string): Promise<Campaign | null> {
    const { rows } = await execute<CampaignRow>(this.manager, `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1`, [id]);
    return rows[0] ? campaignFromRow(rows[0]) : null;
  }

  async list(page: PageRequest): Promise<Page<Campaign>> {
    const { rows } = await execute<CampaignRow & { total: number }>(
      this.manager,
      `SELECT ${CAMPAIGN_COLUMNS}, count(*) OVER ()::int AS total FROM campaigns ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT $2`,
      [page.offset, page.limit],
    );
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && page.offset > 0) {
      const counted = await execute<{ total: number }>(this.manager, 'SELECT count(*)::int AS total FROM campaigns');
      total = counted.rows[0]?.total ?? 0;
    }
    return { items: rows.map(campaignFromRow), total: Number(total), offset: page.offset, limit: page.limit };
  }

  async save(campaign: Campaign): Promise<void> {
    await execute(
      this.manager,
      `INSERT INTO campaigns (${CAMPAIGN_COLUMNS}) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, text = EXCLUDED.text, product_ids = EXCLUDED.product_ids,
         segment = EXCLUDED.segment, scheduled_at = EXCLUDED.scheduled_at, status = EXCLUDED.status, created_by = EXCLUDED.created_by,
         resumes = EXCLUDED.resumes, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
         created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
      [
        campaign.id,
        campaign.name,
        campaign.text,
        JSON.stringify(campaign.productIds),
        JSON.stringify(campaign.segment),
        campaign.scheduledAt,
        campaign.status,
        campaign.createdBy,
        campaign.resumes,
        campaign.startedAt,
        campaign.finishedAt,
        campaign.createdAt,
        campaign.updatedAt,
      ],
    );
  }

  /** One conditional UPDATE: of concurrent transitions from the same status, one wins. */
  async transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: Date,
    changes: { startedAt?: Date; finishedAt?: Date; resumes?: number } = {},
  ): Promise<Campaign | null> {
    const { rows } = await execute<CampaignRow>(
      this.manager,
      `UPDATE campaigns SET status = $3, updated_at = $4,
         started_at = COALESCE($5, started_at), finished_at = COALESCE($6, finished_at), resumes = COALESCE($7, resumes)
       WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${CAMPAIGN_COLUMNS}`,
      [id, [...from], to, at, changes.startedAt ?? null, changes.finishedAt ?? null, changes.resumes ?? null],
    );
    return rows[0] ? campaignFromRow(rows[0]) : null;
  }

  async audience(segment: AudienceSegment, afterCustomerId: string | null, limit: number): Promise<AudienceMember[]> {
    const parameters: unknown[] = [afterCustomerId, limit];
    let filter = '';
    if (segment.kind === 'language') {
      parameters.push(segment.language);
      filter = 'AND c.language = $3';
    } else if (segment.kind === 'category') {
      parameters.push(segment.categoryId);
      filter = `AND EXISTS (
        SELECT 1 FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.lines) AS l(line)
        JOIN products p ON p.id = l.line->>'productId'
        WHERE o.customer_id = c.id AND o.status IN ${PURCHASED} AND p.category_id = $3)`;
    }
    const { rows } = await execute<{ customer_id: string; language: Locale; channel: string; user_id: string }>(
      this.manager,
      `SELECT c.id AS customer_id, c.language, i.channel, i.user_id
       FROM customers c
       JOIN LATERAL (
         SELECT channel, user_id FROM customer_identities ci WHERE ci.customer_id = c.id ORDER BY position, channel, user_id LIMIT 1
       ) i ON true
       WHERE c.marketing_consent AND ($1::text IS NULL OR c.id > $1) ${filter}
       ORDER BY c.id LIMIT $2`,
      parameters,
    );
    return rows.map((row) => ({ customerId: row.customer_id, channel: row.channel, chatId: row.user_id, locale: row.language }));
  }

  async addRecipients(campaignId: string, members: readonly AudienceMember[], at: Date): Promise<number> {
    if (members.length === 0) return 0;
    const { affected } = await execute(
      this.manager,
      `INSERT INTO campaign_recipients (campaign_id, customer_id, channel, chat_id, locale, status, error, updated_at)
       SELECT $1, m.customer_id, m.channel, m.chat_id, m.locale, 'queued', NULL, $6
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS m(customer_id, channel, chat_id, locale)
       ON CONFLICT (campaign_id, customer_id) DO NOTHING`,
      [
        campaignId,
        members.map((m) => m.customerId),
        members.map((m) => m.channel),
        members.map((m) => m.chatId),
        members.map((m) => m.locale),
        at,
      ],
    );
    return affected;
  }

  async getRecipient(campaignId: string, customerId: string): Promise<CampaignRecipient | null> {
    const { rows } = await execute<RecipientRow>(
      this.manager,
      `SELECT ${RECIPIENT_COLUMNS} FROM campaign_recipients WHERE campaign_id = $1 AND customer_id = $2`,
      [campaignId, customerId],
    );
    return rows[0] ? recipientFromRow(rows[0]) : null;
  }

  /** The claim: one conditional UPDATE, so of concurrent workers exactly one gets the row back. */
  async claimRecipient(campaignId: string, customerId: string, at: Date): Promise<CampaignRecipient | null> {
    const { rows } = await execute<RecipientRow>(
      this.manager,
      `UPDATE campaign_recipients SET status = 'sending', updated_at = $3
       WHERE campaign_id = $1 AND customer_id = $2 AND status = 'queued' RETURNING ${RECIPIENT_COLUMNS}`,
      [campaignId, customerId, at],
    );
    return rows[0] ? recipientFromRow(rows[0]) : null;
  }

  async finishRecipient(
    campaignId: string,
    customerId: string,
    status: RecipientStatus,
    at: Date,
    error: string | null = null,
    from?: readonly RecipientStatus[],
  ): Promise<boolean> {
    const { affected } = await execute(
      this.manager,
      `UPDATE campaign_recipients SET status = $3, error = $4, updated_at = $5
       WHERE campaign_id = $1 AND customer_id = $2 AND ($6::text[] IS NULL OR status = ANY($6::text[]))`,
      [campaignId, customerId, status, error, at, from === undefined ? null : [...from]],
    );
    return affected > 0;
  }

  async queuedRecipients(campaignId: string, afterCustomerId: string | null, limit: number): Promise<string[]> {
    const { rows } = await execute<{ customer_id: string }>(
      this.manager,
      `SELECT customer_id FROM campaign_recipients
       WHERE campaign_id = $1 AND status = 'queued' AND ($2::text IS NULL OR customer_id > $2)
       ORDER BY customer_id LIMIT $3`,
      [campaignId, afterCustomerId, limit],
    );
    return rows.map((row) => row.customer_id);
  }

  async skipQueued(campaignId: string, at: Date): Promise<number> {
    const { affected } = await execute(
      this.manager,
      `UPDATE campaign_recipients SET status = 'skipped', error = 'CAMPAIGN.CANCELLED', updated_at = $2
       WHERE campaign_id = $1 AND status = 'queued'`,
      [campaignId, at],
    );
    return affected;
  }

  async progress(campaignId: string): Promise<CampaignProgress> {
    const { rows } = await execute<{ status: RecipientStatus; n: number }>(
      this.manager,
      'SELECT status, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY status',
      [campaignId],
    );
    return progressFrom(Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])));
  }
}

export class TypeOrmStockAlertRepository implements StockAlertRepository {
  constructor(private readonly manager: EntityManager) {}

  async subscribe(productId: string, customerId: string, at: Date): Promise<boolean> {
    const { rows } = await execute(
      this.manager,
      'INSERT INTO stock_alerts (product_id, customer_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING product_id',
      [productId, customerId, at],
    );
    return rows.length === 1;
  }

  async subscribers(productId: string, limit: number): Promise<string[]> {
    const { rows } = await execute<{ customer_id: string }>(
      this.manager,
      'SELECT customer_id FROM stock_alerts WHERE product_id = $1 ORDER BY created_at, seq LIMIT $2',
      [productId, limit],
    );
    return rows.map((row) => row.customer_id);
  }

  async isSubscribed(productId: string, customerId: string): Promise<boolean> {
    const { rows } = await execute(this.manager, 'SELECT 1 FROM stock_alerts WHERE product_id = $1 AND customer_id = $2', [
      productId,
      customerId,
    ]);
    return rows.length === 1;
  }

  async remove(productId: string, customerId: string): Promise<void> {
    await execute(this.manager, 'DELETE FROM stock_alerts WHERE product_id = $1 AND customer_id = $2', [productId, customerId]);
  }
}

export class TypeOrmNotificationLog implements NotificationLogRepository {
  constructor(private readonly manager: EntityManager) {}

  /** INSERT ... ON CONFLICT DO NOTHING: atomic across concurrent claimers. */
  async claim(key: string, at: Date): Promise<boolean> {
    const { rows } = await execute(
      this.manager,
      'INSERT INTO notification_log (key, sent_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key',
      [key, at],
    );
    return rows.length === 1;
  }

  async release(key: string): Promise<void> {
    await execute(this.manager, 'DELETE FROM notification_log WHERE key = $1', [key]);
  }
}
