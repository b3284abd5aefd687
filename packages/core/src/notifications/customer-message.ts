import type { Order } from '../ordering/order.js';
import type { ChannelName } from '../shared/types.js';
import type { DomainEvent } from './domain-event.js';

/*
 * A note staff write to the customer of an order from the chat ("your order is packed, come after
 * 5 pm"). It is written to the outbox like every event; the notifications consumer delivers it on
 * the order's channel, to the customer's identity there.
 */

export const CUSTOMER_MESSAGE_EVENT = 'order.customer_message' as const;

export type CustomerMessagePayload = {
  readonly orderId: string;
  readonly number: number;
  readonly customerId: string;
  readonly channel: ChannelName;
  /** What staff wrote, trimmed (2 to 500 characters). */
  readonly text: string;
  /** Staff user id (`staff:<id>`). */
  readonly by: string;
};

export type CustomerMessageEvent = DomainEvent<typeof CUSTOMER_MESSAGE_EVENT, CustomerMessagePayload>;

/** Shortest and longest note staff may send (characters, after trimming). */
export const CUSTOMER_MESSAGE_LENGTH = { min: 2, max: 500 } as const;

export const customerMessage = (order: Order, text: string, by: string, at: Date): CustomerMessageEvent => ({
  type: CUSTOMER_MESSAGE_EVENT,
  aggregateId: order.id,
  occurredAt: at,
  payload: { orderId: order.id, number: order.number, customerId: order.customerId, channel: order.channel, text, by },
});
