import { describe, expect, it } from 'vitest';
import { money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const seedShirts = async (shop: ConversationShop) => {
  const shirts = await shop.seedCategory({ name: 'Remeras', slug: 'remeras', position: 1, translations: { en: { name: 'T-shirts' } } });
  await shop.seedCategory({ name: 'Mates', slug: 'mates', position: 2 });
  const blue = await shop.seedProduct({
    name: 'Remera azul',
    description: 'Algodón peinado, corte recto.',
    categoryId: shirts.id,
    price: money(12_000_00),
    stockOnHand: 20,
    images: [{ id: 'img-remera-azul', mimeType: 'image/jpeg' }],
    translations: { en: { name: 'Blue T-shirt', description: 'Combed cotton, straight cut.' } },
  });
  await shop.seedProduct({
    name: 'Remera roja',
    categoryId: shirts.id,
    price: money(11_000_00),
    stockOnHand: 8,
    translations: { en: { name: 'Red T-shirt' } },
  });
  return { shirts, blue };
};

describe('customer journey, tapping buttons (Telegram-like)', () => {
  it('in Spanish: browse, add 2, raise to 3, check out for pickup, and find the order in "Mis pedidos"', async () => {
    const shop = aConversationShop();
    const { blue } = await seedShirts(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '1001', displayName: 'Ana', languageHint: 'es-AR' });

    await chat.start();
    expect(chat.screen.text).toContain('¡Hola, Ana! Te damos la bienvenida a *Almacén Don Pepe*.');
    expect(chat.labels).toEqual(['🛍️ Catálogo', '🔎 Buscar', '🔥 Ofertas', '🛒 Mi carrito (0)', '📦 Mis pedidos', '🌐 Idioma', '❓ Ayuda']);

    await chat.tap('Catálogo');
    expect(chat.labels.slice(0, 2)).toEqual(['Remeras', 'Mates']);
    await chat.tap('Remeras');
    expect(chat.screen.text).toContain('*Remeras*');
    expect(chat.labels).toContain('Remera azul · $ 12.000,00');

    await chat.tap('Remera azul · $ 12.000,00');
    expect(chat.screen.imageId).toBe('img-remera-azul');
    expect(chat.screen.text).toContain('*Remera azul*');
    expect(chat.screen.text).toContain('Algodón peinado, corte recto.');
    expect(chat.screen.text).toContain('*$ 12.000,00*');
    expect(chat.screen.text).toContain('✅ Hay stock');
    expect(chat.labels.slice(0, 4)).toEqual(['• ×1 •', '×2', '×3', '×5']);

    const card = chat.screenRef;
    const chosen = await chat.tap('2');
    expect(chosen.messages).toHaveLength(1);
    expect(chosen.messages[0]?.replaces).toBe(card);
    expect(chat.screen.text).toContain('Cantidad: *2*');

    const added = await chat.tap('Agregar al carrito');
    expect(added.toast).toBe('Agregado al carrito');
    expect(chat.screen.text).toContain('✅ Agregaste 2 × Remera azul al carrito.');
    expect(chat.screen.text).toContain('Tu carrito: 1 producto (2 unidades), total $ 24.000,00.');

    await chat.tap('Ver carrito (2)');
    expect(chat.screen.text).toContain('2 × Remera azul — $ 24.000,00');
    expect(chat.labels).toContain('➕ Remera azul');
    const cartRef = chat.screenRef;
    const raised = await chat.tap('➕ Remera azul');
    expect(raised.messages[0]?.replaces).toBe(cartRef);
    expect(chat.screen.text).toContain('3 × Remera azul — $ 36.000,00');
    expect(chat.screen.text).toContain('*Total: $ 36.000,00*');

    await chat.tap('Finalizar compra');
    expect(chat.screen.text).toContain('¿A nombre de quién va el pedido?');
    await chat.tap('Usar Ana');
    expect(chat.screen.text).toContain('¿A qué teléfono te contactamos?');
    expect(chat.screen.requestContact).toBe('📱 Compartir mi teléfono');
    await chat.text('11 5555-1234');
    expect(chat.screen.text).toContain('¿Cómo querés recibir el pedido?');
    await chat.tap('Retiro en el local');
    expect(chat.screen.text).toContain('¿Qué factura necesitás?');
    expect(chat.labels).toEqual(['Consumidor final', 'Factura A', 'Factura con mis datos', '⬅️ Volver', '❌ Cancelar compra']);
    await chat.tap('Consumidor final');

    expect(chat.screen.text).toContain('🧾 *Revisá tu pedido*');
    expect(chat.screen.text).toContain('3 × Remera azul — $ 36.000,00');
    expect(chat.screen.text).toContain('👤 Ana · 📞 +541155551234');
    expect(chat.screen.text).toContain('🏬 Retiro en el local');
    expect(chat.screen.text).toContain('🧾 Factura a consumidor final');

    const placed = await chat.tap('Confirmar pedido');
    expect(placed.toast).toBe('Pedido confirmado');
    expect(chat.screen.text).toContain('✅ *Pedido #1 confirmado*');
    // 09:00 in Argentina plus the 30-minute hold.
    expect(chat.screen.text).toContain('Te reservamos los productos hasta las 09:30.');
    expect(chat.labels).toEqual(['📦 Mis pedidos', '🏠 Menú']);
    expect(await shop.product(blue.id)).toMatchObject({ stockOnHand: 20, reserved: 3 });

    await chat.tap('Mis pedidos');
    expect(chat.labels).toContain('#1 · Reservado · $ 36.000,00');
    await chat.tap('#1 · Reservado · $ 36.000,00');
    expect(chat.screen.text).toContain('📦 *Pedido #1*');
    expect(chat.screen.text).toContain('Estado: *Reservado, esperando el pago*');
    expect(chat.labels).toContain('❌ Cancelar pedido');
  });

  it('in English, from the language hint, with translated names', async () => {
    const shop = aConversationShop();
    const { blue } = await seedShirts(shop);
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '1002', displayName: 'John', languageHint: 'en-GB' });

    await chat.start();
    expect(chat.screen.text).toContain('Hi, John! Welcome to *Almacén Don Pepe*.');
    await chat.tap('Catalog');
    await chat.tap('T-shirts');
    await chat.tap('Blue T-shirt · $ 12,000.00');
    expect(chat.screen.text).toContain('Combed cotton, straight cut.');
    await chat.tap('2');
    expect((await chat.tap('Add to cart')).toast).toBe('Added to cart');
    await chat.tap('View cart (2)');
    await chat.tap('➕ Blue T-shirt');
    expect(chat.screen.text).toContain('3 × Blue T-shirt — $ 36,000.00');
    await chat.tap('Checkout');
    await chat.tap('Use John');
    await chat.text('+54 9 11 5555-1234');
    await chat.tap('Pick up at the shop');
    await chat.tap('Final consumer');
    expect(chat.screen.text).toContain('🧾 *Check your order*');
    await chat.tap('Place order');
    expect(chat.screen.text).toContain('✅ *Order #1 confirmed*');
    expect(chat.screen.text).toContain('until 09:30 (Argentina time)');
    expect(await shop.product(blue.id)).toMatchObject({ reserved: 3 });

    await chat.tap('My orders');
    expect(chat.labels).toContain('#1 · Reserved · $ 36,000.00');
    const [order] = (await shop.useCases.orders.list({ kind: 'system' }, {}, { offset: 0, limit: 5 })).items;
    expect(order).toMatchObject({
      contact: { name: 'John', phone: '+5491155551234' },
      delivery: { method: 'pickup', address: null },
      billing: null,
    });
  });
});

