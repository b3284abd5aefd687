import { ValidationError } from '../shared/errors.js';
import { hasControlCharacters } from '../shared/input-bounds.js';
import { LOCALES, type Locale } from '../shared/types.js';

/*
 * An offer campaign: a text plus up to a few product cards, sent once to every consenting
 * customer of a segment, at a scheduled time, under each channel's rate limit. Delivery state is
 * per recipient (`CampaignRecipient`): a recipient row is claimed (queued → sending) as the last
 * step before the message goes out, and a claimed row is never sent again, so a recipient
 * receives a campaign at most once, whatever crashes or redeliveries happen in between. A row
 * left `sending` by a worker that died is `uncertain` (the request may or may not have reached
 * the channel): counted apart, never resent. ADR 0011 states the guarantee.
 */

export const CAMPAIGN_STATUSES = ['scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Who receives it; always only customers with marketing consent. */
export type AudienceSegment =
  | { readonly kind: 'all' }
  | { readonly kind: 'language'; readonly language: Locale }
  /** Customers who bought (paid, invoiced, shipped or delivered orders) a product of this category. */
  | { readonly kind: 'category'; readonly categoryId: string };

export interface Campaign {
  readonly id: string;
  readonly name: string;
  /** Neutral markup (see conversation/markup.ts), as the staff wrote it. */
  readonly text: string;
  /** Product cards sent after the text, in order. */
  readonly productIds: readonly string[];
  readonly segment: AudienceSegment;
  readonly scheduledAt: Date;
  readonly status: CampaignStatus;
  /** Staff user id who created it. */
  readonly createdBy: string;
  /** Bumped by every resume: part of the job ids of the recipients re-queued then. */
  readonly resumes: number;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'failed', 'blocked', 'skipped', 'uncertain'] as const;
/**
 * queued: waiting for its job; sending: claimed by a worker, its request in flight (never sent
 * again); sent; failed: the channel refused for good; blocked: the person blocked the bot
 * (consent turned off); skipped: consent withdrawn or campaign cancelled before its turn;
 * uncertain: the worker died (or the request failed without an answer) while the message was in
 * flight, so whether it arrived is unknown — never sent again (at most once), counted apart.
 */
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export interface CampaignRecipient {
  readonly campaignId: string;
  readonly customerId: string;
  readonly channel: string;
  readonly chatId: string;
  readonly locale: Locale;
  readonly status: RecipientStatus;
  /** Error code of the last failure, if any. */
  readonly error: string | null;
  readonly updatedAt: Date;
}

/** Counts per recipient status; `queued` includes the ones being sent right now. */
export interface CampaignProgress {
  readonly total: number;
  readonly queued: number;
  readonly sent: number;
  readonly failed: number;
  readonly blocked: number;
  readonly skipped: number;
  /** In flight when their worker died (or their request got no answer): maybe delivered, never resent. */
  readonly uncertain: number;
}

/** Folds per-status counts into a progress summary. */
export const progressFrom = (counts: Readonly<Partial<Record<RecipientStatus, number>>>): CampaignProgress => {
  const n = (status: RecipientStatus): number => counts[status] ?? 0;
  const queued = n('queued') + n('sending');
  const progress = {
    queued,
    sent: n('sent'),
    failed: n('failed'),
    blocked: n('blocked'),
    skipped: n('skipped'),
    uncertain: n('uncertain'),
  };
  return {
    total: queued + progress.sent + progress.failed + progress.blocked + progress.skipped + progress.uncertain,
    ...progress,
  };
};

export const CAMPAIGN_LIMITS = { nameLength: 120, textLength: 3500, products: 3 } as const;

export interface CampaignInput {
  readonly name: string;
  readonly text: string;
  readonly productIds?: readonly string[];
  readonly segment: AudienceSegment;
  /** Null or absent: now. */
  readonly scheduledAt?: Date | null;
}

const invalid = (field: string, message: string, code = 'CAMPAIGN.INVALID'): ValidationError =>
  new ValidationError(code, message, { field });

/** Checks a campaign's input, naming the offending field; returns it trimmed. */
export const validateCampaignInput = (input: CampaignInput, now: Date): Required<CampaignInput> & { scheduledAt: Date } => {
  const name = input.name.trim();
  if (name.length === 0 || name.length > CAMPAIGN_LIMITS.nameLength)
    throw invalid('name', `name must have 1 to ${CAMPAIGN_LIMITS.nameLength} characters`);
  if (hasControlCharacters(name)) throw invalid('name', 'name must not contain control characters', 'TEXT.CONTROL_CHARACTER');
  const text = input.text.trim();
  if (text.length === 0 || text.length > CAMPAIGN_LIMITS.textLength)
    throw invalid('text', `text must have 1 to ${CAMPAIGN_LIMITS.textLength} characters`);
  if (hasControlCharacters(text)) throw invalid('text', 'text must not contain control characters', 'TEXT.CONTROL_CHARACTER');
  const productIds = [...new Set(input.productIds ?? [])];
  if (productIds.length > CAMPAIGN_LIMITS.products)
    throw invalid('productIds', `a campaign shows at most ${CAMPAIGN_LIMITS.products} products`);
  const segment = input.segment;
  if (segment.kind === 'language' && !LOCALES.includes(segment.language))
    throw invalid('segment.language', `language must be one of ${LOCALES.join(', ')}`);
  if (segment.kind === 'category' && segment.categoryId.trim() === '') throw invalid('segment.categoryId', 'categoryId is required');
  if (!['all', 'language', 'category'].includes(segment.kind)) throw invalid('segment.kind', 'kind must be all, language or category');
  const scheduledAt = input.scheduledAt ?? now;
  if (Number.isNaN(scheduledAt.getTime())) throw invalid('scheduledAt', 'scheduledAt is not a date');
  // A little slack for clocks: "now" typed by a client a moment ago is still now.
  if (scheduledAt.getTime() < now.getTime() - 60_000) throw invalid('scheduledAt', 'scheduledAt is in the past');
  return { name, text, productIds, segment, scheduledAt };
};

/** Which status changes staff may ask for, and from where. */
export const CAMPAIGN_TRANSITIONS = {
  pause: ['scheduled', 'running'],
  resume: ['paused'],
  cancel: ['scheduled', 'running', 'paused'],
} as const satisfies Record<string, readonly CampaignStatus[]>;

export type CampaignCommand = keyof typeof CAMPAIGN_TRANSITIONS;
