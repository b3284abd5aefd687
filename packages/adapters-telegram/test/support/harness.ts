import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ChannelCapabilities,
  type ChatDriver,
  type ConversationEngine,
  type ConversationStore,
  createChatDriver,
  type EngineChannel,
  type EngineReply,
  type InboundEvent,
  type OutboundMessage,
  type SettingsRepository,
} from '@mostrador/core';
import { createInMemoryPersistence, InMemoryImageStore, RecordingLogger } from '@mostrador/testkit/memory';
import { type EmulatedBot, TelegramEmulator } from '@mostrador/testkit/telegram';
import { createTelegramChannel, type TelegramChannel, type TelegramChannelOptions } from '../../src/index.js';

/*
 * The adapter as the app runs it: a TelegramChannel connected to core's chat driver (ordering,
 * deduplication, "typing…", retries, apologies), against the Bot API emulator. Behind the driver,
 * either a scripted engine (to send exactly the messages a rendering test needs) or core's real
 * engine.
 */

/** A scripted answer; its state is what the driver saves (null when the script gives none). */
export type Script = (
  event: InboundEvent,
  capabilities: ChannelCapabilities,
) => Omit<EngineReply, 'state'> | EngineReply | Promise<Omit<EngineReply, 'state'> | EngineReply>;

export const reply = (...messages: OutboundMessage[]): EngineReply => ({ messages, toast: null, state: null });

/** A stand-in for core's conversation engine: records what it was given and answers from a script. */
export class ScriptedEngine implements ConversationEngine {
  readonly events: InboundEvent[] = [];
  readonly capabilitiesSeen: ChannelCapabilities[] = [];
  script: Script;

  constructor(script: Script = () => reply()) {
    this.script = script;
  }

  async handle(event: InboundEvent, channel: EngineChannel): Promise<EngineReply> {
    this.events.push(event);
    this.capabilitiesSeen.push(channel.capabilities);
    return { state: null, ...(await this.script(event, channel.capabilities)) };
  }

  /** Resolves once `count` events have arrived. */
  async waitForEvents(count: number, timeoutMs = 3000): Promise<InboundEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} events, got ${this.events.length}: ${JSON.stringify(this.events.map((e) => e.kind))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.events.slice(0, count);
  }
}

export interface Harness {
  readonly emulator: TelegramEmulator;
  readonly bot: EmulatedBot;
  readonly channel: TelegramChannel;
  /** The scripted engine (its script is unused when the harness runs another engine). */
  readonly engine: ScriptedEngine;
  readonly driver: ChatDriver;
  readonly images: InMemoryImageStore;
  readonly settings: SettingsRepository;
  readonly logger: RecordingLogger;
  /** In webhook mode: the local endpoint the emulator pushes to, and how it answered. */
  readonly webhook: { url: string; answers: number[] } | null;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly mode?: 'polling' | 'webhook';
  readonly script?: Script;
  /** Another engine behind the driver (core's real one); default the scripted engine. */
  readonly engine?: ConversationEngine;
  /** The engine's conversation store, when another engine is given. */
  readonly store?: ConversationStore;
  /** The image store the shop's catalog uses, when it is built before the harness. */
  readonly images?: InMemoryImageStore;
  readonly options?: Partial<TelegramChannelOptions>;
  /** Default true: the channel is started. */
  readonly start?: boolean;
}

export const WEBHOOK_SECRET = 'test_secret-123';

/** A local HTTP endpoint standing in for the app's `POST /telegram/webhook` route. */
const listenForWebhook = async (channel: () => TelegramChannel, answers: number[]): Promise<{ server: Server; url: string }> => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]),
      );
      void channel()
        .handleWebhook({ headers, body })
        .then((answer) => {
          answers.push(answer.status);
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/telegram/webhook` };
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = new TelegramEmulator({ webhook: { initialRetryMs: 20, maxRetryMs: 200 } });
  await emulator.start();
  const bot = emulator.createBot({ username: 'mostrador_test_bot', firstName: 'Mostrador' });
  const engine = new ScriptedEngine(options.script);
  const images = options.images ?? new InMemoryImageStore();
  const { repositories } = createInMemoryPersistence().uow;
  const settings = repositories.settings;
  const logger = new RecordingLogger();
  const mode = options.mode ?? 'polling';

  let channel: TelegramChannel | undefined;
  let hook: { server: Server; url: string } | null = null;
  const answers: number[] = [];
  if (mode === 'webhook') hook = await listenForWebhook(() => channel as TelegramChannel, answers);

  channel = createTelegramChannel(
    {
      token: bot.token,
      mode,
      apiRoot: emulator.apiRoot,
      throttle: false,
      botInfo: { id: bot.id, first_name: bot.firstName, username: bot.username },
      ...(hook ? { webhookUrl: hook.url, webhookSecret: WEBHOOK_SECRET } : {}),
      ...options.options,
    },
    { images, settings, logger },
  );
  const driver = createChatDriver({
    engine: options.engine ?? engine,
    channel,
    store: options.store ?? repositories.conversations,
    logger,
  });
  channel.connect(driver);
  if (options.start !== false) await channel.start();

  const started = channel;
  return {
    emulator,
    bot,
    channel: started,
    engine,
    driver,
    images,
    settings,
    logger,
    webhook: hook ? { url: hook.url, answers } : null,
    close: async () => {
      await started.stop();
      await driver.drain(5_000);
      await emulator.stop();
      if (hook) {
        const server = hook.server;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
    },
  };
}

/** A valid 2×2 PNG of `padding` extra bytes (the emulator reads PNG sizes from the header). */
export const pngBytes = (padding = 0): Uint8Array => {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452000000020000000208060000007e', 'hex');
  const bytes = Buffer.alloc(header.length + 16 + padding, 7);
  header.copy(bytes);
  return new Uint8Array(bytes);
};
