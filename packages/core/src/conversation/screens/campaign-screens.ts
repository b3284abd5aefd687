import { hasRole } from '../../application/authorization.js';
import type { AudienceSegment } from '../../marketing/campaign.js';
import { CAMPAIGN_ACCESS, type CampaignView } from '../../marketing/marketing-use-cases.js';
import { notifyCatalogFor } from '../../notifications/i18n/notify-catalogs.js';
import { startOfArgentinaDay } from '../../shared/argentina-time.js';
import { formatDate, formatTime } from '../format.js';
import { choice, listPageSize, openScreen, type ScreenView, truncatePlain, updateScreen } from '../layout.js';
import { escapeMarkup, markupToPlainText, parseMarkup } from '../markup.js';
import type { CampaignDraft, ScreenRef } from '../state.js';
import { categoryName, loadPage, navigationRow, PAGED_LIST_FIXED_BUTTONS, pagerRow, type ScreenContext, staffActor } from './context.js';
import { withStaff } from './staff-screens.js';

/*
 * Campaigns in the staff menu: the list with each one's progress, one campaign's live progress
 * with pause / resume / cancel, and a short wizard to write one (text, audience, products, when).
 */

const when = (at: Date, ctx: ScreenContext): string => `${formatDate(at, ctx.locale)} ${formatTime(at)}`;

export const staffCampaignsScreen = (ref: Extract<ScreenRef, { name: 'staff-campaigns' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const n = notifyCatalogFor(ctx.locale);
    const canCreate = hasRole(staffActor(staff), CAMPAIGN_ACCESS.manage);
    const size = listPageSize(ctx.capabilities, PAGED_LIST_FIXED_BUTTONS + 1);
    const list = await loadPage((request) => ctx.useCases.marketing.listCampaigns(staffActor(staff), request), ref.page, size);
    const label = ({ campaign, progress }: CampaignView): string =>
      n.campaigns.line(truncatePlain(campaign.name, 28), n.campaigns.statusNames[campaign.status], progress.sent, progress.total);
    return {
      text: `${n.campaigns.title}${list.total === 0 ? `\n${n.campaigns.none}` : ''}`,
      list: list.items.map((item) => [openScreen(label(item), { name: 'staff-campaign', campaignId: item.campaign.id })]),
      rows: [
        ...(canCreate ? [[openScreen(n.campaigns.create, { name: 'staff-campaign-new', step: 'text' })]] : []),
        pagerRow(ctx.t, list.page, list.count, (page) => ({ name: 'staff-campaigns', page })),
        navigationRow(ctx.t),
      ].filter((row) => row.length > 0),
    };
  });

export const staffCampaignScreen = (ref: Extract<ScreenRef, { name: 'staff-campaign' }>, ctx: ScreenContext): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const n = notifyCatalogFor(ctx.locale);
    const found = await ctx.useCases.marketing.getCampaign(staffActor(staff), ref.campaignId);
    if (!found) return { text: ctx.t.errors.notFound, rows: [navigationRow(ctx.t)] };
    const { campaign, progress } = found;
    const manage = hasRole(staffActor(staff), CAMPAIGN_ACCESS.manage);
    const command = (label: string, name: 'pause' | 'resume' | 'cancel') =>
      choice(label, 'campaign.command', { campaignId: campaign.id, command: name });
    const actions = manage
      ? [
          ...(campaign.status === 'scheduled' || campaign.status === 'running' ? [command(n.campaigns.pause, 'pause')] : []),
          ...(campaign.status === 'paused' ? [command(n.campaigns.resume, 'resume')] : []),
          ...(campaign.status !== 'completed' && campaign.status !== 'cancelled' ? [command(n.campaigns.cancel, 'cancel')] : []),
        ]
      : [];
    return {
      text: [
        n.campaigns.detail(escapeMarkup(campaign.name), n.campaigns.statusNames[campaign.status]),
        n.campaigns.scheduledFor(when(campaign.scheduledAt, ctx)),
        '',
        n.campaigns.progress(progress),
      ].join('\n'),
      rows: [[updateScreen(n.campaigns.refresh, ref)], ...(actions.length > 0 ? [actions] : []), navigationRow(ctx.t)],
    };
  });

/** At most this many categories are offered as audiences in the chat (the API takes any). */
const CATEGORY_SEGMENTS = 5;

