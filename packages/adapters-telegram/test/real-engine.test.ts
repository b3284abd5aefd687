import {
  createConversationEngine,
  DEFAULT_SHOP_SETTINGS,
  type ImageAnalyzer,
  type ImageDescription,
  type ShopSettings,
} from '@mostrador/core';
import { createInMemoryUseCases, FixedClock, InMemoryImageStore, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { aCategory, aProduct } from '@mostrador/testkit/mothers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, pngBytes, startHarness } from './support/harness.js';

/*
 * Core's real conversation engine behind core's chat driver and the adapter, driven through the
 * Bot API emulator: what the engine writes must render on Telegram (markup, choice ids, edits,
 * photos), and the driver's failure handling must hold with Telegram's errors.
 */

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Reads every photo as a "mate" and remembers what it was given. */
class RecordingAnalyzer implements ImageAnalyzer {
  readonly received: { bytes: number; mimeType: string }[] = [];
  async describe(bytes: Uint8Array, mimeType: string): Promise<ImageDescription> {
    this.received.push({ bytes: bytes.byteLength, mimeType });
    return { labels: ['remera'], text: null, colors: [] };
  }
  async fingerprint(): Promise<string> {
    return 'fingerprint';
  }
}

/** A shop with one category and one product with a photo, its real engine, and the harness running it. */
const aShop = async (options: { imageAnalyzer?: ImageAnalyzer } = {}) => {
  const images = new InMemoryImageStore();
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Almacén <Don Pepe> & Hijos' };
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings });
  const errors: unknown[] = [];
  const category = aCategory({ name: 'Remeras', slug: 'remeras' });
  await uow.repositories.categories.save(category);
  const imageId = await images.put(pngBytes(128), 'image/png');
  const product = aProduct({ name: 'Remera <b>lisa</b> & co', categoryId: category.id, images: [{ id: imageId, mimeType: 'image/png' }] });
  await uow.repositories.products.save(product);
  const engine = createConversationEngine({
    useCases,
    clock,
    ids,
    settings,
    imageAnalyzer: options.imageAnalyzer ?? null,
    onError: (error) => errors.push(error),
  });
  harness = await startHarness({ engine, store: uow.repositories.conversations, images });
  return { uow, useCases, errors, imageId, product, harness };
};

