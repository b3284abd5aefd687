import { describe, expect, it } from 'vitest';
import { createInMemoryPersistence, RecordingLogger } from '../../../testkit/src/memory/index.js';
import {
  AdapterError,
  type ChannelCapabilities,
  type ChatDriverDeps,
  type ConversationEngine,
  createChatDriver,
  type DeliveryReceipt,
  type EngineChannel,
  type EngineReply,
  type InboundEvent,
  type MessagingChannel,
  type OutboundMessage,
} from '../../src/index.js';
import { TELEGRAM_LIKE } from './chat-harness.js';

/** A channel that records what it was asked to send, and fails as a test tells it to. */
class MemoryChannel implements MessagingChannel {
  readonly name = 'memory';
  readonly sent: { chatId: string; text: string }[] = [];
  readonly activity: string[] = [];
  /** Failures for the next sends, in order. */
  readonly failures: AdapterError[] = [];
  attempts = 0;

  constructor(readonly capabilities: ChannelCapabilities = TELEGRAM_LIKE) {}

  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    this.attempts += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ chatId, text: message.text });
    return { messageRef: `${chatId}:${this.sent.length}` };
  }

  async downloadFile(): Promise<Uint8Array> {
    return new Uint8Array();
  }

  async indicateActivity(chatId: string): Promise<void> {
    this.activity.push(chatId);
  }

  textsTo(chatId: string): string[] {
    return this.sent.filter((message) => message.chatId === chatId).map((message) => message.text);
  }
}

type Script = (event: InboundEvent, channel: EngineChannel, state: unknown | null) => Promise<EngineReply> | EngineReply;

/** An engine that records what it was given and answers from a script. */
class ScriptedEngine implements ConversationEngine {
  readonly calls: { event: InboundEvent; state: unknown | null }[] = [];
  constructor(private readonly script: Script) {}
  async handle(event: InboundEvent, channel: EngineChannel, state: unknown | null): Promise<EngineReply> {
    this.calls.push({ event, state });
    return this.script(event, channel, state);
  }
}

/** A promise a test resolves when it decides. */
const gate = (): { wait: Promise<void>; open: () => void } => {
  let open = (): void => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
};

let updateIds = 0;

const textEvent = (chatId: string, text: string, overrides: Partial<InboundEvent> = {}): InboundEvent =>
  ({
    channel: 'memory',
    chatId,
    user: { id: chatId, displayName: 'Ana', languageHint: 'es' },
    receivedAt: new Date('2025-03-10T12:00:00.000Z'),
    idempotencyKey: `u${++updateIds}`,
    kind: 'text',
    text,
    ...overrides,
  }) as InboundEvent;

/** Answers with an echo, and keeps the texts seen so far as the chat's state. */
const echo: Script = (event, _channel, state) => ({
  messages: [{ text: `eco ${event.kind === 'text' ? event.text : event.kind}` }],
  toast: null,
  state: { seen: [...((state as { seen?: string[] } | null)?.seen ?? []), event.kind === 'text' ? event.text : event.kind] },
});

const setUp = (script: Script, options: Partial<ChatDriverDeps> & { channel?: MemoryChannel } = {}) => {
  const channel = options.channel ?? new MemoryChannel();
  const engine = new ScriptedEngine(script);
  const store = createInMemoryPersistence().uow.repositories.conversations;
  const logger = new RecordingLogger();
  const driver = createChatDriver({ engine, store, logger, activityDelayMs: 1, activityRenewMs: 1, ...options, channel });
  /** Delivers an event and records every acknowledgement it got. */
  const deliver = async (event: InboundEvent): Promise<(string | null)[]> => {
    const acks: (string | null)[] = [];
    await driver.deliver({
      event,
      acknowledge: async (toast) => {
        acks.push(toast);
      },
    });
    return acks;
  };
  return { channel, engine, store, logger, driver, deliver };
};

