import { describe, expect, it } from 'vitest';
import { type ChannelCapabilities, money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

/** Buttons, but none of the extras: no contact control, no toasts, no deep links, short labels and payloads. */
const PLAIN_BUTTONS: ChannelCapabilities = {
  ...TELEGRAM_LIKE,
  maxChoiceLabelLength: 24,
  maxChoicePayloadBytes: 8,
  contactRequest: false,
  toasts: false,
  deepLinks: false,
};

const toPhoneQuestion = async (shop: ConversationShop, chat: TestChat): Promise<void> => {
  const mate = await shop.seedProduct({ name: 'Mate de calabaza forrado en cuero', price: money(8_000_00), stockOnHand: 4 });
  await chat.start(`p_${mate.id}`);
  await chat.tap('Agregar al carrito');
  await chat.tap('Ver carrito (1)');
  await chat.tap('Finalizar compra');
  await chat.tap(`Usar ${chat.user.displayName}`);
};

describe('what a channel declares', () => {
  it('without contactRequest, asks to type the phone and offers no contact control', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, PLAIN_BUTTONS, { id: '8001', displayName: 'Ana', languageHint: 'es' });
    await toPhoneQuestion(shop, chat);

    expect(chat.screen.text).toBe('📞 ¿A qué teléfono te contactamos? Escribilo con código de área.');
    expect(chat.screen.requestContact).toBeUndefined();
    const typed = await chat.text('11 4444-5555');
    expect(typed.messages.some((message) => message.endsContactRequest === true)).toBe(false);
    expect(chat.screen.text).toBe('🚚 ¿Cómo querés recibir el pedido?');
  });

  it('with contactRequest, mentions sharing the contact and offers the control', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '8002', displayName: 'Ana', languageHint: 'es' });
    await toPhoneQuestion(shop, chat);

    expect(chat.screen.text).toBe('📞 ¿A qué teléfono te contactamos? Escribilo con código de área, o compartí tu contacto.');
    expect(chat.screen.requestContact).toBe('📱 Compartir mi teléfono');
  });

  it('without toasts, acknowledges taps with no text, and the messages say the same', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    const plain = new TestChat(shop, PLAIN_BUTTONS, { id: '8003', displayName: 'Ana', languageHint: 'es' });
    const toasting = new TestChat(shop, TELEGRAM_LIKE, { id: '8004', displayName: 'Ana', languageHint: 'es' });
    for (const chat of [plain, toasting]) await chat.start(`p_${mate.id}`);

    const [withoutToast, withToast] = [await plain.tap('Agregar al carrito'), await toasting.tap('Agregar al carrito')];

    expect(withoutToast.toast).toBeNull();
    expect(withToast.toast).toBe('Agregado al carrito');
    expect(withoutToast.messages.map((message) => message.text)).toEqual(withToast.messages.map((message) => message.text));
  });

  it('keeps choice ids within the payload the channel carries and labels within its length', async () => {
    const shop = aConversationShop();
    await shop.seedProduct({ name: 'Mate de calabaza forrado en cuero', price: money(8_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, PLAIN_BUTTONS, { id: '8005', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.tap('Catálogo');
    await chat.tap('Ver todo');

    const ids = chat.allChoiceIds;
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.every((id) => new TextEncoder().encode(id).length <= 8)).toBe(true);
    expect(chat.labels.every((label) => label.length <= 24)).toBe(true);
    expect(chat.labels.some((label) => label.endsWith('$ 8.000,00'))).toBe(true);
  });

  it('uses at most 16 bytes of choice id even where the channel carries more', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(
      shop,
      { ...TELEGRAM_LIKE, maxChoicePayloadBytes: 1024 },
      { id: '8006', displayName: 'Ana', languageHint: 'es' },
    );
    await chat.start();
    expect(chat.allChoiceIds.every((id) => id.length <= 16)).toBe(true);
  });

  it('reads a typed command without any addressee syntax: that is the adapter’s to strip', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, PLAIN_BUTTONS, { id: '8007', displayName: 'Ana', languageHint: 'es' });
    await chat.start();

    await chat.text('/carrito');
    expect(chat.screen.text).toContain('🛒 *Tu carrito*');
    await chat.text('/menu@otro_bot');
    expect(chat.lastText).not.toContain('¡Hola, Ana!');
  });

  it('names cart lines on their buttons as long as the channel’s labels allow, so products that start alike differ', async () => {
    const shop = aConversationShop();
    const bosch = await shop.seedProduct({ name: 'Amoladora angular Bosch GWS 850', price: money(85_000_00), stockOnHand: 4 });
    const makita = await shop.seedProduct({ name: 'Amoladora angular Makita 9557', price: money(92_000_00), stockOnHand: 4 });
    const fill = async (chat: TestChat): Promise<void> => {
      for (const product of [bosch, makita]) {
        await chat.start(`p_${product.id}`);
        await chat.choose('Agregar al carrito');
      }
      await chat.text('/carrito');
    };

    for (const [id, capabilities] of [
      ['8008', NUMBERED_ONLY],
      ['8009', TELEGRAM_LIKE],
    ] as const) {
      const chat = new TestChat(shop, capabilities, { id, displayName: 'Ana', languageHint: 'es' });
      await fill(chat);
      expect(chat.labels).toEqual(
        expect.arrayContaining([
          '➖ Amoladora angular Bosch GWS 850',
          '➕ Amoladora angular Bosch GWS 850',
          '🗑️ Amoladora angular Makita 9557',
        ]),
      );
      expect(chat.labels.every((label) => label.length <= capabilities.maxChoiceLabelLength)).toBe(true);
    }

    // Where labels are short, the name is cut to what fits beside "➖ " and the label stays within the limit.
    const narrow = new TestChat(shop, PLAIN_BUTTONS, { id: '8010', displayName: 'Ana', languageHint: 'es' });
    await fill(narrow);
    const lineLabels = narrow.labels.filter((label) => /^(?:➖|➕|🗑️) /u.test(label) && !label.includes('Vaciar'));
    expect(lineLabels).toHaveLength(6);
    expect(lineLabels.every((label) => label.length <= 24 && label.includes('…'))).toBe(true);
    // Cut alike ("➖ Amoladora angular…" twice), the labels keep the words where the names differ.
    expect(new Set(lineLabels).size).toBe(6);
    expect(lineLabels.filter((label) => label.includes('Bosch'))).toHaveLength(3);
    expect(lineLabels.filter((label) => label.includes('Makita'))).toHaveLength(3);
  });

  it('tells how to choose the way the channel shows options: buttons, or numbers in the text (es and en)', async () => {
    const shop = aConversationShop();
    const help = async (id: string, capabilities: ChannelCapabilities, languageHint: string): Promise<string> => {
      const chat = new TestChat(shop, capabilities, { id, displayName: 'Ana', languageHint });
      await chat.text('/ayuda');
      return chat.screen.text;
    };

    const buttonsEs = await help('8011', TELEGRAM_LIKE, 'es');
    expect(buttonsEs).toContain('Elegí las opciones con los botones.');
    expect(buttonsEs).not.toContain('número');
    const numbersEs = await help('8012', NUMBERED_ONLY, 'es');
    expect(numbersEs).toContain('Respondé con el número de la opción, o escribí su nombre.');
    expect(numbersEs).not.toMatch(/bot[oó]n/);
    expect(numbersEs).toContain('/carrito — tu carrito');

    expect(await help('8013', TELEGRAM_LIKE, 'en')).toContain('Pick options with the buttons.');
    const numbersEn = await help('8014', NUMBERED_ONLY, 'en');
    expect(numbersEn).toContain('Answer with the number of the option, or type its name.');
    expect(numbersEn).not.toContain('button');
  });
});
