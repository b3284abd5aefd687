import { describe, expect, it } from 'vitest';
import { money } from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

/** Opens the product by deep link, adds `quantity`, and walks the checkout up to the invoice question. */
const upToInvoice = async (chat: TestChat, productId: string, quantity: 1 | 2 | 3 | 5): Promise<void> => {
  await chat.start(`p_${productId}`);
  if (quantity !== 1) await chat.choose(String(quantity));
  await chat.choose('Agregar al carrito');
  await chat.choose(`Ver carrito (${quantity})`);
  await chat.choose('Finalizar compra');
  await chat.choose(`Usar ${chat.user.displayName}`);
  await chat.text('11 4444-5555');
  await chat.choose('Retiro en el local');
};

const allOrders = async (shop: ConversationShop) =>
  (await shop.useCases.orders.list({ kind: 'system' }, {}, { offset: 0, limit: 10 })).items;

describe('two customers buying the last units at the same time', () => {
  it('gives the order to one and a polite "out of stock" to the other, back on the cart', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 2 });
    const ana = new TestChat(shop, TELEGRAM_LIKE, { id: '3001', displayName: 'Ana', languageHint: 'es' });
    const beto = new TestChat(shop, NUMBERED_ONLY, { id: '3002', displayName: 'Beto', languageHint: 'es' });
    for (const chat of [ana, beto]) {
      await upToInvoice(chat, mate.id, 2);
      await chat.choose('Consumidor final');
    }

    const [fromAna, fromBeto] = await Promise.all([ana.choose('Confirmar pedido'), beto.choose('Confirmar pedido')]);
    const texts = [fromAna, fromBeto].map((reply) => reply.messages.map((message) => message.text).join('\n'));
    const winner = texts.findIndex((text) => text.includes('*Pedido #1 confirmado*'));
    expect(winner).toBeGreaterThanOrEqual(0);
    const loser = texts[1 - winner] ?? '';
    expect(loser).toContain('Ya no queda stock de *Mate imperial*.\nAjustá la cantidad en tu carrito y probá de nuevo.');
    expect(loser).toContain('🛒 *Tu carrito*');

    expect(await shop.product(mate.id)).toMatchObject({ stockOnHand: 2, reserved: 2 });
    expect(await allOrders(shop)).toHaveLength(1);
  });
});

describe('invoice data', () => {
  it('asks for a CUIT for invoice A, refuses an invalid one clearly, and places the order with the buyer’s tax data', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3003', displayName: 'Marta', languageHint: 'es' });
    await upToInvoice(chat, drill.id, 1);

    await chat.tap('Factura A');
    expect(chat.screen.text).toBe('Escribí tu CUIT (11 números, con o sin guiones).');
    const wrong = await chat.text('20-12345678-9');
    expect(wrong.messages.map((message) => message.text)).toEqual([
      '⚠️ Ese CUIT no es válido: revisá los 11 números (por ejemplo 20-12345678-6) y escribilo de nuevo.',
      'Escribí tu CUIT (11 números, con o sin guiones).',
    ]);
    // A DNI is no CUIT either when the invoice is A.
    await chat.text('12345678');
    expect(chat.lastText).toContain('Ese CUIT no es válido');

    await chat.text('30-71234567-1');
    expect(chat.labels.slice(0, 2)).toEqual(['Responsable inscripto', 'Monotributo']);
    await chat.tap('Responsable inscripto');
    await chat.text('Ferretería El Tornillo SRL');
    await chat.text('Av. Rivadavia 1234, CABA');
    expect(chat.screen.text).toContain('🧾 Factura A a Ferretería El Tornillo SRL (CUIT 30-71234567-1, Responsable inscripto)');
    await chat.tap('Confirmar pedido');

    const [order] = await allOrders(shop);
    expect(order?.billing).toEqual({
      documentType: 'CUIT',
      documentNumber: '30712345671',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'Ferretería El Tornillo SRL',
      address: 'Av. Rivadavia 1234, CABA',
    });
  });

  it('accepts a DNI for an identified consumidor final and skips the IVA question', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '3004', displayName: 'Marta Gómez', languageHint: 'es' });
    await upToInvoice(chat, drill.id, 1);
    await chat.pick('Factura con mis datos');
    await chat.text('12.345.678');
    expect(chat.screen.text).toContain('razón social o el nombre completo');
    await chat.pick('Usar Marta Gómez');
    await chat.text('Belgrano 55, Rosario');
    await chat.pick('Confirmar pedido');
    const [order] = await allOrders(shop);
    expect(order?.billing).toMatchObject({
      documentType: 'DNI',
      documentNumber: '12345678',
      ivaCondition: 'CONSUMIDOR_FINAL',
      legalName: 'Marta Gómez',
    });
  });

  it('does not offer an anonymous invoice above the identification threshold', async () => {
    const shop = aConversationShop({ settings: { anonymousInvoiceThresholdCents: 50_000_00 } });
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3005', displayName: 'Marta', languageHint: 'es' });
    await upToInvoice(chat, drill.id, 1);
    expect(chat.screen.text).toContain('Por el monto de la compra, la factura tiene que llevar tus datos.');
    expect(chat.labels).not.toContain('Consumidor final');
  });
});

