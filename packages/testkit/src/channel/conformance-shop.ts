import {
  type ChannelAdapter,
  type ChatDriver,
  createChatDriver,
  createConversationEngine,
  DEFAULT_SHOP_SETTINGS,
  type ImageStore,
  type Locale,
  type Logger,
  type Money,
  money,
  type OutboundMessage,
  type Product,
  type ShopSettings,
  type UnitOfWork,
  type UseCases,
} from '@mostrador/core';
import { FixedClock } from '../memory/fixed-clock.js';
import { InMemoryImageStore } from '../memory/in-memory-image-store.js';
import { createInMemoryUseCases } from '../memory/index.js';
import { SequentialIdGenerator } from '../memory/sequential-id-generator.js';
import { aCategory, aProduct } from '../mothers/catalog-mothers.js';

/** A product of the conformance catalog, with what a customer types to find it in each language. */
export interface ConformanceProduct {
  readonly product: Product;
  readonly name: Readonly<Record<Locale, string>>;
  readonly searchWord: Readonly<Record<Locale, string>>;
  readonly price: Money;
}

/** One line a component logged while the suite ran. */
export interface ConformanceLogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The shop every channel under conformance talks to: core's real use cases and conversation
 * engine over the in-memory adapters, a small seeded catalog, and one chat driver per connected
 * channel. The suite builds it and hands it to the channel's factory, which connects its adapter
 * with `connect` — so the shop, not the channel, decides what the customer can buy, and the suite
 * knows what to look for.
 */
export interface ConformanceShop {
  readonly settings: ShopSettings;
  readonly useCases: UseCases;
  readonly uow: UnitOfWork;
  /** Catalog images (the mate's photo); a channel that uploads images reads them here. */
  readonly images: ImageStore;
  /** Photos above this size are refused by the engine; the suite sends one larger. */
  readonly maxPhotoBytes: number;
  /** The product the journeys buy: one photo, stock well above the low-stock threshold. */
  readonly mate: ConformanceProduct;
  /** Another product, so search results are a list and not a lucky single hit. */
  readonly straw: ConformanceProduct;
  /** What the engine and the chat drivers logged. */
  readonly logs: readonly ConformanceLogLine[];
  /**
   * Connects a channel adapter to the shop through core's chat driver (one per channel, as the app
   * does) and counts the deliveries it handles, per chat. Call it before starting the channel.
   */
  connect(channel: ChannelAdapter): ChatDriver;
  /**
   * Pushes a message to a chat through the connected channel, as notifications do (not a reply
   * to an inbound event): e.g. the invoice PDF sent when ARCA authorizes it.
   */
  push(chatId: string, message: OutboundMessage): Promise<void>;
  /** Deliveries of `chatId` handled so far (replies delivered or given up on), over every connected channel. */
  handled(chatId: string): number;
  /** Resolves once `chatId` has had `count` deliveries handled; rejects after `timeoutMs`. */
  waitHandled(chatId: string, count: number, timeoutMs?: number): Promise<void>;
}

/** A 2×2 PNG padded to `size` bytes: what the shop shows as the mate's photo. */
export const pngOfSize = (size: number): Uint8Array => {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452000000020000000208060000007e', 'hex');
  const bytes = Buffer.alloc(Math.max(size, header.length), 7);
  header.copy(bytes);
  return new Uint8Array(bytes);
};

const DEFAULT_WAIT_MS = 10_000;

/**
 * Builds the conformance shop. `maxPhotoBytes` defaults to 1 MB, so the "photo too big" case
 * moves little data.
 */
export async function createConformanceShop(options: { readonly maxPhotoBytes?: number } = {}): Promise<ConformanceShop> {
  const clock = new FixedClock('2026-03-10T15:00:00.000Z');
  const ids = new SequentialIdGenerator();
  const images = new InMemoryImageStore();
  const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Almacén Conformidad' };
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings });
  const maxPhotoBytes = options.maxPhotoBytes ?? 1024 * 1024;
  const logs: ConformanceLogLine[] = [];
  const logger: Logger = {
    info: (message, fields) => void logs.push({ level: 'info', message, fields: fields ?? {} }),
    warn: (message, fields) => void logs.push({ level: 'warn', message, fields: fields ?? {} }),
    error: (message, fields) => void logs.push({ level: 'error', message, fields: fields ?? {} }),
  };

  const category = aCategory({ name: 'Mates', slug: 'mates', translations: { en: { name: 'Mate gear' } } });
  await uow.repositories.categories.save(category);
  const photoId = await images.put(pngOfSize(256), 'image/png');
  const mateProduct = aProduct({
    sku: 'MATE-CAL',
    name: 'Mate de calabaza',
    description: 'Calabaza curada a mano, con virola de alpaca.',
    categoryId: category.id,
    images: [{ id: photoId, mimeType: 'image/png' }],
    price: money(12_500_00),
    stockOnHand: 8,
    translations: { en: { name: 'Gourd mate', description: 'Hand-cured gourd with an alpaca rim.' } },
  });
  const strawProduct = aProduct({
    sku: 'BOMB-ALP',
    name: 'Bombilla de alpaca',
    categoryId: category.id,
    price: money(4_200_00),
    stockOnHand: 20,
    translations: { en: { name: 'Alpaca straw' } },
  });
  await uow.repositories.products.save(mateProduct);
  await uow.repositories.products.save(strawProduct);

  const engine = createConversationEngine({
    useCases,
    clock,
    ids,
    settings,
    maxPhotoBytes,
    onError: (error, event) =>
      logs.push({
        level: 'error',
        message: 'conversation engine failed',
        fields: { chatId: event.chatId, kind: event.kind, error: error instanceof Error ? error.message : String(error) },
      }),
  });

  const handledByChat = new Map<string, number>();
  const connected: ChannelAdapter[] = [];
  const waiters = new Set<() => void>();
  const countHandled = (chatId: string): void => {
    handledByChat.set(chatId, (handledByChat.get(chatId) ?? 0) + 1);
    for (const wake of [...waiters]) wake();
  };

  return {
    settings,
    useCases,
    uow,
    images,
    maxPhotoBytes,
    logs,
    mate: {
      product: mateProduct,
      name: { es: 'Mate de calabaza', en: 'Gourd mate' },
      searchWord: { es: 'calabaza', en: 'gourd' },
      price: mateProduct.price,
    },
    straw: {
      product: strawProduct,
      name: { es: 'Bombilla de alpaca', en: 'Alpaca straw' },
      searchWord: { es: 'bombilla', en: 'straw' },
      price: strawProduct.price,
    },
    async push(chatId, message) {
      const channel = connected.at(-1);
      if (!channel) throw new Error('push: no channel is connected to the shop');
      await channel.send(chatId, message);
    },
    connect(channel) {
      connected.push(channel);
      const driver = createChatDriver({ engine, channel, store: uow.repositories.conversations, logger });
      channel.connect({
        deliver: async (delivery) => {
          try {
            await driver.deliver(delivery);
          } finally {
            countHandled(delivery.event.chatId);
          }
        },
      });
      return driver;
    },
    handled: (chatId) => handledByChat.get(chatId) ?? 0,
    waitHandled(chatId, count, timeoutMs = DEFAULT_WAIT_MS) {
      return new Promise<void>((resolve, reject) => {
        const check = (): boolean => {
          if ((handledByChat.get(chatId) ?? 0) < count) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `chat ${chatId}: expected ${count} handled deliveries within ${timeoutMs} ms, got ${handledByChat.get(chatId) ?? 0}; did the channel hand the event to the sink?`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
  };
}