describe('the Telegram channel with core conversation engine', () => {
  it('walks from /start to a product card, pages its quantity in place, and adds it to the cart', async () => {
    const shop = await aShop();
    const { harness } = shop;
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });

    await ana.sendCommand('start');
    const [menu] = await ana.waitForMessages(1);
    expect(menu?.text).toContain('Almacén <Don Pepe> & Hijos');

    await ana.tapButton(/Catálogo/);
    await ana.waitForMessages(
      (message) => message.reply_markup?.inline_keyboard.flat().some((button) => button.text.includes('Remeras')) ?? false,
    );
    await ana.tapButton(/Remeras/);
    await ana.waitForMessages(
      (message) => message.reply_markup?.inline_keyboard.flat().some((button) => button.text.includes('Remera <b>lisa</b>')) ?? false,
    );
    await ana.tapButton(/Remera <b>lisa<\/b>/);
    const [card] = await ana.waitForMessages((message) => message.photo !== undefined);
    expect(card?.caption).toContain('Remera <b>lisa</b> & co');

    await ana.tapButton('×2');
    const [paged] = await ana.waitForMessages((message) => message.message_id === card?.message_id && message.edit_date !== undefined);
    expect(paged?.caption).toContain('Cantidad: 2');
    expect(paged?.photo).toBeDefined();

    await ana.tapButton(/Agregar al carrito/);
    const answer = await ana.waitForCallbackAnswer();

    expect(answer.text).toBe('Agregado al carrito');
    expect(shop.errors).toEqual([]);
    const uploads = harness.emulator.calls('sendPhoto').filter((call) => call.files.length > 0);
    expect(uploads).toHaveLength(1);
    await vi.waitFor(() => expect(harness?.emulator.calls('editMessageMedia').map((call) => call.status)).toContain(200));
    expect(harness.emulator.calls((call) => call.status >= 400 && call.method !== 'getUpdates')).toEqual([]);
  });

  it('asks for the phone with the "share my phone number" keyboard, and takes it away once the phone is typed', async () => {
    const shop = await aShop();
    const { harness } = shop;
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const textOf = (message: { text?: string; caption?: string }): string => message.text ?? message.caption ?? '';
    const step = async (action: () => Promise<unknown>, shows: RegExp) => {
      await action();
      const [message] = await ana.waitForMessages((candidate) => shows.test(textOf(candidate)));
      return message;
    };

    await step(() => ana.sendCommand('start', `p_${shop.product.id}`), /Cantidad: 1/);
    await step(() => ana.tapButton(/Agregar al carrito/), /Agregaste 1 ×/);
    await step(() => ana.tapButton(/Ver carrito/), /Tu carrito/);
    await step(() => ana.tapButton(/Finalizar compra/), /¿A nombre de quién/);
    await step(() => ana.tapButton(/^Usar Ana/), /📱 Compartir mi teléfono/);
    expect(ana.replyKeyboard()?.keyboard).toEqual([[expect.objectContaining({ text: '📱 Compartir mi teléfono', request_contact: true })]]);

    const delivery = await step(() => ana.sendText('11 5555-1234'), /¿Cómo querés recibir el pedido\?/);

    expect(ana.replyKeyboard()).toBeUndefined();
    const messages = ana.botMessages();
    // The note confirming the phone has no buttons: it carries the keyboard's removal itself.
    expect(messages.slice(-2).map(textOf)).toEqual(['📞 Anotamos tu teléfono: +541155551234', '🚚 ¿Cómo querés recibir el pedido?']);
    const removals = harness.emulator
      .calls('sendMessage')
      .filter((call) => (call.params.reply_markup as { remove_keyboard?: boolean } | undefined)?.remove_keyboard === true);
    expect(removals.map((call) => call.params.text)).toEqual(['📞 Anotamos tu teléfono: +541155551234']);
    expect(delivery?.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toContain('🏬 Retiro en el local');
    // The buttons under the question work as usual.
    await step(() => ana.tapButton(/Retiro en el local/), /¿Qué factura necesitás\?/);
    expect(shop.errors).toEqual([]);
    expect(harness.emulator.calls((call) => call.status >= 400 && call.method !== 'getUpdates')).toEqual([]);
  });

  it('answers a tap on an older message as stale, with a note and a toast', async () => {
    const { harness, errors } = await aShop();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    await ana.sendCommand('start');
    const [menu] = await ana.waitForMessages(1);
    await ana.tapButton(/Catálogo/);
    await ana.waitForMessages((message) => message.text?.includes('Catálogo') === true && message.message_id !== menu?.message_id);

    await ana.tapButton(/Ofertas/, { message: menu?.message_id as number });
    const answer = await ana.waitForCallbackAnswer();
    const [note] = await ana.waitForMessages((message) => message.text === 'Esa opción ya no está disponible.');

    expect(answer.text).toBe('Esa opción ya no está disponible.');
    expect(note?.reply_markup).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('searches by photo with the file downloaded through the channel', async () => {
    const analyzer = new RecordingAnalyzer();
    const { harness, errors } = await aShop({ imageAnalyzer: analyzer });
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const photo = pngBytes(3000);

    await ana.sendPhoto(photo);
    const [results] = await ana.waitForMessages((message) => message.text?.includes('📷') === true);

    expect(analyzer.received).toEqual([{ bytes: photo.byteLength, mimeType: 'image/png' }]);
    expect(results?.reply_markup?.inline_keyboard.flat().some((button) => button.text.includes('Remera <b>lisa</b>'))).toBe(true);
    expect(errors).toEqual([]);
    expect(harness.emulator.calls('getFile').map((call) => call.status)).toEqual([200]);
  });

  it('sends no apology to a person who blocked the bot, logs the code, and goes on serving others', async () => {
    const { harness } = await aShop();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const beto = harness.emulator.user({ firstName: 'Beto', languageCode: 'es' });

    await ana.sendCommand('start');
    // Blocked before the bot has read the update: its answer meets a 403.
    ana.block();
    await vi.waitFor(() =>
      expect(harness.logger.lines.filter((line) => line.startsWith('error chat reply not delivered'))).toEqual([
        expect.stringContaining('"code":"CHANNEL.BLOCKED"'),
      ]),
    );
    await beto.sendCommand('start');
    const [menu] = await beto.waitForMessages(1);

    expect(menu?.text).toContain('Almacén <Don Pepe> & Hijos');
    // One refused send (the menu), no second one (an apology).
    expect(harness.emulator.calls('sendMessage').filter((call) => call.status === 403)).toHaveLength(1);
    expect(harness.logger.lines.join('\n')).not.toContain('apology');
  });
});
