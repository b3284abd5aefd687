import { describe, expect, it } from 'vitest';
import { reusableTaxProfile } from '../../src/conversation/checkout.js';
import { createConversationEngine, money, type TaxProfile } from '../../src/index.js';
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
    // Emptying asks first; "No" keeps the cart, "Sí" empties it.
    const asked = await chat.tap('Vaciar carrito');
    expect(asked.messages.map((message) => message.text)).toEqual(['🗑️ ¿Vaciar el carrito? Se quitan todos los productos.']);
    await chat.tap('No, dejarlo');
    expect(chat.screen.text).toContain('1 × Mate');
    await chat.tap('Vaciar carrito');
    await chat.tap('Sí, vaciar');
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

/** Replaces the saved tax profile of the chat's customer, as staff (or an older version) could have left it. */
const saveTaxProfile = async (shop: ConversationShop, chat: TestChat, taxProfile: TaxProfile | null): Promise<void> => {
  const customer = await shop.uow.repositories.customers.findByIdentity({ channel: chat.channel, userId: chat.user.id });
  if (!customer) throw new Error(`no customer for ${chat.user.id}`);
  await shop.uow.repositories.customers.save({ ...customer, taxProfile });
};

const ordersByNumber = async (shop: ConversationShop) => [...(await allOrders(shop))].sort((a, b) => a.number - b.number);

const FERRETERIA_SUR: TaxProfile = {
  documentType: 'CUIT',
  documentNumber: '30712345671',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  legalName: 'Ferretería Sur SRL',
  address: 'Av. Mitre 100, Avellaneda',
};

