import { describe, expect, it } from 'vitest';
import { type Actor, type DocumentRenderer, money, type ReportDocument, type Role } from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

const SYSTEM: Actor = { kind: 'system' };

const aStaffMember = async (shop: ConversationShop, name: string, roles: readonly Role[] = ['manager']) => {
  const user = await shop.useCases.staff.createUser(SYSTEM, {
    email: `${name.toLowerCase()}@shop.example`,
    name,
    password: 'correct horse battery',
    roles,
  });
  const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
  return { user, code };
};

/** A customer places an order for `quantity` units through their own chat. */
const customerOrders = async (shop: ConversationShop, productId: string, quantity: 1 | 2 | 3 | 5, id = '6100') => {
  const chat = new TestChat(shop, TELEGRAM_LIKE, { id, displayName: 'Ana', languageHint: 'es' });
  await chat.start(`p_${productId}`);
  if (quantity !== 1) await chat.tap(String(quantity));
  await chat.tap('Agregar al carrito');
  await chat.tap(`Ver carrito (${quantity})`);
  await chat.tap('Finalizar compra');
  await chat.tap('Usar Ana');
  await chat.text('11 4444-5555');
  await chat.tap('Retiro en el local');
  await chat.tap('Consumidor final');
  await chat.tap('Confirmar pedido');
  return chat;
};

/** A fake renderer: core hands reports over as data, the template is the renderer's. */
class RecordingRenderer implements DocumentRenderer {
  readonly reports: ReportDocument[] = [];
  async renderInvoice(): Promise<Uint8Array> {
    return new Uint8Array();
  }
  async renderReport(report: ReportDocument): Promise<Uint8Array> {
    this.reports.push(report);
    return new TextEncoder().encode('%PDF-1.7 fake');
  }
}

