import {
  type AudienceMember,
  type AudienceSegment,
  type Campaign,
  type CampaignProgress,
  type CampaignRecipient,
  type CampaignRepository,
  type CampaignStatus,
  type NotificationLogRepository,
  type Page,
  type PageRequest,
  progressFrom,
  type RecipientStatus,
  type StockAlertRepository,
} from '@mostrador/core';
import type { MemoryTables, TableAccess } from './memory-tables.js';

export interface NotifyTables {
  readonly campaigns: Map<string, Campaign>;
  /** Key: `<campaignId>\u0000<customerId>`. */
  readonly recipients: Map<string, CampaignRecipient>;
  /** Key: `<productId>\u0000<customerId>`; value: when subscribed. */
  readonly stockAlerts: Map<string, Date>;
  readonly notificationLog: Map<string, Date>;
}

export const emptyNotifyTables = (): NotifyTables => ({
  campaigns: new Map(),
  recipients: new Map(),
  stockAlerts: new Map(),
  notificationLog: new Map(),
});

export const copyNotifyTables = (tables: NotifyTables): NotifyTables => ({
  campaigns: new Map(tables.campaigns),
  recipients: new Map(tables.recipients),
  stockAlerts: new Map(tables.stockAlerts),
  notificationLog: new Map(tables.notificationLog),
});

const key = (a: string, b: string): string => `${a}\u0000${b}`;
const clone = <T>(value: T): T => structuredClone(value);
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const PURCHASED = new Set(['paid', 'invoiced', 'shipped', 'delivered']);

const inSegment = (tables: MemoryTables, segment: AudienceSegment, customerId: string, language: string): boolean => {
  switch (segment.kind) {
    case 'all':
      return true;
    case 'language':
      return language === segment.language;
    case 'category':
      return [...tables.orders.values()].some(
        (order) =>
          order.customerId === customerId &&
          PURCHASED.has(order.status) &&
          order.lines.some((line) => tables.products.get(line.productId)?.categoryId === segment.categoryId),
      );
  }
};

export class InMemoryCampaignRepository implements CampaignRepository {
  constructor(private readonly access: TableAccess) {}

  async get(id: string): Promise<Campaign | null> {
    const campaign = this.access.read().notify.campaigns.get(id);
    return campaign ? clone(campaign) : null;
  }

