import { createConversationEngine, createUseCases, DEFAULT_SHOP_SETTINGS, type ShopSettings } from '@mostrador/core';
import { createInMemoryPersistence, FakePasswordHasher, FakeSecretTokens, FixedClock, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { aCategory, aProduct } from '@mostrador/testkit/mothers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, pngBytes, startHarness } from './support/harness.js';

/*
 * Core's real conversation engine behind the adapter, driven through the Bot API emulator: what
 * the engine writes must render on Telegram (markup, choice ids, edits, photos).
 */

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const aShop = async (harnessImages: Harness['images']) => {
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const { uow, search } = createInMemoryPersistence({ clock });
  const settings: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Almacén <Don Pepe> & Hijos' };
  const useCases = createUseCases({ uow, search, clock, ids, passwords: new FakePasswordHasher(), secrets: new FakeSecretTokens(), settings });
  const errors: unknown[] = [];
  const category = aCategory({ name: 'Remeras', slug: 'remeras' });
  await uow.repositories.categories.save(category);
  const imageId = await harnessImages.put(pngBytes(128), 'image/png');
  const product = aProduct({ name: 'Remera <b>lisa</b> & co', categoryId: category.id, images: [{ id: imageId, mimeType: 'image/png' }] });
  await uow.repositories.products.save(product);
  return { uow, useCases, clock, ids, settings, errors, imageId, product };
};

describe('the Telegram channel with core conversation engine', () => {
  it('walks from /start to a product card, pages its quantity in place, and adds it to the cart', async () => {
    harness = await startHarness();
    const shop = await aShop(harness.images);
    const channel = harness.channel;
    const engine = createConversationEngine({
      useCases: shop.useCases,
      store: shop.uow.repositories.conversations,
      clock: shop.clock,
      ids: shop.ids,
      settings: shop.settings,
      downloadFile: (fileRef, maxBytes) => channel.downloadFile(fileRef, maxBytes),
      onError: (error) => shop.errors.push(error),
    });
    harness.engine.script = (event, capabilities) => engine.handle(event, capabilities);
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
    harness = await startHarness();
    const shop = await aShop(harness.images);
    const engine = createConversationEngine({
      useCases: shop.useCases,
      store: shop.uow.repositories.conversations,
      clock: shop.clock,
      ids: shop.ids,
      settings: shop.settings,
      onError: (error) => shop.errors.push(error),
    });
    harness.engine.script = (event, capabilities) => engine.handle(event, capabilities);
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
    expect(messages.slice(-2).map(textOf)).toEqual(['📞 Anotamos tu teléfono: 1155551234', '🚚 ¿Cómo querés recibir el pedido?']);
    const removals = harness.emulator
      .calls('sendMessage')
      .filter((call) => (call.params.reply_markup as { remove_keyboard?: boolean } | undefined)?.remove_keyboard === true);
    expect(removals.map((call) => call.params.text)).toEqual(['📞 Anotamos tu teléfono: 1155551234']);
    expect(delivery?.reply_markup?.inline_keyboard.flat().map((button) => button.text)).toContain('🏬 Retiro en el local');
    // The buttons under the question work as usual.
    await step(() => ana.tapButton(/Retiro en el local/), /¿Qué factura necesitás\?/);
    expect(shop.errors).toEqual([]);
    expect(harness.emulator.calls((call) => call.status >= 400 && call.method !== 'getUpdates')).toEqual([]);
  });
});