describe('a returning customer’s tax data', () => {
  it('is offered as one tap for invoice A after an order with invoice A, fills every tax field and goes on to the review', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3020', displayName: 'Marta', languageHint: 'es' });
    await upToInvoice(chat, drill.id, 1);
    await chat.tap('Factura A');
    await chat.text('30-71234567-1');
    await chat.tap('Responsable inscripto');
    await chat.text('Ferretería Sur SRL');
    await chat.text('Av. Mitre 100, Avellaneda');
    await chat.tap('Confirmar pedido');

    await upToInvoice(chat, drill.id, 1);
    await chat.tap('Factura A');
    expect(chat.screen.text).toBe(
      [
        '🧾 Datos de facturación de tu compra anterior:',
        'Ferretería Sur SRL · CUIT 30-71234567-1 · Responsable inscripto · Av. Mitre 100, Avellaneda',
        'Escribí tu CUIT (11 números, con o sin guiones).',
      ].join('\n'),
    );
    expect(chat.labels).toEqual([
      'Usar CUIT 30-71234567-1 — Ferretería Sur SRL',
      '✏️ Ingresar otros datos',
      '⬅️ Volver',
      '❌ Cancelar compra',
    ]);
    await chat.tap('Usar CUIT 30-71234567-1 — Ferretería Sur SRL');
    expect(chat.screen.text).toContain('🧾 *Revisá tu pedido*');
    expect(chat.screen.text).toContain('🧾 Factura A a Ferretería Sur SRL (CUIT 30-71234567-1, Responsable inscripto)');
    await chat.tap('Confirmar pedido');

    const [first, second] = await ordersByNumber(shop);
    expect(second?.billing).toEqual(FERRETERIA_SUR);
    expect(second?.billing).toEqual(first?.billing);
  });

  it('is offered for "Factura con mis datos" on a numbered channel; "Ingresar otros datos" asks for a document as before', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '3021', displayName: 'Marta Gómez', languageHint: 'es' });
    await upToInvoice(chat, drill.id, 1);
    await chat.pick('Factura con mis datos');
    await chat.text('12.345.678');
    await chat.pick('Usar Marta Gómez');
    await chat.text('Belgrano 55, Rosario');
    await chat.pick('Confirmar pedido');

    await upToInvoice(chat, drill.id, 1);
    await chat.pick('Factura con mis datos');
    expect(chat.screen.text).toBe(
      [
        '🧾 Datos de facturación de tu compra anterior:',
        'Marta Gómez · DNI 12345678 · Consumidor final · Belgrano 55, Rosario',
        'Escribí tu CUIT (11 números) o tu DNI.',
      ].join('\n'),
    );
    expect(chat.option('Usar DNI 12345678 — Marta Gómez').number).toBe(1);
    await chat.pick('Ingresar otros datos');
    expect(chat.screen.text).toBe('Escribí tu CUIT (11 números) o tu DNI.');
    expect(chat.labels).toEqual(['⬅️ Volver', '❌ Cancelar compra']);
    await chat.text('20-12345678-6');
    await chat.pick('Monotributo');
    // Another document: the saved name and address are not offered for it.
    expect(chat.labels).toEqual(['Usar Marta Gómez', '⬅️ Volver', '❌ Cancelar compra']);
    await chat.text('Marta Gómez');
    expect(chat.labels).toEqual(['⬅️ Volver', '❌ Cancelar compra']);
    await chat.text('Sarmiento 12, Rosario');
    await chat.pick('Confirmar pedido');

    const [, second] = await ordersByNumber(shop);
    expect(second?.billing).toEqual({
      documentType: 'CUIT',
      documentNumber: '20123456786',
      ivaCondition: 'MONOTRIBUTO',
      legalName: 'Marta Gómez',
      address: 'Sarmiento 12, Rosario',
    });
  });

  it('typing the saved CUIT again offers the saved legal name and address as "Usar …"', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3022', displayName: 'Marta', languageHint: 'es' });
    await chat.start();
    await saveTaxProfile(shop, chat, FERRETERIA_SUR);
    await upToInvoice(chat, drill.id, 1);
    await chat.tap('Factura A');
    const offer = chat.screenRef;
    const other = await chat.tap('Ingresar otros datos');
    // The same question without the offer, edited in place.
    expect(other.messages.map((message) => message.replaces)).toEqual([offer]);
    expect(chat.screen.text).toBe('Escribí tu CUIT (11 números, con o sin guiones).');
    await chat.text('30712345671');
    await chat.tap('Responsable inscripto');
    expect(chat.labels).toEqual(['Usar Ferretería Sur SRL', 'Usar Marta', '⬅️ Volver', '❌ Cancelar compra']);
    await chat.tap('Usar Ferretería Sur SRL');
    expect(chat.labels).toEqual(['Usar Av. Mitre 100, Avellaneda', '⬅️ Volver', '❌ Cancelar compra']);
    await chat.tap('Usar Av. Mitre 100, Avellaneda');
    expect(chat.screen.text).toContain('🧾 Factura A a Ferretería Sur SRL (CUIT 30-71234567-1, Responsable inscripto)');
  });

  it('is not offered when it does not suit the invoice or no longer validates', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({ name: 'Taladro', price: money(90_000_00), stockOnHand: 4 });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3023', displayName: 'Marta', languageHint: 'es' });
    await upToInvoice(chat, drill.id, 1);
    const offered = async (invoice: 'Factura A' | 'Factura con mis datos', profile: TaxProfile): Promise<string[]> => {
      await saveTaxProfile(shop, chat, profile);
      await chat.tap(invoice);
      const labels = chat.labels.filter((label) => label.startsWith('Usar') || label.includes('otros datos'));
      await chat.tap('Volver');
      return labels;
    };
    const dni: TaxProfile = { ...FERRETERIA_SUR, documentType: 'DNI', documentNumber: '12345678', ivaCondition: 'CONSUMIDOR_FINAL' };

    // A consumidor final gets no Factura A, with a DNI or a CUIT.
    expect(await offered('Factura A', dni)).toEqual([]);
    expect(await offered('Factura A', { ...FERRETERIA_SUR, ivaCondition: 'CONSUMIDOR_FINAL' })).toEqual([]);
    expect(await offered('Factura con mis datos', dni)).toEqual(['Usar DNI 12345678 — Ferretería Sur SRL', '✏️ Ingresar otros datos']);
    // A CUIT whose check digit is wrong, a Monotributo identified by DNI, a profile without a legal name.
    expect(await offered('Factura A', { ...FERRETERIA_SUR, documentNumber: '30712345679' })).toEqual([]);
    expect(await offered('Factura con mis datos', { ...FERRETERIA_SUR, documentNumber: '30712345679' })).toEqual([]);
    expect(await offered('Factura con mis datos', { ...dni, ivaCondition: 'MONOTRIBUTO' })).toEqual([]);
    expect(await offered('Factura A', { ...FERRETERIA_SUR, legalName: ' ' })).toEqual([]);
    // The same profile, valid again, is offered.
    expect(await offered('Factura A', FERRETERIA_SUR)).toEqual(['Usar CUIT 30-71234567-1 — Ferretería Sur SRL', '✏️ Ingresar otros datos']);
  });

  it('is offered in English to an English-speaking customer', async () => {
    const shop = aConversationShop();
    const drill = await shop.seedProduct({
      name: 'Taladro',
      price: money(90_000_00),
      stockOnHand: 4,
      translations: { en: { name: 'Drill' } },
    });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3024', displayName: 'John', languageHint: 'en' });
    await chat.start(`p_${drill.id}`);
    await saveTaxProfile(shop, chat, FERRETERIA_SUR);
    await chat.tap('Add to cart');
    await chat.tap('View cart (1)');
    await chat.tap('Checkout');
    await chat.tap('Use John');
    await chat.text('11 4444-5555');
    await chat.tap('Pick up at the shop');
    await chat.tap('Invoice with my details');
    expect(chat.screen.text).toBe(
      [
        '🧾 Invoice details from your previous order:',
        'Ferretería Sur SRL · CUIT 30-71234567-1 · Registered VAT payer (RI) · Av. Mitre 100, Avellaneda',
        'Type your CUIT (11 digits) or your DNI.',
      ].join('\n'),
    );
    expect(chat.labels.slice(0, 2)).toEqual(['Use CUIT 30-71234567-1 — Ferretería Sur SRL', '✏️ Enter other details']);
    await chat.tap('Use CUIT 30-71234567-1 — Ferretería Sur SRL');
    expect(chat.screen.text).toContain('🧾 Invoice to Ferretería Sur SRL (CUIT 30-71234567-1, Registered VAT payer (RI))');
  });

  it('follows the voucher-letter rules: invoice A only for buyers who get a Factura A from the issuer', () => {
    const ri = FERRETERIA_SUR;
    const monotributo: TaxProfile = { ...ri, ivaCondition: 'MONOTRIBUTO' };
    const exento: TaxProfile = { ...ri, ivaCondition: 'SUJETO_EXENTO' };
    const cuil: TaxProfile = { ...ri, documentType: 'CUIL', documentNumber: '20123456786', ivaCondition: 'CONSUMIDOR_FINAL' };
    const noAddress: TaxProfile = { ...ri, address: '' };
    const reuse = (profile: TaxProfile | null, invoice: 'A' | 'identified' | 'final', issuer = 'RESPONSABLE_INSCRIPTO' as const) =>
      reusableTaxProfile(profile, invoice, issuer)?.ivaCondition ?? null;

    expect(reuse(ri, 'A')).toBe('RESPONSABLE_INSCRIPTO');
    expect(reuse(monotributo, 'A')).toBe('MONOTRIBUTO');
    expect(reuse(exento, 'A')).toBeNull();
    expect(reuse(exento, 'identified')).toBe('SUJETO_EXENTO');
    expect(reuse(ri, 'final')).toBeNull();
    expect(reuse(null, 'A')).toBeNull();
    // The checkout only collects a CUIT or a DNI.
    expect(reuse(cuil, 'identified')).toBeNull();
    // An issuer that issues class C gives no Factura A to anyone.
    expect(reusableTaxProfile(ri, 'A', 'MONOTRIBUTO')).toBeNull();
    // Normalized by core's validation; a missing address is asked for after the tap.
    expect(
      reusableTaxProfile({ ...ri, documentNumber: '30-71234567-1', legalName: '  Ferretería   Sur SRL ' }, 'A', 'RESPONSABLE_INSCRIPTO'),
    ).toEqual(ri);
    expect(reusableTaxProfile(noAddress, 'A', 'RESPONSABLE_INSCRIPTO')?.address).toBe('');
  });
});