  async list(page: PageRequest): Promise<Page<Campaign>> {
    const all = [...this.access.read().notify.campaigns.values()].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byText(b.id, a.id),
    );
    return {
      items: all.slice(page.offset, page.offset + page.limit).map(clone),
      total: all.length,
      offset: page.offset,
      limit: page.limit,
    };
  }

  async save(campaign: Campaign): Promise<void> {
    await this.access.write((tables) => tables.notify.campaigns.set(campaign.id, clone(campaign)));
  }

  async transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: Date,
    changes: { startedAt?: Date; finishedAt?: Date; resumes?: number } = {},
  ): Promise<Campaign | null> {
    return this.access.write((tables) => {
      const current = tables.notify.campaigns.get(id);
      if (!current || !from.includes(current.status)) return null;
      const next: Campaign = {
        ...current,
        status: to,
        updatedAt: new Date(at),
        ...(changes.startedAt ? { startedAt: new Date(changes.startedAt) } : {}),
        ...(changes.finishedAt ? { finishedAt: new Date(changes.finishedAt) } : {}),
        ...(changes.resumes !== undefined ? { resumes: changes.resumes } : {}),
      };
      tables.notify.campaigns.set(id, next);
      return clone(next);
    });
  }

  async audience(segment: AudienceSegment, afterCustomerId: string | null, limit: number): Promise<AudienceMember[]> {
    const tables = this.access.read();
    return [...tables.customers.values()]
      .filter((customer) => customer.marketingConsent && customer.identities.length > 0)
      .filter((customer) => afterCustomerId === null || customer.id > afterCustomerId)
      .filter((customer) => inSegment(tables, segment, customer.id, customer.language))
      .sort((a, b) => byText(a.id, b.id))
      .slice(0, limit)
      .map((customer) => {
        const identity = customer.identities[0]!;
        return { customerId: customer.id, channel: identity.channel, chatId: identity.userId, locale: customer.language };
      });
  }

  async addRecipients(campaignId: string, members: readonly AudienceMember[], at: Date): Promise<number> {
    return this.access.write((tables) => {
      let added = 0;
      for (const member of members) {
        const k = key(campaignId, member.customerId);
        if (tables.notify.recipients.has(k)) continue;
        tables.notify.recipients.set(k, {
          campaignId,
          customerId: member.customerId,
          channel: member.channel,
          chatId: member.chatId,
          locale: member.locale,
          status: 'queued',
          error: null,
          updatedAt: new Date(at),
        });
        added += 1;
      }
      return added;
    });
  }

  async getRecipient(campaignId: string, customerId: string): Promise<CampaignRecipient | null> {
    const recipient = this.access.read().notify.recipients.get(key(campaignId, customerId));
    return recipient ? clone(recipient) : null;
  }

  async claimRecipient(campaignId: string, customerId: string, at: Date): Promise<CampaignRecipient | null> {
    return this.access.write((tables) => {
      const k = key(campaignId, customerId);
      const recipient = tables.notify.recipients.get(k);
      if (recipient?.status !== 'queued') return null;
      const claimed: CampaignRecipient = { ...recipient, status: 'sending', updatedAt: new Date(at) };
      tables.notify.recipients.set(k, claimed);
      return clone(claimed);
    });
  }

  async finishRecipient(
    campaignId: string,
    customerId: string,
    status: RecipientStatus,
    at: Date,
    error: string | null = null,
    from?: readonly RecipientStatus[],
  ): Promise<boolean> {
    return this.access.write((tables) => {
      const k = key(campaignId, customerId);
      const recipient = tables.notify.recipients.get(k);
      if (!recipient || (from !== undefined && !from.includes(recipient.status))) return false;
      tables.notify.recipients.set(k, { ...recipient, status, error, updatedAt: new Date(at) });
      return true;
    });
  }

  async queuedRecipients(campaignId: string, afterCustomerId: string | null, limit: number): Promise<string[]> {
    return [...this.access.read().notify.recipients.values()]
      .filter((r) => r.campaignId === campaignId && r.status === 'queued' && (afterCustomerId === null || r.customerId > afterCustomerId))
      .map((r) => r.customerId)
      .sort(byText)
      .slice(0, limit);
  }

  async skipQueued(campaignId: string, at: Date): Promise<number> {
    return this.access.write((tables) => {
      let skipped = 0;
      for (const [k, r] of tables.notify.recipients) {
        if (r.campaignId !== campaignId || r.status !== 'queued') continue;
        tables.notify.recipients.set(k, { ...r, status: 'skipped', error: 'CAMPAIGN.CANCELLED', updatedAt: new Date(at) });
        skipped += 1;
      }
      return skipped;
    });
  }

  async progress(campaignId: string): Promise<CampaignProgress> {
    const counts: Partial<Record<RecipientStatus, number>> = {};
    for (const r of this.access.read().notify.recipients.values()) {
      if (r.campaignId === campaignId) counts[r.status] = (counts[r.status] ?? 0) + 1;
    }
    return progressFrom(counts);
  }
}

export class InMemoryStockAlertRepository implements StockAlertRepository {
  constructor(private readonly access: TableAccess) {}

  async subscribe(productId: string, customerId: string, at: Date): Promise<boolean> {
    return this.access.write((tables) => {
      const k = key(productId, customerId);
      if (tables.notify.stockAlerts.has(k)) return false;
      tables.notify.stockAlerts.set(k, new Date(at));
      return true;
    });
  }

  async subscribers(productId: string, limit: number): Promise<string[]> {
    return [...this.access.read().notify.stockAlerts.entries()]
      .map(([k, at]) => ({ parts: k.split('\u0000'), at }))
      .filter(({ parts }) => parts[0] === productId)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || byText(a.parts[1] ?? '', b.parts[1] ?? ''))
      .slice(0, limit)
      .map(({ parts }) => parts[1] ?? '');
  }

  async isSubscribed(productId: string, customerId: string): Promise<boolean> {
    return this.access.read().notify.stockAlerts.has(key(productId, customerId));
  }

  async remove(productId: string, customerId: string): Promise<void> {
    await this.access.write((tables) => tables.notify.stockAlerts.delete(key(productId, customerId)));
  }
}

export class InMemoryNotificationLog implements NotificationLogRepository {
  constructor(private readonly access: TableAccess) {}

  async claim(k: string, at: Date): Promise<boolean> {
    return this.access.write((tables) => {
      if (tables.notify.notificationLog.has(k)) return false;
      tables.notify.notificationLog.set(k, new Date(at));
      return true;
    });
  }

  async release(k: string): Promise<void> {
    await this.access.write((tables) => tables.notify.notificationLog.delete(k));
  }
}
