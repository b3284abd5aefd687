import type { Customer } from '../customers/customer.js';
import { CUSTOMER_MESSAGE_EVENT, type CustomerMessagePayload } from '../notifications/customer-message.js';
import type { DomainEvent } from '../notifications/domain-event.js';
import type { ChannelRegistry } from '../ports/messaging-channel.js';
import { catalogFor } from './i18n/catalogs.js';
import { escapeMarkup } from './markup.js';

export interface CustomerMessageDeliveryDeps {
  /** The customer the message is for (their language and identities). */
  readonly customer: (customerId: string) => Promise<Customer | null>;
  readonly channels: ChannelRegistry;
}

/**
 * Delivers `order.customer_message` events (a note staff wrote from the chat) to the customer, in
 * their language, on the order's channel, to their identity there: channels address a person's
 * private chat by their user id. Shaped as an event subscriber (name, event types, handle) for
 * the outbox dispatcher. At least once: a retried delivery may show the note twice. A customer
 * without an identity on that channel, or a channel no longer configured, is skipped (nothing to
 * deliver to); a failed send throws, so the dispatcher retries it.
 */
export const customerMessageDelivery = (deps: CustomerMessageDeliveryDeps) => ({
  name: 'customer-messages',
  eventTypes: [CUSTOMER_MESSAGE_EVENT] as readonly string[],
  async handle(event: DomainEvent): Promise<void> {
    if (event.type !== CUSTOMER_MESSAGE_EVENT) return;
    const payload = event.payload as CustomerMessagePayload;
    const customer = await deps.customer(payload.customerId);
    const identity = customer?.identities.find((candidate) => candidate.channel === payload.channel);
    const channel = deps.channels.get(payload.channel);
    if (!customer || !identity || !channel) return;
    const text = catalogFor(customer.language).staffDay.customerMessage(payload.number, escapeMarkup(payload.text));
    await channel.send(identity.userId, { text });
  },
});