describe('the chat driver', () => {
  it('handles one update at a time per chat, in arrival order, while other chats go on', async () => {
    const slow = gate();
    const { channel, engine, driver } = setUp(async (event, ...rest) => {
      if (event.kind === 'text' && event.text === 'a1') await slow.wait;
      return echo(event, ...rest);
    });

    const a1 = driver.deliver({ event: textEvent('a', 'a1') });
    const a2 = driver.deliver({ event: textEvent('a', 'a2') });
    await driver.deliver({ event: textEvent('b', 'b1') });

    // b1 was handled and answered while a1 is still being handled; a2 has not started.
    expect(channel.textsTo('b')).toEqual(['eco b1']);
    expect(engine.calls.map((call) => (call.event.kind === 'text' ? call.event.text : ''))).toEqual(['a1', 'b1']);
    slow.open();
    await Promise.all([a1, a2]);
    expect(channel.textsTo('a')).toEqual(['eco a1', 'eco a2']);
  });

  it('delivers the messages of a reply in order and acknowledges with the toast once', async () => {
    const { channel, deliver } = setUp(() => ({
      messages: [{ text: 'uno' }, { text: 'dos' }, { text: 'tres' }],
      toast: 'Listo',
      state: null,
    }));

    const acks = await deliver(textEvent('c', 'hola'));

    expect(acks).toEqual(['Listo']);
    expect(channel.textsTo('c')).toEqual(['uno', 'dos', 'tres']);
  });

  it('hands the engine the state begin loaded, and skips a redelivered update (acknowledging it)', async () => {
    const { engine, channel, store, deliver } = setUp(echo);
    await store.save('memory', 'd', { version: 1, locale: 'en' });
    const event = textEvent('d', 'hola');

    const first = await deliver(event);
    const again = await deliver(event);

    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]?.state).toEqual({ version: 1, locale: 'en' });
    expect(first).toEqual([null]);
    expect(again).toEqual([null]);
    expect(channel.textsTo('d')).toEqual(['eco hola']);
  });

  it('saves the state the engine returns, and hands it to the engine with the chat next update', async () => {
    const { engine, store, deliver } = setUp(echo);

    await deliver(textEvent('s', 'uno'));
    await deliver(textEvent('s', 'dos'));

    expect(engine.calls.map((call) => call.state)).toEqual([null, { seen: ['uno'] }]);
    expect(await store.load('memory', 's')).toEqual({ seen: ['uno', 'dos'] });
  });

  it('logs a state that could not be saved, and still delivers the reply without an apology', async () => {
    const { channel, store, logger, deliver } = setUp(echo);
    store.save = async () => {
      throw new Error('disk full');
    };

    const acks = await deliver(textEvent('t', 'hola'));

    expect(acks).toEqual([null]);
    expect(channel.textsTo('t')).toEqual(['eco hola']);
    expect(logger.lines.filter((line) => line.startsWith('error chat state not saved'))).toEqual([expect.stringContaining('disk full')]);
  });

  it('apologises in the person language when the engine fails, acknowledges once, and logs the code only', async () => {
    const { channel, logger, store, deliver } = setUp(() => {
      throw new Error('database is down');
    });
    await store.save('memory', 'e2', { version: 1, locale: 'en' });

    const spanish = await deliver(textEvent('e1', 'mi secreto'));
    const english = await deliver(textEvent('e2', 'my secret'));
    const fromHint = await deliver(textEvent('e3', 'hello', { user: { id: 'e3', displayName: 'John', languageHint: 'en-GB' } }));

    expect([spanish, english, fromHint]).toEqual([[null], [null], [null]]);
    expect(channel.textsTo('e1')).toEqual(['Perdón, algo salió mal de nuestro lado. Probá de nuevo en un momento.']);
    expect(channel.textsTo('e2')).toEqual(['Sorry, something went wrong on our side. Please try again in a moment.']);
    expect(channel.textsTo('e3')).toEqual(['Sorry, something went wrong on our side. Please try again in a moment.']);
    const errors = logger.lines.filter((line) => line.startsWith('error chat update failed'));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('"code":"Error"');
    expect(errors[0]).toContain('database is down');
    expect(logger.lines.join('\n')).not.toMatch(/secret|hello/);
  });

  it('retries a retryable delivery failure, waiting what the channel asks', async () => {
    const channel = new MemoryChannel();
    channel.failures.push(new AdapterError('CHANNEL.RATE_LIMITED', 'slow down', true, { retryAfterSeconds: 0 }));
    channel.failures.push(new AdapterError('CHANNEL.UNAVAILABLE', 'network', true));
    const { logger, deliver } = setUp(echo, { channel, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 } });

    const acks = await deliver(textEvent('f', 'hola'));

    expect(acks).toEqual([null]);
    expect(channel.attempts).toBe(3);
    expect(channel.textsTo('f')).toEqual(['eco hola']);
    expect(logger.lines.filter((line) => line.startsWith('warn chat message delivery retried'))).toHaveLength(2);
  });

  it('gives up on a wait longer than the policy allows, drops the rest of the reply and apologises', async () => {
    const channel = new MemoryChannel();
    channel.failures.push(new AdapterError('CHANNEL.RATE_LIMITED', 'slow down', true, { retryAfterSeconds: 3600 }));
    const { deliver, logger } = setUp(() => ({ messages: [{ text: 'uno' }, { text: 'dos' }], toast: null, state: null }), {
      channel,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 },
    });

    const acks = await deliver(textEvent('g', 'hola'));

    expect(acks).toEqual([null]);
    expect(channel.attempts).toBe(2);
    expect(channel.textsTo('g')).toEqual(['Perdón, algo salió mal de nuestro lado. Probá de nuevo en un momento.']);
    expect(logger.lines.filter((line) => line.startsWith('error chat reply not delivered'))).toEqual([
      expect.stringContaining('"code":"CHANNEL.RATE_LIMITED"'),
    ]);
  });

  it('retries the apology too: after an outage outlasting the reply’s attempts, the apology still gets through', async () => {
    const channel = new MemoryChannel();
    for (let i = 0; i < 4; i += 1) channel.failures.push(new AdapterError('CHANNEL.UNAVAILABLE', 'network', true));
    const { deliver } = setUp(echo, { channel, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 } });

    await deliver(textEvent('g2', 'hola'));

    // Three attempts for the reply, then the apology on its second attempt.
    expect(channel.attempts).toBe(5);
    expect(channel.textsTo('g2')).toEqual(['Perdón, algo salió mal de nuestro lado. Probá de nuevo en un momento.']);
  });

  it('does not retry a failure that is not retryable, and sends no apology to a person who blocked the shop', async () => {
    const channel = new MemoryChannel();
    channel.failures.push(new AdapterError('CHANNEL.BLOCKED', 'blocked by the user', false));
    const { deliver } = setUp(echo, { channel });

    const acks = await deliver(textEvent('h', 'hola'));

    expect(acks).toEqual([null]);
    expect(channel.attempts).toBe(1);
    expect(channel.sent).toEqual([]);
  });

  it('sends no apology when the engine itself met a chat that is gone', async () => {
    const { channel, deliver } = setUp(() => {
      throw new AdapterError('CHANNEL.CHAT_NOT_FOUND', 'chat not found', false);
    });

    await deliver(textEvent('i', 'hola'));

    expect(channel.attempts).toBe(0);
  });

  it('shows activity while the engine works and stops when it is done', async () => {
    const channel = new MemoryChannel();
    const shown = gate();
    const indicate = channel.indicateActivity.bind(channel);
    channel.indicateActivity = async (chatId: string) => {
      await indicate(chatId);
      shown.open();
    };
    const { deliver } = setUp(
      async (event, ...rest) => {
        // Only answers once the person was shown that the shop is working on it.
        await shown.wait;
        return echo(event, ...rest);
      },
      { channel },
    );

    await deliver(textEvent('j', 'hola'));
    const shownWhileWorking = channel.activity.length;
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(channel.activity[0]).toBe('j');
    expect(channel.activity.length).toBe(shownWhileWorking);
    expect(channel.textsTo('j')).toEqual(['eco hola']);
  });

  it('never rejects, even when acknowledging throws, and answers afterwards', async () => {
    const { channel, driver, logger } = setUp(echo);

    await expect(
      driver.deliver({
        event: textEvent('k', 'hola'),
        acknowledge: async () => {
          throw new Error('query too old');
        },
      }),
    ).resolves.toBeUndefined();

    expect(channel.textsTo('k')).toEqual(['eco hola']);
    expect(logger.lines.filter((line) => line.startsWith('warn chat delivery not acknowledged'))).toHaveLength(1);
  });

  it('drains: waits for deliveries in flight, at most the time given', async () => {
    const slow = gate();
    const { channel, driver } = setUp(async (event, ...rest) => {
      await slow.wait;
      return echo(event, ...rest);
    });
    const delivery = driver.deliver({ event: textEvent('l', 'hola') });

    await driver.drain(5);
    expect(channel.sent).toEqual([]);
    slow.open();
    await driver.drain(5_000);
    expect(channel.textsTo('l')).toEqual(['eco hola']);
    await delivery;
  });

  it('refuses an event that names another channel than the one it came through', async () => {
    const { engine, channel, logger, deliver } = setUp(echo);

    const acks = await deliver(textEvent('m', 'hola', { channel: 'elsewhere' }));

    expect(acks).toEqual([null]);
    expect(engine.calls).toEqual([]);
    expect(channel.attempts).toBe(0);
    expect(logger.lines).toEqual([expect.stringContaining('error chat update refused: the event names another channel')]);
  });

  it('refuses a channel whose choice payloads cannot carry the engine ids', () => {
    const channel = new MemoryChannel({ ...TELEGRAM_LIKE, maxChoicePayloadBytes: 4 });
    expect(() => setUp(echo, { channel })).toThrow(
      'channel "memory" declares maxChoicePayloadBytes 4; the conversation engine needs at least 8',
    );
  });
});
