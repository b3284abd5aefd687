import type { UseCases } from '../application/use-cases.js';
import type { Customer } from '../customers/customer.js';
import { CAMPAIGN_LIMITS } from '../marketing/campaign.js';
import { notifyCatalogFor } from '../notifications/i18n/notify-catalogs.js';
import type { Locale } from '../shared/types.js';
import type { StaffUser } from '../staff/staff-user.js';
import type { Catalog } from './i18n/catalogs.js';
import { escapeMarkup, markupToPlainText, parseMarkup } from './markup.js';
import { KEEP, type Navigation, open, reset, STAY, update } from './navigation.js';
import { parsePushChoice } from './push-choices.js';
import { campaignNameFrom } from './screens/campaign-screens.js';
import { customerActor, staffActor } from './screens/context.js';
import { type CampaignDraft, type ChoiceAction, EMPTY_CAMPAIGN_DRAFT } from './state.js';

/** What the engine lends the marketing actions for one event. */
export interface MarketingActionDeps {
  readonly useCases: UseCases;
  readonly customer: Customer;
  readonly channel: string;
  readonly t: () => Catalog;
  /** The chat's language now (it may change during the event). */
  readonly locale: () => Locale;
  readonly staff: () => Promise<StaffUser | null>;
  readonly now: () => Date;
  readonly note: (text: string) => void;
  readonly setToast: (text: string) => void;
  readonly draft: () => CampaignDraft | null;
  readonly setDraft: (draft: CampaignDraft | null) => void;
}

type MarketingChoice = Extract<
  ChoiceAction,
  { action: 'stock.alert' | 'marketing.consent' | 'campaign.command' | 'campaign.draft' | 'campaign.create' }
>;

const plain = (markup: string): string => markupToPlainText(parseMarkup(markup));

/**
 * The engine's part of notifications and offers: buttons on pushed messages (`~…` ids), offers
 * consent (buttons and /baja, /stop, /alta), "tell me when it is back", and campaigns written
 * and steered from the staff menu.
 */
export const marketingActions = (deps: MarketingActionDeps) => {
  const { useCases, customer } = deps;
  const n = () => notifyCatalogFor(deps.locale());

  /** Turns offers on or off; `then` is where the person goes (the screen again, or nowhere). */
  const consent = async (granted: boolean, then: Navigation = KEEP): Promise<Navigation> => {
    await useCases.marketing.setConsent(customerActor(customer), customer.id, granted);
    const text = granted ? n().offers.optedIn : n().offers.optedOut;
    deps.note(text);
    deps.setToast(plain(text));
    return then;
  };

  const withStaff = async (then: (user: StaffUser) => Promise<Navigation>): Promise<Navigation> => {
    const user = await deps.staff();
    if (!user) {
      deps.note(deps.t().staff.notStaff);
      return STAY;
    }
    return then(user);
  };

  const perform = async (choice: MarketingChoice): Promise<Navigation> => {
    switch (choice.action) {
      case 'stock.alert': {
        const outcome = await useCases.marketing.subscribeBackInStock(customerActor(customer), customer.id, choice.args.productId);
        if (outcome.status === 'in-stock') return update({ name: 'product', productId: choice.args.productId, quantity: 1 });
        const name = escapeMarkup(outcome.productName);
        const text = outcome.status === 'subscribed' ? n().stock.subscribed(name) : n().stock.alreadySubscribed(name);
        deps.note(text);
        deps.setToast(plain(text));
        return KEEP;
      }
      case 'marketing.consent':
        // A button on a screen (the offers list): the screen again, showing the other button now.
        return consent(choice.args.granted, STAY);
      case 'campaign.command':
        return withStaff(async (user) => {
          const changed = await useCases.marketing.changeCampaign(staffActor(user), choice.args.campaignId, choice.args.command);
          deps.setToast(n().campaigns.statusNames[changed.campaign.status]);
          return update({ name: 'staff-campaign', campaignId: changed.campaign.id });
        });
      case 'campaign.draft': {
        const draft = { ...(deps.draft() ?? EMPTY_CAMPAIGN_DRAFT) };
        const answer = choice.args;
        if (answer.field === 'segment') {
          deps.setDraft({ ...draft, segment: answer.value });
          return open({ name: 'staff-campaign-new', step: 'products' });
        }
        if (answer.field === 'productIds') {
          deps.setDraft({ ...draft, productIds: answer.value });
          return open({ name: 'staff-campaign-new', step: 'schedule' });
        }
        deps.setDraft({ ...draft, scheduledAt: answer.value });
        return open({ name: 'staff-campaign-new', step: 'confirm' });
      }
      case 'campaign.create':
        return withStaff(async (user) => {
          const draft = deps.draft();
          if (!draft?.text || !draft.segment) return reset({ name: 'staff-campaign-new', step: 'text' });
          const scheduledAt = draft.scheduledAt ? new Date(draft.scheduledAt) : null;
          const created = await useCases.marketing.createCampaign(staffActor(user), {
            name: campaignNameFrom(draft.text),
            text: draft.text,
            productIds: draft.productIds ?? [],
            segment: draft.segment,
            // A time offered a while ago may have passed while the staff read the summary: then now.
            scheduledAt: scheduledAt && scheduledAt.getTime() > deps.now().getTime() ? scheduledAt : null,
          });
          deps.setDraft(null);
          deps.note(n().campaigns.created);
          return reset({ name: 'staff-campaign', campaignId: created.campaign.id });
        });
    }
  };

  /** The campaign text typed in the wizard's first step. */
  const answerText = async (text: string): Promise<Navigation> => {
    const typed = text.trim().slice(0, CAMPAIGN_LIMITS.textLength);
    if (typed === '') return STAY;
    deps.setDraft({ ...EMPTY_CAMPAIGN_DRAFT, text: typed });
    return open({ name: 'staff-campaign-new', step: 'segment' });
  };

  /** A tap on a pushed message's button; null when the id is not one. */
  const pushChoice = async (id: string): Promise<Navigation | null> => {
    const target = parsePushChoice(id);
    if (!target) return null;
    switch (target.kind) {
      case 'consent':
        return consent(target.granted);
      case 'order': {
        const order = await useCases.orders.getByNumber(customerActor(customer), target.number);
        if (!order) {
          deps.note(deps.t().orders.notFound);
          return STAY;
        }
        return reset({ name: 'order', orderId: order.id });
      }
      case 'staff-order':
        return withStaff(async (user) => {
          const order = await useCases.orders.getByNumber(staffActor(user), target.number);
          if (!order) {
            deps.note(deps.t().orders.notFound);
            return STAY;
          }
          return reset({ name: 'staff-order', orderId: order.id });
        });
      case 'product': {
        const productId = await useCases.marketing.productForCode(target.code);
        if (!productId) {
          deps.note(deps.t().product.notFound);
          return STAY;
        }
        return reset({ name: 'product', productId, quantity: 1 });
      }
    }
  };

  return { perform, answerText, consent, pushChoice };
};
