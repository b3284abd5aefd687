import { effectivePrice, isDiscountActive } from '../catalog/pricing.js';
import type { Product } from '../catalog/product.js';
import { escapeMarkup } from '../conversation/markup.js';
import { type PushButton, pushMessage } from '../conversation/push-choices.js';
import { productName } from '../conversation/screens/context.js';
import type { EventSubscriber } from '../jobs/event-subscriber.js';
import { channelRateLimits } from '../jobs/rate-limits.js';
import { retryLaterOf } from '../jobs/retry-later.js';
import { formatMoney } from '../money/money.js';
import {
  type CustomerMessenger,
  certainlyNotDelivered,
  createCustomerMessenger,
  type PushOutcome,
} from '../notifications/customer-messenger.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import { notifyCatalogFor } from '../notifications/i18n/notify-catalogs.js';
import type { ChannelRegistry } from '../ports/messaging-channel.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, IdGenerator, JobQueue, Logger } from '../ports/services.js';
import { AdapterError } from '../shared/errors.js';
import type { Locale } from '../shared/types.js';
import type { Campaign } from './campaign.js';
import { CAMPAIGN_EVENT_TYPES, type CampaignEventPayload } from './campaign-events.js';
import { productPushCode } from './product-codes.js';

/** Launch jobs: resolve the audience, record recipients, queue one job each. Payload `{ campaignId }`. */
export const CAMPAIGN_LAUNCH_QUEUE = 'campaigns.launch';
/** The per-channel queue of bulk messages, consumed under that channel's rate limit. */
export const bulkQueueFor = (channel: string): string => `bulk.${channel}`;

/** Job id of one recipient's delivery: at most one job per recipient and run (a resume is a new run). */
export const recipientJobId = (campaignId: string, customerId: string, resumes: number): string =>
  resumes === 0 ? `campaign:${campaignId}:${customerId}` : `campaign:${campaignId}:${customerId}:r${resumes}`;

export interface RecipientJob {
  readonly campaignId: string;
  readonly customerId: string;
}

export interface CampaignDeliveryDeps {
  readonly uow: UnitOfWork;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly jobs: JobQueue;
  readonly logger?: Logger | null;
  /** Bulk messages per second per channel (shared by every worker); default 25 (a common bulk limit is about 30). */
  readonly ratePerSecond?: Readonly<Record<string, number>>;
  /** Attempts per recipient job before it counts as failed; default 5. */
  readonly attempts?: number;
  /**
   * Recipient jobs each worker runs at once (default 4): also how many recipients a worker killed
   * mid-send can leave `uncertain` at most. 1 narrows that to one, at the cost of throughput.
   */
  readonly concurrency?: number;
  readonly messenger?: CustomerMessenger;
}

export interface CampaignDelivery {
  /** The `EventSubscriber` named `campaigns` (campaign.scheduled, campaign.resumed). */
  readonly subscriber: EventSubscriber;
  /** Consumes the launch queue and every running channel's bulk queue. Call once, before the queue starts. */
  register(): void;
  launch(campaignId: string): Promise<void>;
  deliver(job: RecipientJob, attempt: number): Promise<void>;
}

const PAGE = 500;
export const DEFAULT_BULK_RATE = 25;
/** Error code of a recipient left `sending` by a worker that stopped (`uncertain`). */
export const INTERRUPTED = 'DELIVERY.INTERRUPTED';

/**
 * Delivers campaigns: one job per recipient on the channel's rate-limited bulk queue, with job id
 * `campaign:<id>:<customerId>`. A recipient row is claimed (queued → sending) as the last step
 * before its message goes out, so a redelivered job, a second worker or a resumed campaign never
 * sends twice; a claim whose send the channel certainly refused (a 429) is given back and
 * retried. A claimed row found again by its job (its worker died mid-send), or a send that failed
 * without a refusal, is `uncertain`: never resent. A paused campaign's jobs leave their recipients
 * queued; resuming queues them again under new job ids. Guarantee: ADR 0011, Session 5.
 */
