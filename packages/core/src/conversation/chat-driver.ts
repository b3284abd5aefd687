import type { InboundDelivery, InboundSink, MessagingChannel } from '../ports/messaging-channel.js';
import type { ConversationStart, ConversationStore } from '../ports/repositories.js';
import type { Logger } from '../ports/services.js';
import { AdapterError, isDomainError } from '../shared/errors.js';
import { waitAtMost } from '../shared/timing.js';
import type { ConversationEngine, EngineLookahead, EngineReply } from './engine.js';
import { catalogFor, localeFromHint } from './i18n/catalogs.js';
import { assertUsableCapabilities } from './layout.js';
import type { InboundEvent, OutboundMessage } from './messages.js';
import { restoreState } from './state.js';

/*
 * The chat loop every channel shares. A channel adapter only turns its updates into InboundEvents
 * and renders OutboundMessages; the driver decides when an event is handled (one at a time per
 * chat), whether it is new, what the person sees while it works and after a failure, and in which
 * order the answer goes out.
 */

/** How the driver retries a delivery the channel says may succeed later (`AdapterError.retryable`). */
export interface DeliveryRetryPolicy {
  /** Attempts per message, the first included. */
  readonly attempts: number;
  /** Wait before the second attempt when the channel names none; doubled for each further one. */
  readonly baseDelayMs: number;
  /** A wait longer than this (asked for through `details.retryAfterSeconds`) is not sat out: the delivery fails. */
  readonly maxDelayMs: number;
}

/**
 * Five attempts, waiting 0.5, 1, 2 and 4 s between them: a network blip or a restart of the
 * channel's API (about 7 s) is sat out before the person is told something went wrong.
 */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface ChatDriverDeps {
  /** One engine shared by all channels. */
  readonly engine: ConversationEngine;
  /** The channel this driver serves: it renders the replies and gives the engine its capabilities and downloads. */
  readonly channel: MessagingChannel;
  /** Deduplication and the chat's state in one round trip (`begin`); the new state is saved with `save`. */
  readonly store: ConversationStore;
  readonly logger: Logger;
  /** The channel is asked to show activity ("typing…") once handling has taken this long. Default 1 s. */
  readonly activityDelayMs?: number;
  /** …and again this often while handling goes on (channels let the indication fade after a few seconds). Default 4.5 s. */
  readonly activityRenewMs?: number;
  readonly retry?: DeliveryRetryPolicy;
}

export interface ChatDriver extends InboundSink {
  /** Waits for deliveries in flight, at most `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

/** Delivery failures after which nothing more reaches the person, so no apology is tried. */
const UNREACHABLE = new Set(['CHANNEL.BLOCKED', 'CHANNEL.CHAT_NOT_FOUND']);

const codeOf = (error: unknown): string => (isDomainError(error) ? error.code : error instanceof Error ? error.name : 'UNKNOWN');

/** What is logged of a failure: its code and its own message (adapters keep secrets and people's words out of theirs). */
const describeFailure = (error: unknown): { code: string; error: string } => ({
  code: codeOf(error),
  error: error instanceof Error ? error.message : String(error),
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The chat driver of one channel. For each delivered event, in the order events of a chat arrive
 * and one at a time per chat (different chats run side by side, within this process):
 *
 * 1. `store.begin` records the update and loads the chat's state; a redelivered update stops here.
 *    With it, the engine's look-ahead reads the sender's customer record (reads only, so a
 *    redelivery that stops here changed nothing): in the same round trip when the store offers
 *    `beginWithSender`, else side by side.
 * 2. The engine handles it; a handling that takes long shows activity, renewed while it lasts.
 * 3. At once, side by side: the chat's new state is saved, the delivery is acknowledged (with the
 *    toast for a tap; exactly once, also after a failure), and the reply's messages go out in
 *    order. A failure the channel calls retryable is retried (waiting what it asks, within the
 *    retry policy); after a message that could not be delivered the rest of the reply is dropped.
 *    The chat's next update starts only when all three are done.
 * 4. When handling or delivery failed, the person gets an apology in their language, unless the
 *    channel said the chat is gone or the person blocked the shop. A state that could not be saved
 *    is only logged: the person got the answer, and a tap on its buttons meets the "no longer
 *    available" answer at worst.
 *
 * `deliver` never rejects: failures are logged with codes and ids, never with what people wrote.
 */
export function createChatDriver(deps: ChatDriverDeps): ChatDriver {
  const { engine, channel, store, logger } = deps;
  assertUsableCapabilities(channel.name, channel.capabilities);
  const activityDelayMs = deps.activityDelayMs ?? 1_000;
  const activityRenewMs = deps.activityRenewMs ?? 4_500;
  const retry = deps.retry ?? DEFAULT_DELIVERY_RETRY;

  /** The last delivery queued for each chat: the next one of that chat starts when it ends. */
  const tails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  const fields = (event: InboundEvent): Record<string, unknown> => ({
    channel: channel.name,
    chatId: event.chatId,
    updateKey: event.idempotencyKey,
    kind: event.kind,
  });

  const acknowledge = async (delivery: InboundDelivery, toast: string | null): Promise<void> => {
    if (!delivery.acknowledge) return;
    try {
      await delivery.acknowledge(toast);
    } catch (error) {
      logger.warn('chat delivery not acknowledged', { ...fields(delivery.event), ...describeFailure(error) });
    }
  };

  /** Runs `work` while showing activity in the chat once it takes longer than `activityDelayMs`. */
  const whileWorking = async <T>(chatId: string, work: () => Promise<T>): Promise<T> => {
    const indicate = channel.indicateActivity?.bind(channel);
    if (!indicate) return work();
    const show = (): void => {
      // Best effort by contract; a channel that throws anyway must not fail the update.
      void indicate(chatId).catch(() => {});
    };
    let renew: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      show();
      renew = setInterval(show, activityRenewMs);
    }, activityDelayMs);
    try {
      return await work();
    } finally {
      clearTimeout(first);
      clearInterval(renew);
    }
  };

