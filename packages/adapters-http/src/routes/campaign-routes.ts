import { CAMPAIGN_LIMITS, CAMPAIGN_STATUSES, type CampaignCommand, type CampaignView, LOCALES, NotFoundError } from '@mostrador/core';
import { z } from 'zod';
import { DateTimeInput, Id, IdParams, iso, isoOrNull, PaginationQuery, pageSchema, Timestamp, toPageDto } from '../presenters/common.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const Segment = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all') }).describe('Every customer who accepted offers'),
    z.strictObject({ kind: z.literal('language'), language: z.enum(LOCALES) }).describe('Consenting customers who chat in this language'),
    z
      .strictObject({ kind: z.literal('category'), categoryId: Id })
      .describe('Consenting customers who bought (paid, invoiced, shipped or delivered orders) a product of this category'),
  ])
  .describe('Who receives the campaign: always only customers with marketing consent');

const CreateCampaign = z.strictObject({
  name: Text.min(1).max(CAMPAIGN_LIMITS.nameLength).describe('For staff: shown in lists and progress'),
  text: Text.min(1)
    .max(CAMPAIGN_LIMITS.textLength)
    .describe('The offer, in the chat markup: `*bold*`, `_italic_`, `~~strikethrough~~`, `[label](https://url)`'),
  productIds: z.array(Id).max(CAMPAIGN_LIMITS.products).default([]).describe('Products shown as cards under the text, with a button each'),
  segment: Segment,
  scheduledAt: DateTimeInput.nullable().optional().describe('When delivery starts (ISO 8601 with offset); now when absent or null'),
});

const Progress = z
  .object({
    total: z.number().int(),
    queued: z.number().int().describe('Waiting for their turn (or being sent right now)'),
    sent: z.number().int(),
    failed: z.number().int().describe('The channel refused the message for good, or every retry failed'),
    blocked: z.number().int().describe('The person blocked the bot: their marketing consent was turned off'),
    skipped: z.number().int().describe('Consent withdrawn before their turn, or the campaign was cancelled'),
    uncertain: z
      .number()
      .int()
      .describe(
        'In flight when their worker stopped, or the send failed without an answer: maybe delivered, never sent again (each recipient gets a campaign at most once)',
      ),
  })
  .describe('Recipients by delivery state, live');

const CampaignDto = z.object({
  id: z.string(),
  name: z.string(),
  text: z.string(),
  productIds: z.array(z.string()),
  segment: Segment,
  scheduledAt: Timestamp,
  status: z.enum(CAMPAIGN_STATUSES),
  createdBy: z.string(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  progress: Progress,
});

const toCampaignDto = ({ campaign, progress }: CampaignView): z.output<typeof CampaignDto> => ({
  id: campaign.id,
  name: campaign.name,
  text: campaign.text,
  productIds: [...campaign.productIds],
  segment: campaign.segment,
  scheduledAt: iso(campaign.scheduledAt),
  status: campaign.status,
  createdBy: campaign.createdBy,
  startedAt: isoOrNull(campaign.startedAt),
  finishedAt: isoOrNull(campaign.finishedAt),
  createdAt: iso(campaign.createdAt),
  updatedAt: iso(campaign.updatedAt),
  progress: { ...progress },
});

const COMMANDS: readonly { command: CampaignCommand; summary: string; description: string }[] = [
  {
    command: 'pause',
    summary: 'Pause a scheduled or running campaign',
    description: 'Recipients not yet sent stay queued until it is resumed.',
  },
  { command: 'resume', summary: 'Resume a paused campaign', description: 'Queued recipients are sent; nobody receives it twice.' },
  { command: 'cancel', summary: 'Cancel a campaign that has not finished', description: 'Recipients not yet sent are skipped.' },
];

export function campaignRoutes(routes: ApiRoutes, { useCases }: RouteDeps): void {
  const { marketing } = useCases;

  routes.add({
    method: 'POST',
    url: '/api/v1/campaigns',
    access: 'campaigns',
    summary: 'Create an offer campaign',
    description:
      'Sent at `scheduledAt` to every consenting customer of the segment, once each, under each channel’s rate limit. ' +
      'Each offer carries a button to stop offers (the chat also takes /baja, /stop and /alta).',
    tags: ['campaigns'],
    body: CreateCampaign,
    responses: { 201: { description: 'Created (status `scheduled`)', schema: CampaignDto } },
    handler: async ({ actor, body, reply }) => {
      const view = await marketing.createCampaign(actor, { ...body, scheduledAt: body.scheduledAt ?? null });
      reply.code(201).header('location', `/api/v1/campaigns/${encodeURIComponent(view.campaign.id)}`);
      return toCampaignDto(view);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/campaigns',
    access: 'read',
    summary: 'List campaigns, newest first, with their progress',
    tags: ['campaigns'],
    query: PaginationQuery,
    responses: { 200: { description: 'A page of campaigns', schema: pageSchema(CampaignDto) } },
    handler: async ({ actor, query }) => toPageDto(await marketing.listCampaigns(actor, query), toCampaignDto),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/campaigns/:id',
    access: 'read',
    summary: 'One campaign with its live progress (queued, sent, failed, blocked, skipped, uncertain)',
    tags: ['campaigns'],
    params: IdParams,
    responses: { 200: { description: 'The campaign', schema: CampaignDto } },
    handler: async ({ actor, params }) => {
      const view = await marketing.getCampaign(actor, params.id);
      if (!view) throw new NotFoundError('campaign', params.id);
      return toCampaignDto(view);
    },
  });

  for (const { command, summary, description } of COMMANDS) {
    routes.add({
      method: 'POST',
      url: `/api/v1/campaigns/:id/${command}`,
      access: 'campaigns',
      summary,
      description: `${description} Answers 409 \`CAMPAIGN.TRANSITION_INVALID\` when the campaign is not in a state that allows it.`,
      tags: ['campaigns'],
      params: IdParams,
      responses: { 200: { description: 'The campaign after the change', schema: CampaignDto } },
      handler: async ({ actor, params }) => toCampaignDto(await marketing.changeCampaign(actor, params.id, command)),
    });
  }
}
