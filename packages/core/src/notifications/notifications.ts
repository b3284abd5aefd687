import type { ShopSettings } from '../application/settings.js';
import { effectivePrice } from '../catalog/pricing.js';
import { availableStock } from '../catalog/product.js';
import { escapeMarkup } from '../conversation/markup.js';
import { type PushButton, pushMessage } from '../conversation/push-choices.js';
import { productName } from '../conversation/screens/context.js';
import type { EventSubscriber } from '../jobs/event-subscriber.js';
import { productPushCode } from '../marketing/product-codes.js';
import { formatMoney } from '../money/money.js';
import type { Order } from '../ordering/order.js';
import type { ChannelRegistry } from '../ports/messaging-channel.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, IdGenerator, JobQueue, Logger } from '../ports/services.js';
import type { Locale } from '../shared/types.js';
import { type CustomerMessenger, chatOf, createCustomerMessenger, pushOnce, type Recipient } from './customer-messenger.js';
import type { DomainEvent } from './domain-event.js';
import type { OrderEventPayload, StockLevelPayload } from './events.js';
import { type NotifyCatalog, notifyCatalogFor } from './i18n/notify-catalogs.js';

/** The queue of "your reservation is about to lapse" reminders (payload `{ orderId }`). */
export const RESERVATION_REMINDER_QUEUE = 'notifications.reservation-reminder';

/** The events the `notifications` subscriber reacts to. */
export const NOTIFICATION_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.invoiced',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'order.expired',
  'order.refunded',
  'stock.back_in_stock',
] as const;

export interface NotificationDeps {
  readonly uow: UnitOfWork;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: ShopSettings;
  /** Where reservation reminders are scheduled; without one, none are. */
  readonly jobs?: JobQueue | null;
  readonly logger?: Logger | null;
  /** How long before a reservation lapses the customer is reminded; default a third of it, at most 10 minutes. */
  readonly reminderLeadMinutes?: number;
  /** How pushes are sent; default: through `channels`, turning consent off for a person who blocked the bot. */
  readonly messenger?: CustomerMessenger;
}

export interface Notifications {
  /** The `EventSubscriber` named `notifications`: bind it under `TOKENS.EventSubscriber`. */
  readonly subscriber: EventSubscriber;
  /** Consumes the reminder queue. Call once, before the queue starts. */
  register(jobs: JobQueue): void;
  /** The reminder job's handler (exposed for tests and other queues). */
  remindReservation(orderId: string): Promise<void>;
}

/** A stable key for an event, whatever shape it took through a queue (a Date or its ISO text). */
export const eventKey = (event: DomainEvent): string =>
  `${event.type}:${event.aggregateId}:${new Date(event.occurredAt as Date | string).toISOString()}`;

/** How many units an order carries. */
const itemCount = (order: Pick<Order, 'lines'>): number => order.lines.reduce((count, line) => count + line.quantity, 0);

/**
 * Customer and staff notifications from domain events: order placed, paid, invoiced, shipped,
 * delivered, cancelled (with the staff's reason), expired, refunded; a reminder before a
 * reservation lapses; new-order alerts to staff who linked a chat; back-in-stock alerts to the
 * customers who asked for them. Texts follow each person's language.
 *
 * Idempotent per (event, recipient): each push is claimed in the notification log right before
 * it is sent, and the claim is given back only when the send certainly delivered nothing (a 429,
 * a refused connection: the job is then retried and the claim taken again). A crash between claim
 * and answer, or a send that failed without an answer, loses that one notification rather than
 * ever sending it twice.
 */
