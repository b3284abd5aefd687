import { describe, expect, it } from 'vitest';
import { assistantToolsFor } from '../../src/conversation/assistant-tools.js';
import { type Assistant, type AssistantContext, money } from '../../src/index.js';
import { aConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

describe('assistant tools', () => {
  it('tell stock of active products only, and the shop information as configured', async () => {
    const shop = aConversationShop({ settings: { information: { hours: 'Lunes a viernes de 9 a 18', shipping: null } } });
    const mate = await shop.seedProduct({ name: 'Mate de calabaza', price: money(9_500_00), stockOnHand: 6 });
    const hidden = await shop.seedProduct({ name: 'Mate viejo', active: false });
    const customer = await shop.useCases.customers.identify({ channel: 'telegram', userId: '77' }, { displayName: 'Ana', language: 'es' });
    const tools = assistantToolsFor(shop.useCases, customer, 'es', shop.settings);
    expect(await tools.stock(mate.id)).toEqual({ id: mate.id, name: 'Mate de calabaza', available: 6 });
    expect(await tools.stock(hidden.id)).toBeNull();
    expect(await tools.stock('no-such-product')).toBeNull();
    expect(await tools.shopInfo()).toEqual({
      name: 'Almacén Don Pepe',
      hours: 'Lunes a viernes de 9 a 18',
      shipping: null,
      paymentMethods: null,
    });
  });

  it('offers carry the rounded discount percentage', async () => {
    const shop = aConversationShop();
    await shop.seedProduct({
      name: 'Termo',
      price: money(10_000_00),
      discount: { kind: 'percent', basisPoints: 1500, validFrom: null, validUntil: null },
    });
    const customer = await shop.useCases.customers.identify({ channel: 'telegram', userId: '78' }, { displayName: 'Ana', language: 'es' });
    const [offer] = await assistantToolsFor(shop.useCases, customer, 'es', shop.settings).offers();
    expect(offer).toMatchObject({ name: 'Termo', price: '$ 8.500,00', was: '$ 10.000,00', discountPercent: 15 });
  });

  it('the engine tells the assistant who asks and in which chat', async () => {
    const contexts: Omit<AssistantContext, 'tools'>[] = [];
    const assistant: Assistant = {
      async answer(_question, { tools: _tools, ...context }) {
        contexts.push(context);
        return { text: 'ok', suggestedProductIds: [] };
      },
    };
    const shop = aConversationShop({ engine: { assistant } });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '5101', displayName: 'Ana', languageHint: 'es' });
    await chat.text('algo que no existe en el catálogo');
    expect(contexts).toEqual([
      { locale: 'es', customerId: expect.any(String), chatId: 'telegram:5101', focusProductId: null, focusProductIds: [] },
    ]);
  });
});