export const segmentLabel = async (segment: AudienceSegment, ctx: ScreenContext): Promise<string> => {
  const n = notifyCatalogFor(ctx.locale);
  if (segment.kind === 'all') return n.campaigns.segmentAll;
  if (segment.kind === 'language') return segment.language === 'en' ? n.campaigns.segmentEn : n.campaigns.segmentEs;
  const category = (await ctx.useCases.catalog.listCategories()).find((c) => c.id === segment.categoryId);
  return n.campaigns.segmentCategory(category ? categoryName(category, ctx.locale) : '—');
};

/** The three times the chat offers: now, in an hour, tomorrow at 10:00 in Argentina. */
export const scheduleOptions = (now: Date): { now: Date; inOneHour: Date; tomorrowMorning: Date } => ({
  now,
  inOneHour: new Date(now.getTime() + 60 * 60 * 1000),
  tomorrowMorning: new Date(startOfArgentinaDay(now).getTime() + (24 + 10) * 60 * 60 * 1000),
});

/** Offers shown as cards in a campaign written in the chat. */
export const DRAFT_PRODUCTS = 3;

export const staffCampaignNewScreen = (
  ref: Extract<ScreenRef, { name: 'staff-campaign-new' }>,
  ctx: ScreenContext,
  draft: CampaignDraft,
): Promise<ScreenView> =>
  withStaff(ctx, async (staff) => {
    const n = notifyCatalogFor(ctx.locale);
    const nav = navigationRow(ctx.t);
    if (!hasRole(staffActor(staff), CAMPAIGN_ACCESS.manage)) return { text: ctx.t.errors.forbidden, rows: [nav] };
    switch (ref.step) {
      case 'text':
        return { text: n.campaigns.askText, rows: [nav], pending: 'campaign-text' };
      case 'segment': {
        const categories = (await ctx.useCases.catalog.listCategories()).slice(0, CATEGORY_SEGMENTS);
        const segments: AudienceSegment[] = [
          { kind: 'all' },
          { kind: 'language', language: 'es' },
          { kind: 'language', language: 'en' },
          ...categories.map((category): AudienceSegment => ({ kind: 'category', categoryId: category.id })),
        ];
        const rows = await Promise.all(
          segments.map(async (segment) => [
            choice(await segmentLabel(segment, ctx), 'campaign.draft', { field: 'segment', value: segment }),
          ]),
        );
        return { text: n.campaigns.askSegment, rows: [...rows, nav] };
      }
      case 'products': {
        const offers = await ctx.useCases.catalog.offers({ offset: 0, limit: DRAFT_PRODUCTS });
        const ids = offers.items.map((item) => item.product.id);
        return {
          text: n.campaigns.askProducts,
          rows: [
            ...(ids.length > 0
              ? [[choice(n.campaigns.withOffers(ids.length), 'campaign.draft', { field: 'productIds', value: ids })]]
              : []),
            [choice(n.campaigns.withoutProducts, 'campaign.draft', { field: 'productIds', value: [] })],
            nav,
          ],
        };
      }
      case 'schedule': {
        const options = scheduleOptions(ctx.now);
        const at = (label: string, date: Date) => [choice(label, 'campaign.draft', { field: 'scheduledAt', value: date.toISOString() })];
        return {
          text: n.campaigns.askSchedule,
          rows: [
            at(n.campaigns.now, options.now),
            at(n.campaigns.inOneHour, options.inOneHour),
            at(n.campaigns.tomorrowMorning, options.tomorrowMorning),
            nav,
          ],
        };
      }
      case 'confirm': {
        const segment = draft.segment ? await segmentLabel(draft.segment, ctx) : '—';
        const scheduled = draft.scheduledAt ? when(new Date(draft.scheduledAt), ctx) : n.campaigns.now;
        return {
          text: `${n.campaigns.confirm(escapeMarkup(segment), draft.productIds?.length ?? 0, scheduled)}\n\n${draft.text ?? ''}`,
          rows: [[choice(n.campaigns.send, 'campaign.create', {})], nav],
        };
      }
    }
  });

/** A campaign's name from its text: its first words, as plain text. */
export const campaignNameFrom = (text: string): string =>
  truncatePlain(markupToPlainText(parseMarkup(text)).replace(/\s+/g, ' '), 60) || '—';