export const createCampaignDelivery = (deps: CampaignDeliveryDeps): CampaignDelivery => {
  const { uow, clock, jobs } = deps;
  const repositories = uow.repositories;
  const messenger = deps.messenger ?? createCustomerMessenger(deps);
  const attempts = deps.attempts ?? 5;

  const finishIfDone = async (campaign: Campaign): Promise<void> => {
    const progress = await repositories.campaigns.progress(campaign.id);
    if (progress.queued > 0) return;
    await repositories.campaigns.transition(campaign.id, ['running'], 'completed', clock.now(), { finishedAt: clock.now() });
  };

  const enqueueQueued = async (campaign: Campaign): Promise<void> => {
    let after: string | null = null;
    for (;;) {
      const queued = await repositories.campaigns.queuedRecipients(campaign.id, after, PAGE);
      if (queued.length === 0) return;
      for (const customerId of queued) {
        const recipient = await repositories.campaigns.getRecipient(campaign.id, customerId);
        if (!recipient) continue;
        const payload: RecipientJob = { campaignId: campaign.id, customerId };
        await jobs.enqueue(bulkQueueFor(recipient.channel), payload, {
          jobId: recipientJobId(campaign.id, customerId, campaign.resumes),
          attempts,
        });
      }
      after = queued[queued.length - 1] ?? null;
    }
  };

  const launch = async (campaignId: string): Promise<void> => {
    const campaign = await repositories.campaigns.get(campaignId);
    if (!campaign || (campaign.status !== 'scheduled' && campaign.status !== 'running')) return;
    const now = clock.now();
    const running =
      campaign.status === 'running'
        ? campaign
        : await repositories.campaigns.transition(campaignId, ['scheduled'], 'running', now, { startedAt: campaign.startedAt ?? now });
    if (!running) return;
    // Everyone first, then their jobs: no recipient's job can find the campaign finished while
    // the audience is still being read. A launch that died midway is simply run again.
    let after: string | null = null;
    for (;;) {
      const members = await repositories.campaigns.audience(running.segment, after, PAGE);
      if (members.length === 0) break;
      await repositories.campaigns.addRecipients(campaignId, members, now);
      after = members[members.length - 1]?.customerId ?? null;
    }
    await enqueueQueued(running);
    await finishIfDone(running);
  };

  const render = async (campaign: Campaign, locale: Locale): Promise<{ text: string; imageId: string | null; buttons: PushButton[] }> => {
    const t = notifyCatalogFor(locale);
    const now = clock.now();
    const products = (await repositories.products.getMany(campaign.productIds)).filter((product) => product.active);
    const ordered = campaign.productIds
      .map((id) => products.find((product) => product.id === id))
      .filter((p): p is Product => p !== undefined);
    const lines: string[] = [campaign.text];
    const buttons: PushButton[] = [];
    for (const product of ordered) {
      const shown = productName(product, locale);
      const name = escapeMarkup(shown);
      const price = formatMoney(effectivePrice(product, now), locale);
      lines.push(
        isDiscountActive(product.discount, now)
          ? t.offers.productWas(name, price, formatMoney(product.price, locale))
          : t.offers.productLine(name, price),
      );
      buttons.push({
        label: t.offers.viewProduct(shown),
        target: { kind: 'product', code: await productPushCode(repositories.settings, deps.ids, product.id) },
      });
    }
    buttons.push({ label: t.offers.optOut, target: { kind: 'consent', granted: false } });
    return { text: lines.join('\n'), imageId: ordered[0]?.images[0]?.id ?? null, buttons };
  };

  const deliver = async ({ campaignId, customerId }: RecipientJob, attempt: number): Promise<void> => {
    const recipient = await repositories.campaigns.getRecipient(campaignId, customerId);
    if (!recipient) return;
    if (recipient.status === 'sending') {
      // Claimed, and its job runs again: the worker that claimed it died (or stalled past its
      // lease) with the message in flight. Whether it arrived is unknown; sending it again could
      // be a duplicate, so it never is. Should that worker still be alive, its own outcome
      // replaces this mark (`from` below includes 'uncertain').
      if (await repositories.campaigns.finishRecipient(campaignId, customerId, 'uncertain', clock.now(), INTERRUPTED, ['sending'])) {
        deps.logger?.warn('campaign message in doubt: its worker stopped while sending it; not sent again', { campaignId });
      }
      const campaign = await repositories.campaigns.get(campaignId);
      if (campaign?.status === 'running') await finishIfDone(campaign);
      return;
    }
    if (recipient.status !== 'queued') return;
    const campaign = await repositories.campaigns.get(campaignId);
    // Paused: the recipient stays queued and is queued again on resume. Cancelled: skipped already.
    if (campaign?.status !== 'running') return;
    const customer = await repositories.customers.get(customerId);
    if (!customer?.marketingConsent) {
      await repositories.campaigns.finishRecipient(campaignId, customerId, 'skipped', clock.now(), 'CONSENT.WITHDRAWN', ['queued']);
      return finishIfDone(campaign);
    }
    // Everything is read and rendered first: the claim is the last step before the request
    // leaves, so a crash can leave a recipient in doubt only while its request is in flight.
    const content = await render(campaign, customer.language);
    const claimed = await repositories.campaigns.claimRecipient(campaignId, customerId, clock.now());
    if (!claimed) return;
    let outcome: PushOutcome;
    try {
      outcome = await messenger.push({ channel: claimed.channel, chatId: claimed.chatId, customerId }, (capabilities) => [
        pushMessage(capabilities, content),
      ]);
    } catch (error) {
      const code = error instanceof AdapterError ? error.code : 'UNEXPECTED';
      if (!certainlyNotDelivered(error)) {
        // No answer, or an answer that does not say the message was refused (a 5xx, a dropped
        // connection, a timeout): it may have arrived. At most once: never sent again.
        await repositories.campaigns.finishRecipient(campaignId, customerId, 'uncertain', clock.now(), code, ['sending', 'uncertain']);
        deps.logger?.warn('campaign message in doubt: the send failed without a refusal; not sent again', { campaignId, code });
        return finishIfDone(campaign);
      }
      if (attempt >= attempts && retryLaterOf(error) === null) {
        await repositories.campaigns.finishRecipient(campaignId, customerId, 'failed', clock.now(), code, ['sending', 'uncertain']);
        deps.logger?.warn('campaign message failed for good', { campaignId, code });
        return finishIfDone(campaign);
      }
      // Nothing was delivered (a 429, or the connection never opened): given back, so the retry
      // (this same job; a 429's retry_after costs no attempt) claims and sends it then.
      await repositories.campaigns.finishRecipient(campaignId, customerId, 'queued', clock.now(), code, ['sending']);
      throw error;
    }
    const status = outcome.status === 'sent' ? 'sent' : outcome.status === 'blocked' ? 'blocked' : 'failed';
    await repositories.campaigns.finishRecipient(campaignId, customerId, status, clock.now(), 'code' in outcome ? outcome.code : null, [
      'sending',
      'uncertain',
    ]);
    await finishIfDone(campaign);
  };

  const handle = async (event: DomainEvent): Promise<void> => {
    if (!(CAMPAIGN_EVENT_TYPES as readonly string[]).includes(event.type)) return;
    const payload = event.payload as CampaignEventPayload;
    const campaign = await repositories.campaigns.get(payload.campaignId);
    if (!campaign) return;
    if (event.type === 'campaign.resumed' && campaign.startedAt !== null) {
      if (campaign.status === 'running') {
        await enqueueQueued(campaign);
        // Nothing left to send (everyone was done or in doubt when it was paused): it is complete.
        await finishIfDone(campaign);
      }
      return;
    }
    const delayMs = Math.max(0, new Date(payload.scheduledAt).getTime() - clock.now().getTime());
    await jobs.enqueue(
      CAMPAIGN_LAUNCH_QUEUE,
      { campaignId: campaign.id },
      { delayMs, jobId: `campaign:${campaign.id}:launch:${payload.resumes}` },
    );
  };

  const rateLimits = channelRateLimits(deps.ratePerSecond, DEFAULT_BULK_RATE);

  return {
    subscriber: { name: 'campaigns', eventTypes: CAMPAIGN_EVENT_TYPES, handle },
    register() {
      jobs.consume<{ campaignId: string }>(CAMPAIGN_LAUNCH_QUEUE, (payload) => launch(payload.campaignId));
      for (const channel of deps.channels.list()) {
        // `rateLimit` shares the channel's bulk rate with every other queue sending through it, on
        // queues that know shared limits (key `channel:<name>`); others read `ratePerSecond`.
        const rateLimit = rateLimits.forChannel(channel.name);
        const options = { concurrency: deps.concurrency ?? 4, ratePerSecond: rateLimit.perSecond, rateLimit };
        jobs.consume<RecipientJob>(bulkQueueFor(channel.name), (payload, meta) => deliver(payload, meta.attempt), options);
      }
    },
    launch,
    deliver,
  };
};
