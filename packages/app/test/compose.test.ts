import {
  type Actor,
  bindToken,
  type ChannelAdapter,
  type ChannelCapabilities,
  type DeliveryReceipt,
  type InboundEvent,
  type InboundPayload,
  type InboundSink,
  money,
  type OutboundMessage,
  type Startable,
  TOKENS,
} from '@mostrador/core';
import { createInMemoryPersistence, FixedClock, InMemoryImageStore, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { ContainerModule } from 'inversify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppModule, type AppRuntime, compose, coreModule } from '../src/index.js';

/*
 * A composition an outside developer writes in their own main.ts: core, in-memory persistence
 * and a channel of their own, no HTTP, through the app's public entry only.
 */

const SYSTEM: Actor = { kind: 'system' };

const TEXT_ONLY: ChannelCapabilities = {
  inlineButtons: false,
  urlButtons: false,
  maxButtonsPerRow: 1,
  maxButtons: 20,
  maxChoiceLabelLength: 60,
  maxChoicePayloadBytes: 64,
  editInPlace: false,
  maxTextLength: 4000,
  maxCaptionLength: 1000,
  images: false,
  documents: false,
  contactRequest: false,
  toasts: false,
  deepLinks: false,
};

/** A channel as a developer writes one: it turns typed lines into events and records what it is asked to send. */
class FakeChannel implements ChannelAdapter {
  readonly phase = 'connect' as const;
  readonly capabilities = TEXT_ONLY;
  readonly sent: { chatId: string; message: OutboundMessage }[] = [];
  readonly lifecycle: string[] = [];
  #sink: InboundSink | null = null;
  #updates = 0;

  constructor(readonly name: string) {}

  connect(sink: InboundSink): void {
    if (this.#sink) throw new Error('connected twice');
    this.#sink = sink;
    this.lifecycle.push('connect');
  }

  async start(): Promise<void> {
    this.lifecycle.push('start');
  }

  async stop(): Promise<void> {
    this.lifecycle.push('stop');
  }

  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    this.sent.push({ chatId, message });
    return { messageRef: String(this.sent.length) };
  }

  async downloadFile(): Promise<Uint8Array> {
    throw new Error('this channel carries no files');
  }

  /** A customer's update; resolves when the driver handled it and delivered the reply. */
  async receive(chatId: string, payload: InboundPayload): Promise<OutboundMessage[]> {
    if (!this.#sink) throw new Error('not connected: the app connects a channel before it starts');
    const before = this.sent.length;
    this.#updates += 1;
    const event = {
      channel: this.name,
      chatId,
      user: { id: chatId, displayName: 'Ana', languageHint: 'es-AR' },
      receivedAt: new Date('2025-03-10T12:00:00.000Z'),
      idempotencyKey: `${this.name}:${this.#updates}`,
      ...payload,
    } as InboundEvent;
    await this.#sink.deliver({ event });
    return this.sent.slice(before).map((entry) => entry.message);
  }
}

const channelModule = (channel: ChannelAdapter): AppModule =>
  new ContainerModule((load) => {
    bindToken(load, TOKENS.Channel).toConstantValue(channel);
  });

/** The testkit's in-memory adapters bound as a persistence module would bind them. */
const memoryPersistenceModule = (): AppModule =>
  new ContainerModule((load) => {
    const { uow, search } = createInMemoryPersistence({ clock: new FixedClock('2025-03-10T12:00:00.000Z') });
    bindToken(load, TOKENS.UnitOfWork).toConstantValue(uow);
    bindToken(load, TOKENS.Repositories).toConstantValue(uow.repositories);
    bindToken(load, TOKENS.ProductSearch).toConstantValue(search);
    bindToken(load, TOKENS.ImageStore).toConstantValue(new InMemoryImageStore());
  });

const quietCore = (): AppModule =>
  coreModule({
    logger: pino({ level: 'silent' }),
    clock: new FixedClock('2025-03-10T12:00:00.000Z'),
    ids: new SequentialIdGenerator(),
    passwordCost: { logN: 10 },
  });

let runtime: AppRuntime | null = null;
afterEach(async () => {
  await runtime?.stop();
  runtime = null;
});

describe('compose with a custom module list (core, in-memory persistence, a channel of your own, no HTTP)', () => {
  it("connects the channel to a chat driver, starts it, and a customer's message reaches the engine and is answered through the channel", async () => {
    const channel = new FakeChannel('console');
    runtime = compose({ modules: [quietCore(), memoryPersistenceModule(), channelModule(channel)] });
    expect(channel.lifecycle).toEqual(['connect']); // connected at composition, started only by start()
    expect(runtime.resolve(TOKENS.Channels).list()).toEqual([channel]);
    expect(runtime.resolve(TOKENS.Channels).get('console')).toBe(channel);
    expect(runtime.container.isBound(TOKENS.TokenIssuer)).toBe(false); // no HTTP adapter composed
    expect(runtime.startables.at(-1)).toBe(channel);

    await runtime.start();
    expect(channel.lifecycle).toEqual(['connect', 'start']);

    const useCases = runtime.resolve(TOKENS.UseCases);
    const category = await useCases.catalog.saveCategory(SYSTEM, { slug: 'herramientas', name: 'Herramientas', position: 0 });
    await useCases.catalog.createProduct(SYSTEM, {
      sku: 'HER-0001',
      name: 'Taladro percutor 13 mm',
      categoryId: category.id,
      price: money(8_999_000),
      vatRate: 2100,
      stockOnHand: 5,
      active: true,
    });

    const [greeting] = await channel.receive('chat-1', { kind: 'start', deepLink: null });
    expect(greeting?.text).toContain('¡Hola, Ana!');
    const replies = await channel.receive('chat-1', { kind: 'text', text: 'taladro' });
    // A channel without buttons gets the choices to number in its own text: the product is one of them.
    const shown = replies.flatMap((message) => [message.text, ...(message.choices ?? []).flat().map((choice) => choice.label)]);
    expect(shown.join('\n')).toContain('Taladro percutor 13 mm');
    expect(channel.sent.every((entry) => entry.chatId === 'chat-1')).toBe(true);

    await runtime.stop();
    expect(channel.lifecycle).toEqual(['connect', 'start', 'stop']);
  });

  it('the password hasher is bound without any HTTP adapter, so staff accounts work in a composition without one', async () => {
    runtime = compose({ modules: [quietCore(), memoryPersistenceModule()] });
    await runtime.start();
    const useCases = runtime.resolve(TOKENS.UseCases);
    const user = await useCases.staff.createUser(SYSTEM, {
      email: 'owner@shop.test',
      name: 'Owner',
      password: 'a long enough password',
      roles: ['owner'],
    });
    const hash = (await runtime.resolve(TOKENS.Repositories).staff.get(user.id))?.passwordHash ?? '';
    expect(hash).toMatch(/^\$scrypt\$ln=10,/);
    expect(await runtime.resolve(TOKENS.PasswordHasher).verify('a long enough password', hash)).toBe(true);
  });

  it('every channel gets its own driver over the one engine; two channels of one name are refused at composition', () => {
    const [a, b] = [new FakeChannel('console'), new FakeChannel('sms')];
    runtime = compose({ modules: [quietCore(), memoryPersistenceModule(), channelModule(a), channelModule(b)] });
    expect(
      runtime
        .resolve(TOKENS.Channels)
        .list()
        .map((channel) => channel.name),
    ).toEqual(['console', 'sms']);
    expect([a.lifecycle, b.lifecycle]).toEqual([['connect'], ['connect']]);
    runtime = null;

    expect(() =>
      compose({
        modules: [quietCore(), memoryPersistenceModule(), channelModule(new FakeChannel('x')), channelModule(new FakeChannel('x'))],
      }),
    ).toThrow('two channels are named "x"');
  });

  it('a channel bound without the core module is refused with what to add, instead of never answering', () => {
    expect(() => compose({ modules: [memoryPersistenceModule(), channelModule(new FakeChannel('console'))] })).toThrow(
      /channels are bound \(console\) but nothing connects them to a chat driver: compose coreModule\(\) too/,
    );
  });
});

describe('compose: start order by phase', () => {
  const recording = (events: string[]) => {
    const component = (name: string, phase: Startable['phase'], failStart = false): Startable => ({
      name,
      phase,
      start: async () => {
        if (failStart) throw new Error(`${name} cannot start`);
        events.push(`start ${name}`);
      },
      stop: async () => {
        events.push(`stop ${name}`);
      },
    });
    const module = (...startables: Startable[]): AppModule =>
      new ContainerModule((load) => {
        for (const startable of startables) bindToken(load, TOKENS.Startable).toConstantValue(startable);
      });
    return { component, module };
  };

  it('starts by phase whatever the module order, in binding order within a phase, channels in theirs, and stops in reverse', async () => {
    const events: string[] = [];
    const { component, module } = recording(events);
    const channel = new FakeChannel('console');
    const originalStart = channel.start.bind(channel);
    const originalStop = channel.stop.bind(channel);
    channel.start = async () => {
      events.push('start channel');
      await originalStart();
    };
    channel.stop = async () => {
      events.push('stop channel');
      await originalStop();
    };
    runtime = compose({
      modules: [
        channelModule(channel),
        module(component('worker', 'connect'), component('http', 'serve')),
        quietCore(),
        memoryPersistenceModule(),
        module(component('seed', 'prepare'), component('database', 'storage'), component('emulator', 'external')),
        module(component('second database', 'storage')),
      ],
    });
    expect(runtime.startables.map((startable) => startable.name)).toEqual([
      'emulator',
      'database',
      'second database',
      'seed',
      'http',
      'worker',
      'chat drivers',
      'console',
    ]);
    await runtime.start();
    await runtime.stop();
    expect(events).toEqual([
      'start emulator',
      'start database',
      'start second database',
      'start seed',
      'start http',
      'start worker',
      'start channel',
      'stop channel',
      'stop worker',
      'stop http',
      'stop seed',
      'stop second database',
      'stop database',
      'stop emulator',
    ]);
  });

  it('a failed start stops, in reverse, only what had started, and rethrows', async () => {
    const events: string[] = [];
    const { component, module } = recording(events);
    runtime = compose({
      modules: [
        module(
          component('http', 'serve', true),
          component('bot', 'connect'),
          component('database', 'storage'),
          component('seed', 'prepare'),
        ),
      ],
    });
    await expect(runtime.start()).rejects.toThrow('http cannot start');
    expect(events).toEqual(['start database', 'start seed', 'stop seed', 'stop database']);
  });

  it('a Startable with a phase core does not know is refused at composition, naming it', () => {
    const { component, module } = recording([]);
    expect(() => compose({ modules: [module(component('odd', 'later' as Startable['phase']))] })).toThrow(
      /"odd" declares phase "later"; expected one of external, storage, prepare, serve, connect/,
    );
  });
});
