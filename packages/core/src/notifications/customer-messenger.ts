import type { ChannelCapabilities, OutboundMessage } from '../conversation/messages.js';
import type { Customer } from '../customers/customer.js';
import { retryLaterOf } from '../jobs/retry-later.js';
import type { ChannelRegistry } from '../ports/messaging-channel.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { Clock, Logger } from '../ports/services.js';
import { AdapterError, isDomainError } from '../shared/errors.js';
import type { ChannelIdentity } from '../shared/types.js';

/** Where a pushed message goes: a chat on a channel, and the customer behind it when there is one. */
export interface Recipient {
  readonly channel: string;
  readonly chatId: string;
  readonly customerId: string | null;
}

/**
 * How a push went. `sent`; `blocked`: the person blocked the bot (their marketing consent is now
 * off); `unreachable`: the chat is gone or the channel is not running; `failed`: the channel
 * refused it for good (`code` says why). Retryable failures (rate limits, network) are thrown, so
 * the job that pushed is retried.
 */
export type PushOutcome = { readonly status: 'sent' } | { readonly status: 'blocked' | 'unreachable' | 'failed'; readonly code: string };

export interface CustomerMessenger {
  push(to: Recipient, build: (capabilities: ChannelCapabilities) => readonly OutboundMessage[]): Promise<PushOutcome>;
}

export interface CustomerMessengerDeps {
  readonly uow: UnitOfWork;
  readonly channels: ChannelRegistry;
  readonly clock: Clock;
  readonly logger?: Logger | null;
}

/**
 * Private chats: on the messaging apps Mostrador speaks, a person's chat with the bot has the
 * person's id, so a customer is reached at their identity's user id.
 */
export const chatOf = (customer: Customer, preferredChannel?: string | null): ChannelIdentity | null =>
  customer.identities.find((identity) => identity.channel === preferredChannel) ?? customer.identities[0] ?? null;

/**
 * Whether a failed send certainly delivered nothing, so sending it again cannot duplicate it: the
 * channel answered with a rate limit (a 429: the platform refused the message), or the adapter says
 * the request never left (`details.notSent`, e.g. the connection was refused). Any other thrown
 * failure (a 5xx, a dropped connection, a timeout, an unexpected error) leaves it in doubt.
 */
export const certainlyNotDelivered = (error: unknown): boolean =>
  retryLaterOf(error) !== null || (error instanceof AdapterError && error.details.notSent === true);

/**
 * Sends a push at most once per `key`: claims the key in the notification log, pushes; gives the
 * claim back (and rethrows, so the job retries) only when the send certainly delivered nothing (a
 * 429, a connection that never opened). A send that failed without an answer may have arrived:
 * the claim is kept and nothing is thrown, so it is never sent twice. Null when already claimed.
 */
export const pushOnce = async <T>(
  deps: { readonly uow: UnitOfWork; readonly clock: Clock; readonly logger?: Logger | null },
  key: string,
  push: () => Promise<T>,
): Promise<T | null> => {
  const log = deps.uow.repositories.notificationLog;
  if (!(await log.claim(key, deps.clock.now()))) return null;
  try {
    return await push();
  } catch (error) {
    if (!certainlyNotDelivered(error)) {
      deps.logger?.warn('notification in doubt: the send failed without a refusal; not sent again', {
        code: isDomainError(error) ? error.code : 'UNEXPECTED',
      });
      return null;
    }
    await log.release(key);
    throw error;
  }
};

/** Sends pushed messages (not replies) through the channel registry, and turns consent off for a person who blocked the bot. */
export const createCustomerMessenger = ({ uow, channels, clock, logger }: CustomerMessengerDeps): CustomerMessenger => {
  const withdrawConsent = async (customerId: string): Promise<void> => {
    await uow.transaction(async (repositories) => {
      const customer = await repositories.customers.get(customerId);
      if (!customer?.marketingConsent) return;
      await repositories.customers.save({ ...customer, marketingConsent: false, updatedAt: clock.now() });
    });
    logger?.info('marketing consent withdrawn: the customer blocked the bot', { customerId });
  };

  return {
    async push(to, build) {
      const channel = channels.get(to.channel);
      if (!channel) return { status: 'unreachable', code: 'CHANNEL.NOT_RUNNING' };
      const messages = build(channel.capabilities);
      for (const message of messages) {
        try {
          await channel.send(to.chatId, message);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          if (error instanceof AdapterError && error.retryable) throw error;
          if (error.code === 'CHANNEL.BLOCKED') {
            if (to.customerId !== null) await withdrawConsent(to.customerId);
            return { status: 'blocked', code: error.code };
          }
          logger?.warn('push not delivered', { channel: to.channel, code: error.code });
          return { status: error.code === 'CHANNEL.CHAT_NOT_FOUND' ? 'unreachable' : 'failed', code: error.code };
        }
      }
      return { status: 'sent' };
    },
  };
};