describe('customer journey on a channel without buttons', () => {
  it('answers every question with the number of the option', async () => {
    const shop = aConversationShop();
    const { blue } = await seedShirts(shop);
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '5491100000000', displayName: 'Beto', languageHint: null });

    await chat.start();
    expect(chat.screen.choices?.length).toBeGreaterThan(0);
    await chat.pick('Catálogo');
    await chat.pick('Remeras');
    // Product labels are kept short where options are numbered.
    await chat.pick(/^Remera azul/);
    expect(chat.screen.text).toContain('*Remera azul*');
    await chat.pick('2');
    expect(chat.screen.text).toContain('Cantidad: *2*');
    await chat.pick('Agregar al carrito');
    await chat.pick('Ver carrito (2)');
    await chat.pick('➕ Remera azul');
    expect(chat.screen.text).toContain('3 × Remera azul — $ 36.000,00');
    await chat.pick('Finalizar compra');
    await chat.pick('Usar Beto');
    await chat.text('0351 155-123456');
    await chat.pick('Retiro en el local');
    await chat.pick('Consumidor final');
    await chat.pick('Confirmar pedido');
    expect(chat.screen.text).toContain('✅ *Pedido #1 confirmado*');
    expect(await shop.product(blue.id)).toMatchObject({ reserved: 3 });
    await chat.pick('Mis pedidos');
    expect(chat.labels[0]).toMatch(/^#1 · /);

    // Nothing is ever edited in place here.
    expect(chat.replies.flatMap((reply) => reply.messages).filter((message) => message.replaces !== undefined)).toEqual([]);
  });

  it('also understands the label typed as text, ignoring case, accents and the count', async () => {
    const shop = aConversationShop();
    await seedShirts(shop);
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '5491100000001', displayName: 'Caro', languageHint: null });
    await chat.start();
    await chat.text('catalogo');
    expect(chat.labels).toContain('Remeras');
    await chat.text('MENU');
    await chat.text('mi carrito');
    expect(chat.screen.text).toContain('Tu carrito está vacío.');
  });
});

describe('offers', () => {
  it('lists products on offer and shows the discount on the card', async () => {
    const shop = aConversationShop();
    await seedShirts(shop);
    const mate = await shop.seedProduct({
      name: 'Mate imperial',
      price: money(20_000_00),
      stockOnHand: 50,
      discount: { kind: 'percent', basisPoints: 1500, validFrom: null, validUntil: null },
    });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '1003', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.tap('Ofertas');
    expect(chat.screen.text).toContain('🔥 *Ofertas*');
    expect(chat.labels).toEqual(['🔥 Mate imperial · $ 17.000,00', '🔔 Avisame de las ofertas', '⬅️ Volver', '🏠 Menú']);
    await chat.tap('🔥 Mate imperial · $ 17.000,00');
    expect(chat.screen.text).toContain('~~$ 20.000,00~~ *$ 17.000,00* (15 % de descuento)');
    await chat.tap('Agregar al carrito');
    expect(chat.screen.text).toContain('Tu carrito: 1 producto, total $ 17.000,00.');
    expect((await shop.product(mate.id)).reserved).toBe(0);
  });
});
