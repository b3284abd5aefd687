import { ACCESS, authorize } from '../application/authorization.js';
import type { UseCaseDependencies } from '../application/dependencies.js';
import type { Actor } from '../application/use-cases.js';
import { availableStock } from '../catalog/product.js';
import type { Customer } from '../customers/customer.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Page, PageRequest } from '../shared/types.js';
import type { Role } from '../staff/staff-user.js';
import {
  CAMPAIGN_TRANSITIONS,
  type Campaign,
  type CampaignCommand,
  type CampaignInput,
  type CampaignProgress,
  validateCampaignInput,
} from './campaign.js';
import { campaignResumed, campaignScheduled } from './campaign-events.js';
import { productForPushCode, productPushCode } from './product-codes.js';

/** Who may create and steer campaigns, and who may watch them. */
export const CAMPAIGN_ACCESS = {
  manage: ACCESS.campaigns,
  read: ACCESS.read,
} as const satisfies Record<string, readonly Role[]>;

export interface CampaignView {
  readonly campaign: Campaign;
  readonly progress: CampaignProgress;
}

export type StockAlertOutcome =
  | { readonly status: 'subscribed' | 'already-subscribed'; readonly productName: string }
  /** It is in stock now: nothing to wait for. */
  | { readonly status: 'in-stock'; readonly productName: string };

export interface MarketingUseCases {
  /** Staff create an offer campaign; it is launched at `scheduledAt` (now when absent) through the outbox. */
  createCampaign(actor: Actor, input: CampaignInput): Promise<CampaignView>;
  getCampaign(actor: Actor, id: string): Promise<CampaignView | null>;
  listCampaigns(actor: Actor, page: PageRequest): Promise<Page<CampaignView>>;
  /** pause (scheduled or running), resume (paused), cancel (not yet finished); `CAMPAIGN.TRANSITION_INVALID` otherwise. */
  changeCampaign(actor: Actor, id: string, command: CampaignCommand): Promise<CampaignView>;
  /** The customer (or staff for them) turns offers on or off. */
  setConsent(actor: Actor, customerId: string, granted: boolean): Promise<Customer>;
  /** "Tell me when it is back" for an out-of-stock product. */
  subscribeBackInStock(actor: Actor, customerId: string, productId: string): Promise<StockAlertOutcome>;
  /** The short code a pushed button uses for a product (made once). */
  productCode(productId: string): Promise<string>;
  /** The product behind a pushed button's code, or null. */
  productForCode(code: string): Promise<string | null>;
}

const isSelfOrStaff = (actor: Actor, customerId: string, roles: readonly Role[]): void => {
  if (actor.kind === 'customer') {
    if (actor.customerId !== customerId) throw new ForbiddenError('AUTH.FORBIDDEN', 'customers act only on themselves');
    return;
  }
  authorize(actor, roles);
};

export const createMarketingUseCases = ({ uow, clock, ids }: UseCaseDependencies): MarketingUseCases => {
  const repositories = uow.repositories;
  const view = async (campaign: Campaign): Promise<CampaignView> => ({
    campaign,
    progress: await repositories.campaigns.progress(campaign.id),
  });

  const ensureCategory = async (categoryId: string): Promise<void> => {
    if (!(await repositories.categories.get(categoryId)))
      throw new ValidationError('CAMPAIGN.CATEGORY_UNKNOWN', `category ${categoryId} does not exist`, { field: 'segment.categoryId' });
  };

  return {
    async createCampaign(actor, input) {
      authorize(actor, CAMPAIGN_ACCESS.manage);
      const now = clock.now();
      const valid = validateCampaignInput(input, now);
      if (valid.segment.kind === 'category') await ensureCategory(valid.segment.categoryId);
      const products = await repositories.products.getMany(valid.productIds);
      const missing = valid.productIds.filter((id) => !products.some((product) => product.id === id && product.active));
      if (missing.length > 0)
        throw new ValidationError('CAMPAIGN.PRODUCT_UNKNOWN', `unknown or inactive products: ${missing.join(', ')}`, {
          field: 'productIds',
          missing,
        });
      const campaign: Campaign = {
        id: ids.next(),
        name: valid.name,
        text: valid.text,
        productIds: valid.productIds,
        segment: valid.segment,
        scheduledAt: valid.scheduledAt,
        status: 'scheduled',
        createdBy: actor.kind === 'staff' ? actor.userId : actor.kind,
        resumes: 0,
        startedAt: null,
        finishedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await uow.transaction(async (tx) => {
        await tx.campaigns.save(campaign);
        await tx.outbox.add([campaignScheduled(campaign, now)]);
      });
      return { campaign, progress: await repositories.campaigns.progress(campaign.id) };
    },

    async getCampaign(actor, id) {
      authorize(actor, CAMPAIGN_ACCESS.read);
      const campaign = await repositories.campaigns.get(id);
      return campaign ? view(campaign) : null;
    },

    async listCampaigns(actor, page) {
      authorize(actor, CAMPAIGN_ACCESS.read);
      const found = await repositories.campaigns.list(page);
      return { ...found, items: await Promise.all(found.items.map(view)) };
    },

    async changeCampaign(actor, id, command) {
      authorize(actor, CAMPAIGN_ACCESS.manage);
      const at = clock.now();
      const changed = await uow.transaction(async (tx) => {
        const current = await tx.campaigns.get(id);
        if (!current) throw new NotFoundError('campaign', id);
        const from = CAMPAIGN_TRANSITIONS[command];
        const invalid = () =>
          new ConflictError('CAMPAIGN.TRANSITION_INVALID', `cannot ${command} a campaign that is ${current.status}`, {
            status: current.status,
            command,
          });
        if (!(from as readonly string[]).includes(current.status)) throw invalid();
        switch (command) {
          case 'pause': {
            const paused = await tx.campaigns.transition(id, from, 'paused', at);
            if (!paused) throw invalid();
            return paused;
          }
          case 'cancel': {
            const cancelled = await tx.campaigns.transition(id, from, 'cancelled', at, { finishedAt: at });
            if (!cancelled) throw invalid();
            await tx.campaigns.skipQueued(id, at);
            return cancelled;
          }
          case 'resume': {
            const resumed = await tx.campaigns.transition(id, from, current.startedAt ? 'running' : 'scheduled', at, {
              resumes: current.resumes + 1,
            });
            if (!resumed) throw invalid();
            await tx.outbox.add([campaignResumed(resumed, at)]);
            return resumed;
          }
        }
      });
      return view(changed);
    },

    async setConsent(actor, customerId, granted) {
      isSelfOrStaff(actor, customerId, ['owner', 'manager']);
      return uow.transaction(async (tx) => {
        const customer = await tx.customers.get(customerId);
        if (!customer) throw new NotFoundError('customer', customerId);
        if (customer.marketingConsent === granted) return customer;
        const updated = { ...customer, marketingConsent: granted, updatedAt: clock.now() };
        await tx.customers.save(updated);
        return updated;
      });
    },

    async subscribeBackInStock(actor, customerId, productId) {
      isSelfOrStaff(actor, customerId, ['owner', 'manager']);
      const product = await repositories.products.get(productId);
      if (!product?.active) throw new NotFoundError('product', productId);
      if (availableStock(product) > 0) return { status: 'in-stock', productName: product.name };
      const added = await repositories.stockAlerts.subscribe(productId, customerId, clock.now());
      return { status: added ? 'subscribed' : 'already-subscribed', productName: product.name };
    },

    productCode: (productId) => productPushCode(repositories.settings, ids, productId),
    productForCode: (code) => productForPushCode(repositories.settings, code),
  };
};
