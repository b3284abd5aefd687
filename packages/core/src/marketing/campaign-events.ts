import type { DomainEvent } from '../notifications/domain-event.js';
import type { Campaign } from './campaign.js';

/*
 * Campaign events go through the outbox like every other event, so a campaign that was saved is
 * always launched (the dispatcher delivers the event after the commit, at least once) and a
 * rolled-back one never is. The `campaigns` subscriber turns them into delivery jobs.
 */

export type CampaignEventPayload = {
  readonly campaignId: string;
  /** ISO instant: when delivery should start. */
  readonly scheduledAt: string;
  /** The campaign's resume count when the event was written (part of job ids). */
  readonly resumes: number;
};

export type CampaignScheduledEvent = DomainEvent<'campaign.scheduled', CampaignEventPayload>;
export type CampaignResumedEvent = DomainEvent<'campaign.resumed', CampaignEventPayload>;
export type CampaignEvent = CampaignScheduledEvent | CampaignResumedEvent;

export const CAMPAIGN_EVENT_TYPES = ['campaign.scheduled', 'campaign.resumed'] as const;

const campaignEvent = <T extends CampaignEvent['type']>(type: T, campaign: Campaign, at: Date): DomainEvent<T, CampaignEventPayload> => ({
  type,
  aggregateId: campaign.id,
  occurredAt: at,
  payload: { campaignId: campaign.id, scheduledAt: campaign.scheduledAt.toISOString(), resumes: campaign.resumes },
});

export const campaignScheduled = (campaign: Campaign, at: Date): CampaignScheduledEvent =>
  campaignEvent('campaign.scheduled', campaign, at);
export const campaignResumed = (campaign: Campaign, at: Date): CampaignResumedEvent => campaignEvent('campaign.resumed', campaign, at);