  /** Sends one message, retrying what the channel calls retryable within the policy. */
  const send = async (chatId: string, message: OutboundMessage): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await channel.send(chatId, message);
        return;
      } catch (error) {
        if (!(error instanceof AdapterError) || !error.retryable || attempt >= retry.attempts) throw error;
        const asked = error.details.retryAfterSeconds;
        const waitMs =
          typeof asked === 'number' && Number.isFinite(asked) && asked >= 0 ? asked * 1000 : retry.baseDelayMs * 2 ** (attempt - 1);
        if (waitMs > retry.maxDelayMs) throw error;
        logger.warn('chat message delivery retried', { channel: channel.name, chatId, attempt, waitMs, code: error.code });
        await sleep(waitMs);
      }
    }
  };

  /**
   * The last resort after a failure: a short apology in the person's language, retried like any
   * message (the failure it follows is often the same outage); its own failure is only logged.
   */
  const apologise = async (event: InboundEvent, storedState: unknown | null): Promise<void> => {
    const locale = restoreState(storedState, localeFromHint(event.user.languageHint)).locale;
    try {
      await send(event.chatId, { text: catalogFor(locale).common.apology });
    } catch (error) {
      logger.warn('chat apology not delivered', { ...fields(event), ...describeFailure(error) });
    }
  };

  /**
   * `store.begin`, with the engine's look-ahead (who the sender is; reads only): in the same round
   * trip when the store offers `beginWithSender`, else beside it.
   */
  const start = async (event: InboundEvent): Promise<{ lookahead: EngineLookahead | undefined; begun: ConversationStart }> => {
    if (engine.lookAhead && store.beginWithSender) {
      const sender = { channel: event.channel, userId: event.user.id };
      const begun = await store.beginWithSender(channel.name, event.chatId, event.idempotencyKey, event.receivedAt, sender);
      return begun.fresh
        ? { lookahead: { customer: Promise.resolve(begun.sender) }, begun: { fresh: true, state: begun.state } }
        : { lookahead: undefined, begun };
    }
    const lookahead = engine.lookAhead?.(event);
    return { lookahead, begun: await store.begin(channel.name, event.chatId, event.idempotencyKey, event.receivedAt) };
  };

  const handle = async (delivery: InboundDelivery): Promise<void> => {
    const { event } = delivery;
    let acknowledged = false;
    const ackOnce = async (toast: string | null): Promise<void> => {
      if (acknowledged) return;
      acknowledged = true;
      await acknowledge(delivery, toast);
    };
    let storedState: unknown | null = null;
    if (event.channel !== channel.name) {
      // State and dedup records are keyed by the channel's name: an event naming another channel would split them.
      logger.error('chat update refused: the event names another channel', { ...fields(event), eventChannel: event.channel });
      await ackOnce(null);
      return;
    }
    try {
      let reply: EngineReply;
      try {
        const { lookahead, begun } = await start(event);
        if (!begun.fresh) {
          logger.info('chat update skipped: delivered before', fields(event));
          await ackOnce(null);
          return;
        }
        storedState = begun.state;
        const state = storedState;
        reply = await whileWorking(event.chatId, () => engine.handle(event, channel, state, lookahead));
      } catch (error) {
        logger.error('chat update failed', { ...fields(event), stage: 'handle', ...describeFailure(error) });
        await ackOnce(null);
        if (!UNREACHABLE.has(codeOf(error))) await apologise(event, storedState);
        return;
      }
      // Saved and acknowledged while the messages go out: none of them waits for the others.
      const saving = store.save(channel.name, event.chatId, reply.state).catch((error: unknown) => {
        logger.error('chat state not saved', { ...fields(event), stage: 'save', ...describeFailure(error) });
      });
      const acknowledging = ackOnce(reply.toast);
      try {
        for (const [index, message] of reply.messages.entries()) {
          try {
            await send(event.chatId, message);
          } catch (error) {
            logger.error('chat reply not delivered', {
              ...fields(event),
              stage: 'deliver',
              message: index + 1,
              of: reply.messages.length,
              ...describeFailure(error),
            });
            if (!UNREACHABLE.has(codeOf(error))) await apologise(event, storedState);
            return;
          }
        }
      } finally {
        await Promise.all([saving, acknowledging]);
      }
    } catch (error) {
      // Only a bug of the driver itself gets here; deliver() still must not reject.
      logger.error('chat driver failed', { ...fields(event), ...describeFailure(error) });
      await ackOnce(null);
    }
  };

  const deliver = (delivery: InboundDelivery): Promise<void> => {
    const key = `${channel.name}\u0000${delivery.event.chatId}`;
    const previous = tails.get(key) ?? Promise.resolve();
    // handle() catches everything; the catch only guards against a logger that throws.
    const current = previous.then(() => handle(delivery)).catch(() => undefined);
    tails.set(key, current);
    inFlight.add(current);
    void current.finally(() => {
      inFlight.delete(current);
      // The chat is idle when nothing was queued after this one: forget it, so the map stays small.
      if (tails.get(key) === current) tails.delete(key);
    });
    return current;
  };

  const drain = async (timeoutMs: number): Promise<void> => {
    await waitAtMost(Promise.allSettled([...inFlight]), timeoutMs);
  };

  return { deliver, drain };
}
