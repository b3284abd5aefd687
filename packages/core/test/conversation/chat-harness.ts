// The conversation engine driven like a channel adapter would: core's use cases over testkit's
// in-memory adapters (imported by path: core does not depend on testkit), and a tiny in-test
// channel that numbers messages, remembers which message holds the buttons, and taps by label.
import { createInMemoryPersistence, FakePasswordHasher, FixedClock, SequentialIdGenerator } from '../../../testkit/src/memory/index.js';
import { aCategory, aProduct } from '../../../testkit/src/mothers/index.js';
import {
  type Category,
  type ChannelCapabilities,
  type ConversationEngineDeps,
  createConversationEngine,
  createUseCases,
  DEFAULT_SHOP_SETTINGS,
  type EngineReply,
  type InboundPayload,
  numberChoices,
  type OutboundMessage,
  type Product,
  type ShopSettings,
} from '../../src/index.js';

/** Telegram: inline keyboards, 8 per row, 100 in all, edits, 4096 characters. */
export const TELEGRAM_LIKE: ChannelCapabilities = {
  inlineButtons: true,
  urlButtons: true,
  maxButtonsPerRow: 8,
  maxButtons: 100,
  editInPlace: true,
  maxTextLength: 4096,
  maxCaptionLength: 1024,
  images: true,
  documents: true,
  maxChoiceLabelLength: 64,
  maxChoicePayloadBytes: 64,
  contactRequest: true,
  toasts: true,
  deepLinks: true,
};

/** A WhatsApp-like channel: numbered options under the text, no edits, few options at a time. */
export const NUMBERED_ONLY: ChannelCapabilities = {
  inlineButtons: false,
  urlButtons: false,
  maxButtonsPerRow: 1,
  maxButtons: 10,
  editInPlace: false,
  maxTextLength: 4096,
  maxCaptionLength: 1024,
  images: true,
  documents: true,
  maxChoiceLabelLength: 60,
  maxChoicePayloadBytes: 256,
  contactRequest: false,
  toasts: false,
  deepLinks: false,
};

/** 12:00 UTC = 09:00 in Argentina. */
export const START = '2025-03-10T12:00:00.000Z';

export const aConversationShop = (options: { settings?: Partial<ShopSettings>; engine?: Partial<ConversationEngineDeps> } = {}) => {
  const clock = new FixedClock(START);
  const ids = new SequentialIdGenerator();
  const { uow, search } = createInMemoryPersistence({ clock });
  const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Almacén Don Pepe', ...options.settings };
  const useCases = createUseCases({ uow, search, clock, ids, passwords: new FakePasswordHasher(), settings });
  const errors: unknown[] = [];
  const engine = createConversationEngine({
    useCases,
    store: uow.repositories.conversations,
    clock,
    ids,
    settings,
    onError: (error) => errors.push(error),
    ...options.engine,
  });

  const seedCategory = async (overrides: Partial<Category> = {}): Promise<Category> => {
    const category = aCategory(overrides);
    await uow.repositories.categories.save(category);
    return category;
  };
  const seedProduct = async (overrides: Partial<Product> = {}): Promise<Product> => {
    const product = aProduct(overrides);
    await uow.repositories.products.save(product);
    return product;
  };
  const product = async (id: string): Promise<Product> => {
    const found = await uow.repositories.products.get(id);
    if (!found) throw new Error(`no product ${id}`);
    return found;
  };

  return { clock, ids, uow, useCases, settings, engine, errors, seedCategory, seedProduct, product };
};

export type ConversationShop = ReturnType<typeof aConversationShop>;

let updates = 0;

const labelText = (label: string): string => label.replace(/^[^\p{L}\p{N}]+/u, '').trim();

/** One person chatting with the shop on one channel. */
export class TestChat {
  readonly replies: EngineReply[] = [];
  /** Every message the channel delivered, by its reference (edits replace the stored one). */
  readonly delivered = new Map<string, OutboundMessage>();
  private messages = 0;
  /** The reference of the last message that carried choices: the one a person taps on. */
  private keyboardRef: string | null = null;

  constructor(
    private readonly shop: ConversationShop,
    readonly capabilities: ChannelCapabilities,
    readonly user: { id: string; displayName: string; languageHint: string | null },
    readonly channel = capabilities.inlineButtons ? 'telegram' : 'whatsapp',
    readonly chatId = `chat-${user.id}`,
  ) {}

  /** Sends one update; returns the engine's reply and records what the channel would show. */
  async send(payload: InboundPayload, idempotencyKey = `update-${++updates}`): Promise<EngineReply> {
    const reply = await this.shop.engine.handle(
      { channel: this.channel, chatId: this.chatId, user: this.user, receivedAt: this.shop.clock.now(), idempotencyKey, ...payload },
      this.capabilities,
    );
    for (const message of reply.messages) {
      const ref = message.replaces ?? `m${++this.messages}`;
      this.delivered.set(ref, message);
      if (message.choices) this.keyboardRef = ref;
    }
    this.replies.push(reply);
    return reply;
  }

  start(deepLink: string | null = null): Promise<EngineReply> {
    return this.send({ kind: 'start', deepLink });
  }

  text(text: string): Promise<EngineReply> {
    return this.send({ kind: 'text', text });
  }

  /** The message with the buttons the person sees now. */
  get screen(): OutboundMessage {
    const message = this.keyboardRef ? this.delivered.get(this.keyboardRef) : undefined;
    if (!message) throw new Error('no message with choices yet');
    return message;
  }

  get screenRef(): string | null {
    return this.keyboardRef;
  }

  /** Choices of the current screen as numbered on channels without buttons. */
  get options(): { number: number; id: string; label: string }[] {
    return numberChoices(this.screen.choices);
  }

  get labels(): string[] {
    return this.options.map((option) => option.label);
  }

  /** The option whose label equals `label` (with or without its leading emoji), or matches the pattern. */
  option(label: string | RegExp): { number: number; id: string; label: string } {
    const matches = this.options.filter((option) =>
      typeof label === 'string' ? option.label === label || labelText(option.label) === label : label.test(option.label),
    );
    if (matches.length !== 1)
      throw new Error(`expected one choice labelled ${String(label)}, found ${matches.length} among ${JSON.stringify(this.labels)}`);
    return matches[0] as { number: number; id: string; label: string };
  }

  /** Taps the button labelled `label` on the current screen. */
  tap(label: string | RegExp): Promise<EngineReply> {
    return this.send({ kind: 'choice', choiceId: this.option(label).id, messageRef: this.keyboardRef });
  }

  /** Answers with the number of the option labelled `label`, as on a channel without buttons. */
  pick(label: string | RegExp): Promise<EngineReply> {
    return this.text(String(this.option(label).number));
  }

  /** Taps where buttons exist, answers with the digit where they do not. */
  choose(label: string | RegExp): Promise<EngineReply> {
    return this.capabilities.inlineButtons ? this.tap(label) : this.pick(label);
  }

  /** Every text the last reply carried, joined. */
  get lastText(): string {
    return (this.replies[this.replies.length - 1]?.messages ?? []).map((message) => message.text).join('\n---\n');
  }

  /** Every choice id ever sent to this chat. */
  get allChoiceIds(): string[] {
    return this.replies.flatMap((reply) => reply.messages.flatMap((message) => numberChoices(message.choices).map((option) => option.id)));
  }
}