describe('checkout details', () => {
  it('takes the phone from a shared contact, asks for the address when shipping, and goes back a step', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3006', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (1)');
    await chat.tap('Finalizar compra');
    await chat.text('Ana María López');
    await chat.send({ kind: 'contact', phone: '+54 9 11 6666-7777', name: 'Ana' });
    await chat.tap('Envío a domicilio');
    expect(chat.screen.text).toContain('Escribí la dirección de entrega');
    await chat.text('no');
    expect(chat.lastText).toContain('La dirección es muy corta');
    await chat.text('Av. Siempre Viva 742, Springfield');
    await chat.tap('Consumidor final');
    expect(chat.screen.text).toContain('👤 Ana María López · 📞 +5491166667777');
    expect(chat.screen.text).toContain('🚚 Envío a Av. Siempre Viva 742, Springfield');

    await chat.tap('Volver');
    expect(chat.screen.text).toContain('¿Qué factura necesitás?');
    await chat.tap('Cancelar compra');
    expect(chat.lastText).toContain('Listo, dejamos la compra. Tu carrito sigue guardado.');
    expect(chat.screen.text).toContain('1 × Mate — $ 8.000,00');
  });

  it('refuses to check out an empty cart', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3007', displayName: 'Ana', languageHint: 'es' });
    await chat.start(`p_${mate.id}`);
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (1)');
    const emptied = await chat.tap('Vaciar carrito');
    expect(emptied.messages[0]?.replaces).toBeDefined();
    expect(chat.screen.text).toContain('Tu carrito está vacío.');
    expect(chat.labels).not.toContain('✅ Finalizar compra');
  });

  it('lets the customer cancel a placed order, releasing the stock', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3008', displayName: 'Ana', languageHint: 'es' });
    await upToInvoice(chat, mate.id, 2);
    await chat.tap('Consumidor final');
    await chat.tap('Confirmar pedido');
    expect(await shop.product(mate.id)).toMatchObject({ reserved: 2 });
    await chat.tap('Mis pedidos');
    await chat.tap(/^#1 /);
    await chat.tap('Cancelar pedido');
    expect(chat.screen.text).toBe('¿Seguro que querés cancelar el pedido #1? Liberamos los productos reservados.');
    await chat.tap('Sí, cancelar');
    expect(chat.lastText).toContain('Cancelaste el pedido #1.');
    expect(chat.screen.text).toContain('Estado: *Cancelado*');
    expect(chat.labels).not.toContain('❌ Cancelar pedido');
    expect(await shop.product(mate.id)).toMatchObject({ reserved: 0 });
  });
});

describe('a returning customer', () => {
  it('is offered the phone given on the previous order instead of typing it again', async () => {
    const shop = aConversationShop();
    const yerba = await shop.seedProduct({ name: 'Yerba', price: money(4_000_00), stockOnHand: 10 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3010', displayName: 'Rita', languageHint: 'es' });
    await upToInvoice(chat, yerba.id, 1);
    await chat.choose('Consumidor final');
    await chat.choose('Confirmar pedido');

    await chat.start(`p_${yerba.id}`);
    await chat.choose('Agregar al carrito');
    await chat.choose('Ver carrito (1)');
    await chat.choose('Finalizar compra');
    await chat.choose('Usar Rita');
    const labels = chat.screen.choices?.flat().map((choice) => choice.label) ?? [];
    expect(labels.some((label) => label.includes('4444') && label.startsWith('Usar'))).toBe(true);
  });
});
