// The conversation engine driven as a channel adapter drives it, through core's chat driver: core's
// use cases over testkit's in-memory adapters (imported by path: core does not depend on testkit),
// and a tiny in-test channel that numbers messages, remembers which message holds the buttons, and
// taps by label.
import { createInMemoryUseCases, FixedClock, RecordingLogger, SequentialIdGenerator } from '../../../testkit/src/memory/index.js';
import { aCategory, aProduct } from '../../../testkit/src/mothers/index.js';
import {
  type Category,
  type ChannelCapabilities,
  type ConversationEngineDeps,
  createChatDriver,
  createConversationEngine,
  DEFAULT_SHOP_SETTINGS,
  type DeliveryReceipt,
  type InboundPayload,
  type MessagingChannel,
  numberChoices,
  type OutboundMessage,
  type PaymentDependencies,
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

type Download = MessagingChannel['downloadFile'];

const noDownloads: Download = async () => {
  throw new Error('this test channel has no files');
};

export const aConversationShop = (
  options: {
    settings?: Partial<ShopSettings>;
    engine?: Partial<ConversationEngineDeps>;
    /** What the test channel's `downloadFile` answers (photo search). */
    downloadFile?: Download;
    /** Payment gateways (pay buttons); none by default. */
    payments?: PaymentDependencies;
  } = {},
) => {
  const clock = new FixedClock(START);
  const ids = new SequentialIdGenerator();
  const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Almacén Don Pepe', ...options.settings };
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings, ...(options.payments ? { payments: options.payments } : {}) });
  const errors: unknown[] = [];
  const engine = createConversationEngine({
    useCases,
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

  const logger = new RecordingLogger();
  const downloadFile = options.downloadFile ?? noDownloads;

  return { clock, ids, uow, useCases, settings, engine, errors, logger, downloadFile, seedCategory, seedProduct, product };
};

export type ConversationShop = ReturnType<typeof aConversationShop>;

let updates = 0;

const labelText = (label: string): string => label.replace(/^[^\p{L}\p{N}]+/u, '').trim();

/** What one delivery showed the person: the messages the channel was handed, and the tap's toast. */
export interface ChatReply {
  readonly messages: readonly OutboundMessage[];
  readonly toast: string | null;
}

/** One person chatting with the shop on one channel. */
export class TestChat {
  readonly replies: ChatReply[] = [];
  /** Every message the channel delivered, by its reference (edits replace the stored one). */
  readonly delivered = new Map<string, OutboundMessage>();
  private messages = 0;
  /** The reference of the last message that carried choices: the one a person taps on. */
  private keyboardRef: string | null = null;

  /** Messages the channel was handed during the current delivery. */
  private sending: OutboundMessage[] = [];
  private readonly driver: ReturnType<typeof createChatDriver>;

  constructor(
    private readonly shop: ConversationShop,
    readonly capabilities: ChannelCapabilities,
    readonly user: { id: string; displayName: string; languageHint: string | null },
    readonly channel = capabilities.inlineButtons ? 'telegram' : 'whatsapp',
    readonly chatId = `chat-${user.id}`,
  ) {
    const testChannel: MessagingChannel = {
      name: channel,
      capabilities,
      send: async (_chatId, message): Promise<DeliveryReceipt> => {
        this.sending.push(message);
        const ref = message.replaces ?? `m${++this.messages}`;
        this.delivered.set(ref, message);
        if (message.choices) this.keyboardRef = ref;
        return { messageRef: ref };
      },
      downloadFile: (fileRef, maxBytes) => shop.downloadFile(fileRef, maxBytes),
    };
    this.driver = createChatDriver({
      engine: shop.engine,
      channel: testChannel,
      store: shop.uow.repositories.conversations,
      logger: shop.logger,
    });
  }

  /**
   * Sends one update through the chat driver; returns what the channel was handed for it (the
   * messages, and the toast the delivery was acknowledged with) and records what it would show.
   */
  async send(payload: InboundPayload, idempotencyKey = `update-${++updates}`): Promise<ChatReply> {
    this.sending = [];
    let toast: string | null = null;
    let acknowledgements = 0;
    await this.driver.deliver({
      event: { channel: this.channel, chatId: this.chatId, user: this.user, receivedAt: this.shop.clock.now(), idempotencyKey, ...payload },
      acknowledge: async (given) => {
        acknowledgements += 1;
        toast = given;
      },
    });
    if (acknowledgements !== 1) throw new Error(`the delivery was acknowledged ${acknowledgements} times`);
    const reply: ChatReply = { messages: this.sending, toast };
    this.replies.push(reply);
    return reply;
  }

  start(deepLink: string | null = null): Promise<ChatReply> {
    return this.send({ kind: 'start', deepLink });
  }

  text(text: string): Promise<ChatReply> {
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
  tap(label: string | RegExp): Promise<ChatReply> {
    return this.send({ kind: 'choice', choiceId: this.option(label).id, messageRef: this.keyboardRef });
  }

  /** Answers with the number of the option labelled `label`, as on a channel without buttons. */
  pick(label: string | RegExp): Promise<ChatReply> {
    return this.text(String(this.option(label).number));
  }

  /** Taps where buttons exist, answers with the digit where they do not. */
  choose(label: string | RegExp): Promise<ChatReply> {
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