describe('staff in the chat', () => {
  it('links a chat with a code and moves an order to its next status from the staff menu', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
    const { code } = await aStaffMember(shop, 'Marta');
    const staff = new TestChat(shop, TELEGRAM_LIKE, { id: '6001', displayName: 'Marta', languageHint: 'es' });

    await staff.start();
    expect(staff.labels).not.toContain('🧑‍💼 Menú staff');
    await staff.text(`/vincular ${code.toLowerCase()}`);
    expect(staff.lastText).toContain('✅ Listo, Marta: vinculaste este chat a tu cuenta de staff.');
    expect(staff.screen.text).toContain('🧑‍💼 *Menú staff* — Marta');

    await customerOrders(shop, mate.id, 2);
    await staff.text('/menu');
    expect(staff.labels).toContain('🧑‍💼 Menú staff');
    await staff.tap('Menú staff');
    await staff.tap('Pedidos nuevos');
    expect(staff.labels[0]).toBe('#1 · Ana · $ 50.000,00');
    await staff.tap('#1 · Ana · $ 50.000,00');
    expect(staff.screen.text).toContain('Estado: *Reservado, esperando el pago*');
    expect(staff.screen.text).toContain('👤 Ana · 📞 +541144445555');
    expect(staff.labels).toEqual([
      '💵 Marcar pagado',
      '❌ Cancelar pedido',
      '💵 Cobré $ 50.000,00 en efectivo',
      '🏦 Cobré $ 50.000,00 por transferencia',
      '✉️ Mensaje al cliente',
      '⬅️ Volver',
      '🏠 Menú',
    ]);

    const detailRef = staff.screenRef;
    const paid = await staff.tap('Marcar pagado');
    expect(paid.toast).toBe('Pedido #1: ahora está Pagado.');
    expect(paid.messages[0]?.replaces).toBe(detailRef);
    expect(staff.screen.text).toContain('Estado: *Pagado*');
    // A pickup order is made ready for pickup, not shipped.
    expect(staff.labels).toEqual([
      '🧾 Marcar facturado',
      '📦 Listo para retirar',
      '↩️ Reintegrar',
      '✉️ Mensaje al cliente',
      '⬅️ Volver',
      '🏠 Menú',
    ]);
    // Paid: the reserved units left the shop.
    expect(await shop.product(mate.id)).toMatchObject({ stockOnHand: 8, reserved: 0 });
  });

  it('records cash for the total, lists the payment, and refunds one unit then the rest', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
    const { code } = await aStaffMember(shop, 'Olga', ['owner']);
    const staff = new TestChat(shop, TELEGRAM_LIKE, { id: '6003', displayName: 'Olga', languageHint: 'es' });
    await staff.text(`/vincular ${code}`);
    await customerOrders(shop, mate.id, 2, '6102');
    await staff.tap('Pedidos nuevos');
    await staff.tap(/^#1 /);

    const cash = await staff.tap('💵 Cobré $ 50.000,00 en efectivo');
    expect(cash.toast).toBe('Pago registrado en el pedido #1.');
    expect(staff.screen.text).toContain('Estado: *Pagado*');
    expect(staff.screen.text).toContain('• Efectivo: aprobado $ 50.000,00');
    expect(staff.labels).toContain('↩️ Reembolsar todo ($ 50.000,00)');
    expect(staff.labels).toContain('↩️ Reembolsar 1 × Mate imperial ($ 25.000,00)');
    const orderId = (await shop.useCases.orders.getByNumber(SYSTEM, 1))?.id ?? '';
    expect(await shop.useCases.payments.list(SYSTEM, orderId)).toHaveLength(1);

    const one = await staff.tap('↩️ Reembolsar 1 × Mate imperial ($ 25.000,00)');
    expect(one.toast).toBe('Listo: van $ 25.000,00 reembolsados.');
    expect(staff.screen.text).toContain('(reembolsado $ 25.000,00)');
    expect(staff.screen.text).toContain('Estado: *Pagado*');

    await staff.tap('↩️ Reembolsar todo ($ 25.000,00)');
    expect(staff.screen.text).toContain('Estado: *Reintegrado*');
    const [payment] = await shop.useCases.payments.list(SYSTEM, orderId);
    expect(payment).toMatchObject({ status: 'refunded', refundedAmount: money(50_000_00) });
    expect(await shop.product(mate.id)).toMatchObject({ stockOnHand: 10, reserved: 0 });
  });

  it('explains an illegal change when the order moved on meanwhile', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 10 });
    const { code } = await aStaffMember(shop, 'Marta');
    const staff = new TestChat(shop, NUMBERED_ONLY, { id: '6002', displayName: 'Marta', languageHint: 'es' });
    await staff.text(`/vincular ${code}`);
    const customer = await customerOrders(shop, mate.id, 1, '6101');
    await staff.pick('Pedidos nuevos');
    await staff.pick(/^#1 /);

    await customer.tap('Mis pedidos');
    await customer.tap(/^#1 /);
    await customer.tap('Cancelar pedido');
    await customer.tap('Sí, cancelar');

    const reply = await staff.pick('Marcar pagado');
    expect(reply.messages[0]?.text).toBe('Ese cambio de estado no se puede hacer ahora.');
    expect(staff.screen.text).toContain('Estado: *Cancelado*');
    expect(staff.labels).toEqual(['✉️ Mensaje al cliente', '⬅️ Volver', '🏠 Menú']);
  });

  it('refuses an invalid link code and keeps staff screens away from customers', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '6003', displayName: 'Ana', languageHint: 'es' });
    await chat.text('/vincular NOPE1234');
    expect(chat.lastText).toContain('Ese código no es válido o ya venció. Pedí uno nuevo con POST /api/v1/staff/me/chat-link-code.');
    await chat.text('/staff');
    expect(chat.screen.text).toBe('Esta opción es solo para el equipo del local.');
    await chat.text('/vincular');
    expect(chat.lastText).toContain('Mandá /vincular seguido de tu código de vinculación');
  });

  it("shows low stock and today's sales, and sends the sales report as a PDF when a renderer is given", async () => {
    const renderer = new RecordingRenderer();
    const shop = aConversationShop({ engine: { renderer } });
    const mate = await shop.seedProduct({ name: 'Mate <imperial>', sku: 'MATE-1', price: money(25_000_00), stockOnHand: 4 });
    const { code } = await aStaffMember(shop, 'Dueña', ['owner']);
    await customerOrders(shop, mate.id, 2, '6102');
    const staff = new TestChat(shop, TELEGRAM_LIKE, { id: '6004', displayName: 'Dueña', languageHint: 'es' });
    await staff.text(`/link ${code}`);

    await staff.tap('Stock bajo');
    expect(staff.screen.text).toContain('📉 *Stock bajo* (5 o menos disponibles)');
    expect(staff.screen.text).toContain('• Mate <imperial> (MATE-1): 2 unidades');
    await staff.tap('Volver');

    await staff.tap('Ventas de hoy');
    expect(staff.screen.text).toContain('📊 *Ventas de hoy* (10/03/2025)');
    expect(staff.screen.text).toContain('Pedidos hechos: 1');
    expect(staff.screen.text).toContain('• Reservado, esperando el pago: 1');

    const salesScreen = staff.screenRef;
    const pdf = await staff.tap('📄 PDF: ventas de hoy');
    expect(pdf.messages).toHaveLength(1);
    expect(pdf.messages[0]?.document).toMatchObject({ fileName: 'sales-2025-03-10.pdf', mimeType: 'application/pdf' });
    expect(new TextDecoder().decode(pdf.messages[0]?.document?.bytes)).toBe('%PDF-1.7 fake');
    // Today in Argentina; a placed order is not a sale, so there are no rows yet.
    expect(renderer.reports).toEqual([
      {
        report: { name: 'sales-by-day', rows: [], totals: { orders: 0, units: 0, net: money(0), vat: money(0), total: money(0) } },
        locale: 'es',
        shop: 'Almacén Don Pepe',
        period: { from: new Date('2025-03-10T03:00:00.000Z'), to: new Date('2025-03-11T03:00:00.000Z') },
        generatedAt: expect.any(Date),
      },
    ]);
    expect(staff.screenRef).toBe(salesScreen);

    await staff.tap('📄 PDF: últimos 30 días');
    expect(renderer.reports[1]).toMatchObject({
      report: { name: 'sales-by-day' },
      period: { from: new Date('2025-02-09T03:00:00.000Z'), to: new Date('2025-03-11T03:00:00.000Z') },
    });
    const inventory = await staff.tap('📄 PDF: inventario');
    expect(inventory.messages[0]?.document?.fileName).toBe('inventory-2025-03-10.pdf');
    expect(renderer.reports[2]).toMatchObject({
      report: {
        name: 'inventory',
        rows: [expect.objectContaining({ sku: 'MATE-1', stockOnHand: 4, reserved: 2, available: 2, lowStock: true })],
      },
      period: null,
    });
    // The screen with the buttons is still the sales screen, and its buttons still work.
    expect(staff.screenRef).toBe(salesScreen);
    await staff.tap('Volver');
    expect(staff.screen.text).toContain('*Menú staff*');
  });

  it('has no PDF button without a renderer', async () => {
    const shop = aConversationShop();
    const { code } = await aStaffMember(shop, 'Dueña', ['owner']);
    const staff = new TestChat(shop, TELEGRAM_LIKE, { id: '6005', displayName: 'Dueña', languageHint: 'en' });
    await staff.text(`/link ${code}`);
    await staff.tap("Today's sales");
    expect(staff.screen.text).toContain('Orders placed: 0');
    expect(staff.labels).toEqual(['⬅️ Back', '🏠 Menu']);
  });

  it('names the customer on new-order buttons as long as the channel’s labels allow', async () => {
    const shop = aConversationShop();
    const mate = await shop.seedProduct({ name: 'Mate', price: money(8_000_00), stockOnHand: 10 });
    const { code } = await aStaffMember(shop, 'Marta');
    const customer = new TestChat(shop, TELEGRAM_LIKE, { id: '6103', displayName: 'Fer', languageHint: 'es' });
    await customer.start(`p_${mate.id}`);
    await customer.tap('Agregar al carrito');
    await customer.tap('Ver carrito (1)');
    await customer.tap('Finalizar compra');
    await customer.text('María Fernanda Rodríguez Echeverría');
    await customer.text('11 4444-5555');
    await customer.tap('Retiro en el local');
    await customer.tap('Consumidor final');
    await customer.tap('Confirmar pedido');

    const staff = new TestChat(shop, NUMBERED_ONLY, { id: '6006', displayName: 'Marta', languageHint: 'es' });
    await staff.text(`/vincular ${code}`);
    await staff.pick('Pedidos nuevos');
    expect(staff.labels[0]).toBe('#1 · María Fernanda Rodríguez Echeverría · $ 8.000,00');

    const narrow = new TestChat(
      shop,
      { ...NUMBERED_ONLY, maxChoiceLabelLength: 32 },
      { id: '6006', displayName: 'Marta', languageHint: 'es' },
      'narrow',
    );
    await narrow.text(`/vincular ${(await aStaffMember(shop, 'Rosa')).code}`);
    await narrow.pick('Pedidos nuevos');
    expect(narrow.labels[0]).toMatch(/^#1 · María Fern\S*… · \$ 8\.000,00$/);
    expect(narrow.labels[0]?.length).toBeLessThanOrEqual(32);
  });
});