export const createNotifications = (deps: NotificationDeps): Notifications => {
  const { uow, clock, settings } = deps;
  const repositories = uow.repositories;
  const messenger = deps.messenger ?? createCustomerMessenger(deps);
  const reminderLead = deps.reminderLeadMinutes ?? Math.max(1, Math.min(10, Math.floor(settings.reservationMinutes / 3)));

  const once = <T>(key: string, push: () => Promise<T>): Promise<T | null> => pushOnce(deps, key, push);

  const customerRecipient = async (
    customerId: string,
    channel: string | null,
  ): Promise<(Recipient & { locale: Locale; name: string }) | null> => {
    const customer = await repositories.customers.get(customerId);
    if (!customer) return null;
    const identity = chatOf(customer, channel);
    if (!identity) return null;
    return { channel: identity.channel, chatId: identity.userId, customerId: customer.id, locale: customer.language, name: customer.name };
  };

  const orderButton = (t: NotifyCatalog, number: number): PushButton => ({ label: t.order.view, target: { kind: 'order', number } });

  const notifyOrderCustomer = async (
    event: DomainEvent,
    payload: OrderEventPayload,
    text: (t: NotifyCatalog, locale: Locale, to: Recipient) => string | null,
  ) => {
    const to = await customerRecipient(payload.customerId, payload.channel);
    if (!to) return;
    const t = notifyCatalogFor(to.locale);
    const body = text(t, to.locale, to);
    if (body === null) return;
    await once(`${eventKey(event)}|customer:${to.customerId}`, () =>
      messenger.push(to, (capabilities) => [pushMessage(capabilities, { text: body, buttons: [orderButton(t, payload.number)] })]),
    );
  };

  const alertStaff = async (event: DomainEvent, payload: OrderEventPayload): Promise<void> => {
    const order = await repositories.orders.get(payload.orderId);
    const customer = await repositories.customers.get(payload.customerId);
    const staff = (await repositories.staff.list()).filter((user) => user.active && user.chatIdentity !== null);
    for (const user of staff) {
      const identity = user.chatIdentity!;
      // Staff chats carry no language of their own: the customer record of that chat, if any, or es.
      const asCustomer = await repositories.customers.findByIdentity(identity);
      const locale = asCustomer?.language ?? 'es';
      const t = notifyCatalogFor(locale);
      const text = t.staff.newOrder(
        payload.number,
        formatMoney(payload.total, locale),
        escapeMarkup(customer?.name ?? order?.contact.name ?? '—'),
        order ? itemCount(order) : 0,
      );
      await once(`${eventKey(event)}|staff:${user.id}`, () =>
        messenger.push({ channel: identity.channel, chatId: identity.userId, customerId: null }, (capabilities) => [
          pushMessage(capabilities, { text, buttons: [{ label: t.staff.view, target: { kind: 'staff-order', number: payload.number } }] }),
        ]),
      );
    }
  };

  const scheduleReminder = async (payload: OrderEventPayload): Promise<void> => {
    if (!deps.jobs) return;
    const order = await repositories.orders.get(payload.orderId);
    if (order?.status !== 'placed') return;
    const remindAt = order.reservationExpiresAt.getTime() - reminderLead * 60_000;
    const delayMs = remindAt - clock.now().getTime();
    if (delayMs <= 0) return;
    await deps.jobs.enqueue(RESERVATION_REMINDER_QUEUE, { orderId: order.id }, { delayMs, jobId: `reservation-reminder:${order.id}` });
  };

  const remindReservation = async (orderId: string): Promise<void> => {
    const order = await repositories.orders.get(orderId);
    if (order?.status !== 'placed') return;
    const left = Math.ceil((order.reservationExpiresAt.getTime() - clock.now().getTime()) / 60_000);
    if (left <= 0) return;
    const to = await customerRecipient(order.customerId, order.channel);
    if (!to) return;
    const t = notifyCatalogFor(to.locale);
    await once(`reservation-reminder:${order.id}|customer:${order.customerId}`, () =>
      messenger.push(to, (capabilities) => [
        pushMessage(capabilities, { text: t.order.expiring(order.number, left), buttons: [orderButton(t, order.number)] }),
      ]),
    );
  };

  const backInStock = async (event: DomainEvent, payload: StockLevelPayload): Promise<void> => {
    const product = await repositories.products.get(payload.productId);
    // Gone again (or withdrawn) by now: the subscriptions wait for the next time.
    if (!product?.active || availableStock(product) <= 0) return;
    const code = await productPushCode(repositories.settings, deps.ids, product.id);
    for (;;) {
      const waiting = await repositories.stockAlerts.subscribers(product.id, 200);
      if (waiting.length === 0) return;
      for (const customerId of waiting) {
        const to = await customerRecipient(customerId, null);
        if (to) {
          const t = notifyCatalogFor(to.locale);
          const name = productName(product, to.locale);
          const price = formatMoney(effectivePrice(product, clock.now()), to.locale);
          await once(`${eventKey(event)}|customer:${customerId}`, () =>
            messenger.push(to, (capabilities) => [
              pushMessage(capabilities, {
                text: `${t.stock.backInStock(escapeMarkup(name))}\n${t.offers.productLine(escapeMarkup(name), price)}`,
                imageId: product.images[0]?.id ?? null,
                buttons: [{ label: t.stock.view, target: { kind: 'product', code } }],
              }),
            ]),
          );
        }
        // Alerted once: the subscription is spent (a customer who wants the next one asks again).
        await repositories.stockAlerts.remove(product.id, customerId);
      }
    }
  };

  const handle = async (event: DomainEvent): Promise<void> => {
    if (event.type === 'stock.back_in_stock') return backInStock(event, event.payload as StockLevelPayload);
    if (!event.type.startsWith('order.')) return;
    const payload = event.payload as OrderEventPayload;
    const total = (locale: Locale) => formatMoney(payload.total, locale);
    switch (event.type) {
      case 'order.placed':
        await notifyOrderCustomer(event, payload, (t, locale, to) =>
          // Placed by the customer in the very chat the push would reach: the chat's own
          // confirmation already said it (number, total, how long the stock is held).
          payload.by === 'customer' && to.channel === payload.channel
            ? null
            : t.order.placed(payload.number, total(locale), settings.reservationMinutes),
        );
        await alertStaff(event, payload);
        await scheduleReminder(payload);
        return;
      case 'order.paid': {
        // "We'll tell you when it ships" is wrong for an order the customer picks up at the shop.
        const pickup = (await repositories.orders.get(payload.orderId))?.delivery.method === 'pickup';
        return notifyOrderCustomer(event, payload, (t, locale) => t.order.paid(payload.number, total(locale), pickup));
      }
      case 'order.invoiced': {
        // Invoiced through ARCA (an authorized voucher exists): the `invoice-delivery` subscriber tells the
        // customer, with the voucher. Marked invoiced by hand (invoiced outside Mostrador): told here.
        const vouchers = await repositories.invoices.listByOrder(payload.orderId);
        if (vouchers.some((voucher) => voucher.status === 'authorized')) return;
        return notifyOrderCustomer(event, payload, (t) => t.order.invoiced(payload.number));
      }
      case 'order.shipped':
      case 'order.delivered': {
        // A pickup order is "ready for pickup" and then "picked up", never "on its way".
        const pickup = (await repositories.orders.get(payload.orderId))?.delivery.method === 'pickup';
        const shipped = event.type === 'order.shipped';
        return notifyOrderCustomer(event, payload, (t) =>
          shipped
            ? (pickup ? t.order.readyForPickup : t.order.shipped)(payload.number)
            : (pickup ? t.order.pickedUp : t.order.delivered)(payload.number),
        );
      }
      case 'order.cancelled':
        return notifyOrderCustomer(event, payload, (t) => {
          // The customer's own cancellation is answered in the chat already; staff's carries their reason.
          if (payload.by === 'customer') return null;
          const reason = payload.note?.trim();
          return reason
            ? `${t.order.cancelled(payload.number)}\n${t.order.cancelledReason(escapeMarkup(reason))}`
            : t.order.cancelled(payload.number);
        });
      case 'order.expired':
        return notifyOrderCustomer(event, payload, (t) => t.order.expired(payload.number));
      case 'order.refunded':
        return notifyOrderCustomer(event, payload, (t, locale) => t.order.refunded(payload.number, total(locale)));
    }
  };

  return {
    subscriber: { name: 'notifications', eventTypes: NOTIFICATION_EVENT_TYPES, handle },
    register(jobs) {
      jobs.consume<{ orderId: string }>(RESERVATION_REMINDER_QUEUE, (payload) => remindReservation(payload.orderId));
    },
    remindReservation,
  };
};
