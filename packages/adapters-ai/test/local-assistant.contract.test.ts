import { assistantContract, contractShop } from '@mostrador/testkit/contracts';
import { describe, expect, it } from 'vitest';
import { LocalAssistant } from '../src/index.js';

// The local assistant has no model: only the situations with a cooperative one apply (it always
// looks things up with the tools, and has nothing to fail, be slow or echo).
assistantContract(async () => ({ assistant: new LocalAssistant() }), { name: 'local', behaviours: ['cooperative'] });

describe('the local assistant', () => {
  const ask = async (question: string, locale: 'es' | 'en' = 'es') => {
    const shop = contractShop('ana', locale);
    const answer = await new LocalAssistant().answer(question, { locale, tools: shop.tools, customerId: 'ana', chatId: 'c:1' });
    return { answer, calls: shop.take().map((entry) => entry.tool) };
  };

  it('answers shop questions with only what was asked, from the configuration', async () => {
    expect(await ask('hacen envios a cordoba?')).toEqual({
      answer: { text: '🚚 Envíos: Envíos a todo el país', suggestedProductIds: [] },
      calls: ['shopInfo'],
    });
    expect((await ask('what time do you open?', 'en')).answer.text).toBe('🕘 Opening hours: Monday to Friday, 9 to 18');
    expect((await ask('aceptan mercado pago?')).answer.text).toBe('💳 Medios de pago: Mercado Pago y transferencia');
  });

  it('says it does not know a shop detail the shop did not configure, without guessing', async () => {
    const shop = contractShop('ana', 'es');
    const tools = { ...shop.tools, shopInfo: async () => ({ name: 'X', hours: null, shipping: null, paymentMethods: null }) };
    const answer = await new LocalAssistant().answer('a que hora abren?', { locale: 'es', tools });
    expect(answer).toEqual({ text: 'No tengo cargados los horarios de atención. Escribinos y te contamos.', suggestedProductIds: [] });
  });

  it('answers stock and price questions with the product, its price and units, and suggests it', async () => {
    const { answer, calls } = await ask('les quedan guantes de trabajo?');
    expect(calls).toEqual(['searchProducts']);
    expect(answer).toEqual({
      text: 'Esto es lo que hay disponible ahora:\n• Guantes de trabajo: $ 4.250,00 (37 disponibles)',
      suggestedProductIds: ['p-gloves'],
    });
    expect((await ask('how much is the circular saw?', 'en')).answer.text).toBe(
      "Today's prices:\n• Circular saw 1400 W: $ 120,500.00 (out of stock)",
    );
  });

  it('lists the offers with the list price', async () => {
    const { answer } = await ask('hay algun descuento?');
    expect(answer.text).toBe('Estas son las ofertas de hoy:\n• Sierra circular 1400 W: $ 100.000,00 (antes $ 120.500,00)');
    expect(answer.suggestedProductIds).toEqual(['p-saw']);
  });

  it('suggests nothing when the product is not found (the engine then shows the search)', async () => {
    const { answer } = await ask('cuanto sale la bicicleta rodado 29?');
    expect(answer.suggestedProductIds).toEqual([]);
    expect(answer.text).toBe('No tengo ese dato confirmado. Escribí el nombre del producto o mirá el catálogo y las ofertas.');
  });
});
