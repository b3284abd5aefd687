import type { CheckoutLink } from '../../application/payment-use-cases.js';
import type { Order } from '../../ordering/order.js';
import { isDomainError } from '../../shared/errors.js';
import type { Catalog } from '../i18n/catalogs.js';
import type { ChoiceSpec } from '../layout.js';
import { customerActor, type ScreenContext } from './context.js';

/** How an order awaiting payment can be paid from the chat. */
export interface PayOptions {
  /** One per provider: URL buttons (links on channels without buttons). */
  readonly links: readonly CheckoutLink[];
  /** A provider is configured (so no link means it could not be reached now). */
  readonly providersConfigured: boolean;
}

export const NO_PAY_OPTIONS: PayOptions = { links: [], providersConfigured: false };

/** The pay links of a placed order; none for any other state. A provider that is down only hides its button. */
export const loadPayOptions = async (order: Order, ctx: ScreenContext): Promise<PayOptions> => {
  const providersConfigured = ctx.useCases.payments.providers().length > 0;
  if (order.status !== 'placed' || !providersConfigured) return { links: [], providersConfigured };
  try {
    return { links: await ctx.useCases.payments.checkout(customerActor(ctx.customer), order.id), providersConfigured };
  } catch (error) {
    if (isDomainError(error)) return { links: [], providersConfigured };
    throw error;
  }
};

/** The line under a placed order: pay with the button, try again later, or we will arrange it. */
export const payText = (options: PayOptions, t: Catalog): string =>
  options.links.length > 0 ? t.payments.payNow : options.providersConfigured ? t.payments.unavailable : t.payments.arrangePayment;

/** "💳 Pagar con Mercado Pago", one row per provider. */
export const payRows = (options: PayOptions, t: Catalog): ChoiceSpec[][] =>
  options.links.map((link) => [{ label: t.payments.payWith(link.displayName), url: link.url }]);