describe('the "share my phone number" button', () => {
  const upToPhone = async (shop: ConversationShop, chat: TestChat): Promise<void> => {
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 4 });
    await chat.start(`p_${mate.id}`);
    await chat.tap('Agregar al carrito');
    await chat.tap('Ver carrito (1)');
    await chat.tap('Finalizar compra');
    await chat.tap(`Usar ${chat.user.displayName}`);
    expect(chat.screen.requestContact).toBe('📱 Compartir mi teléfono');
  };
  const flags = (reply: { messages: readonly { text: string; requestContact?: string; endsContactRequest?: boolean }[] }) =>
    reply.messages.map((message) => ({
      text: message.text.split('\n')[0],
      asks: message.requestContact !== undefined,
      dismisses: message.endsContactRequest === true,
    }));

  it('is dismissed by the message after a typed phone, and stays while the question is asked again', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3030', displayName: 'Ana', languageHint: 'es' });
    await upToPhone(shop, chat);

    expect(flags(await chat.text('llamame'))).toEqual([
      { text: '⚠️ Ese teléfono no parece válido. Escribilo con código de área, por ejemplo 11 5555-1234.', asks: false, dismisses: false },
      { text: '📞 ¿A qué teléfono te contactamos? Escribilo con código de área, o compartí tu contacto.', asks: true, dismisses: false },
    ]);
    // The state is stored, not kept in memory: another engine instance serves the next update.
    const other = createConversationEngine({
      useCases: shop.useCases,
      clock: shop.clock,
      ids: shop.ids,
      settings: shop.settings,
    });
    const sameChat = new TestChat({ ...shop, engine: other }, TELEGRAM_LIKE, chat.user);
    // The typed phone is confirmed in a note (no buttons), which carries the dismissal.
    expect(flags(await sameChat.text('11 4444-5555'))).toEqual([
      { text: '📞 Anotamos tu teléfono: +541144445555', asks: false, dismisses: true },
      { text: '🚚 ¿Cómo querés recibir el pedido?', asks: false, dismisses: false },
    ]);
    expect(flags(await sameChat.tap('Retiro en el local'))).toEqual([
      { text: '🧾 ¿Qué factura necesitás?', asks: false, dismisses: false },
    ]);
  });

  it('is dismissed after a shared contact, a tapped suggestion, "back", or leaving the checkout (on the first message)', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '3031', displayName: 'Ana', languageHint: 'es' });
    await upToPhone(shop, chat);

    const shared = await chat.send({ kind: 'contact', phone: '+54 9 11 6666-7777', name: 'Ana' });
    expect(flags(shared)).toEqual([
      { text: '📞 Anotamos tu teléfono: +5491166667777', asks: false, dismisses: true },
      { text: '🚚 ¿Cómo querés recibir el pedido?', asks: false, dismisses: false },
    ]);

    // Back to the phone question (asked again), answered with the suggested phone.
    expect(flags(await chat.tap('Volver'))).toEqual([{ text: expect.stringContaining('¿A qué teléfono'), asks: true, dismisses: false }]);
    expect(flags(await chat.tap('Usar +5491166667777'))).toEqual([
      { text: '📞 Anotamos tu teléfono: +5491166667777', asks: false, dismisses: true },
      { text: '🚚 ¿Cómo querés recibir el pedido?', asks: false, dismisses: false },
    ]);
    // Back to the phone question, then back again to the name.
    await chat.tap('Volver');
    expect(flags(await chat.tap('Volver'))).toEqual([
      { text: expect.stringContaining('¿A nombre de quién'), asks: false, dismisses: true },
    ]);
    await chat.tap('Volver');

    // Leaving the checkout from the phone question: the note comes first and carries the dismissal.
    await chat.tap('Finalizar compra');
    await chat.tap('Usar Ana');
    expect(chat.screen.requestContact).toBe('📱 Compartir mi teléfono');
    expect(flags(await chat.tap('Cancelar compra'))).toEqual([
      { text: 'Listo, dejamos la compra. Tu carrito sigue guardado.', asks: false, dismisses: true },
      { text: '🛒 *Tu carrito*', asks: false, dismisses: false },
    ]);
    expect(flags(await chat.tap('Finalizar compra'))).toEqual([
      { text: expect.stringContaining('¿A nombre de quién'), asks: false, dismisses: false },
    ]);
  });
});
