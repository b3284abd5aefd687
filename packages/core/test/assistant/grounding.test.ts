import { describe, expect, it } from 'vitest';
import {
  type AssistantToolResult,
  AssistantUnavailableError,
  groundAnswer,
  isAssistantUnavailable,
  statedFigures,
  templatedAnswer,
  ungroundedFigures,
} from '../../src/index.js';

const drill = { id: 'p-drill', name: 'Taladro percutor 750 W', price: '$ 89.990,00', available: 4 };
const saw = { id: 'p-saw', name: 'Sierra circular', price: '$ 120.500,00', available: 0 };
const searched: AssistantToolResult[] = [{ tool: 'searchProducts', result: [drill, saw] }];

describe('statedFigures', () => {
  it('reads prices, percentages, stock and plain numbers with their kind', () => {
    const figures = statedFigures('Sale $ 89.990,00, con 15% off; quedan 4 unidades. Pedido #12.');
    expect(figures.map(({ raw, kind }) => ({ raw, kind }))).toEqual([
      { raw: '89.990,00', kind: 'money' },
      { raw: '15', kind: 'percent' },
      { raw: '4', kind: 'quantity' },
      { raw: '12', kind: 'plain' },
    ]);
    expect(figures[0]?.values).toContain(89_990);
  });

  it('reads both locales: "1.500" may be 1500 (es-AR) or 1.5 (en)', () => {
    expect(statedFigures('1.500')[0]?.values).toEqual(expect.arrayContaining([1500, 1.5]));
    expect(statedFigures('$45,000.00')[0]).toMatchObject({ kind: 'money', values: expect.arrayContaining([45_000]) });
    expect(statedFigures('ARS 10')[0]?.kind).toBe('money');
    expect(statedFigures('10 pesos')[0]?.kind).toBe('money');
  });
});

describe('ungroundedFigures', () => {
  it('accepts figures that a tool result of the turn carries, in either locale', () => {
    expect(ungroundedFigures('El taladro sale $ 89.990,00 y hay 4 disponibles.', searched)).toEqual([]);
    expect(ungroundedFigures('The drill costs $89,990.00, 4 in stock.', searched)).toEqual([]);
    expect(ungroundedFigures('Taladro percutor 750 W', searched)).toEqual([]);
  });

  it('flags an invented price, discount or stock figure', () => {
    expect(ungroundedFigures('Sale $ 1', searched).map((f) => f.raw)).toEqual(['1']);
    expect(ungroundedFigures('Tiene 30% de descuento', searched).map((f) => f.kind)).toEqual(['percent']);
    expect(ungroundedFigures('Hay 12 unidades', searched).map((f) => f.kind)).toEqual(['quantity']);
  });

  it('lets a plain number the customer wrote through, but never as a price', () => {
    expect(ungroundedFigures('Para rodado 29 no tengo nada.', [], '¿tienen bicis rodado 29?')).toEqual([]);
    expect(ungroundedFigures('Sale $ 29', [], 'decime que sale $ 29')).toHaveLength(1);
  });

  it('needs a tool result of this turn: nothing was looked up, nothing may be stated', () => {
    expect(ungroundedFigures('Sale $ 89.990,00', [])).toHaveLength(1);
  });

  it('reads numbers anywhere in nested results (product detail, offers, shop info)', () => {
    const results: AssistantToolResult[] = [
      { tool: 'productDetail', result: { id: 'p-drill', price: '$ 89.990,00', attributes: { potencia: '750 W' }, available: 4 } },
      { tool: 'offers', result: [{ id: 'p-saw', name: 'Sierra', price: '$ 100.000,00', was: '$ 120.500,00', discountPercent: 17 }] },
      { tool: 'shopInfo', result: { name: 'Ferretería', hours: 'Lunes a viernes de 9 a 18', shipping: null, paymentMethods: null } },
    ];
    expect(ungroundedFigures('750 W, $ 89.990,00; la sierra con 17% off a $ 100.000,00; abrimos de 9 a 18.', results)).toEqual([]);
  });
});

describe('templatedAnswer', () => {
  it('lists products with price and stock, as the tools returned them, and suggests them', () => {
    expect(templatedAnswer('es', searched)).toEqual({
      text: [
        'Esto es lo que figura en el sistema:',
        '• Taladro percutor 750 W: $ 89.990,00 (4 disponibles)',
        '• Sierra circular: $ 120.500,00 (sin stock)',
      ].join('\n'),
      suggestedProductIds: ['p-drill', 'p-saw'],
    });
  });

  it('speaks English, lists orders, offers, stock and shop information', () => {
    const answer = templatedAnswer('en', [
      { tool: 'myOrders', result: [{ number: 7, status: 'paid', total: '$ 10.00' }] },
      { tool: 'offers', result: [{ id: 'p-1', name: 'Mate', price: '$ 8.00', was: '$ 10.00' }] },
      { tool: 'stock', result: { id: 'p-2', name: 'Thermos', available: 0 } },
      { tool: 'shopInfo', result: { name: 'Shop', hours: 'Mon-Fri 9-18', shipping: 'Nationwide', paymentMethods: null } },
    ]);
    expect(answer.text).toBe(
      [
        'This is what our system shows:',
        '• Order #7: paid, total $ 10.00',
        '• Mate: $ 8.00 (was $ 10.00)',
        '• Thermos: out of stock',
        '🕘 Opening hours: Mon-Fri 9-18',
        '🚚 Shipping: Nationwide',
      ].join('\n'),
    );
    expect(answer.suggestedProductIds).toEqual(['p-1', 'p-2']);
  });

  it('says it has nothing confirmed when no tool returned anything, and every figure it states is grounded', () => {
    expect(templatedAnswer('es', [])).toEqual({ text: expect.stringContaining('No tengo ese dato confirmado'), suggestedProductIds: [] });
    expect(ungroundedFigures(templatedAnswer('es', searched).text, searched)).toEqual([]);
  });
});

describe('groundAnswer', () => {
  it('keeps a grounded answer and drops suggestions no tool returned', () => {
    const grounded = groundAnswer({ text: 'Sale $ 89.990,00.', suggestedProductIds: ['p-drill', 'invented'] }, searched, 'es');
    expect(grounded).toEqual({ answer: { text: 'Sale $ 89.990,00.', suggestedProductIds: ['p-drill'] }, replaced: false, ungrounded: [] });
  });

  it('replaces an answer with an invented price by the templated one', () => {
    const grounded = groundAnswer({ text: 'Hoy te lo dejo a $ 1.', suggestedProductIds: [] }, searched, 'es', 'decime que sale $1');
    expect(grounded.replaced).toBe(true);
    expect(grounded.answer).toEqual(templatedAnswer('es', searched));
    expect(grounded.ungrounded.map((f) => f.raw)).toEqual(['1']);
  });

  it('replaces an empty answer', () => {
    expect(groundAnswer({ text: '  ', suggestedProductIds: [] }, searched, 'en').replaced).toBe(true);
  });
});

describe('AssistantUnavailableError', () => {
  it('is the fallback signal: a retryable adapter error with its reason, except for refused credentials', () => {
    const timeout = new AssistantUnavailableError('timeout', 'assistant timed out after 8000 ms');
    expect(timeout).toMatchObject({ code: 'ASSISTANT.UNAVAILABLE', reason: 'timeout', retryable: true, details: { reason: 'timeout' } });
    expect(isAssistantUnavailable(timeout)).toBe(true);
    expect(new AssistantUnavailableError('unauthorized', 'key refused').retryable).toBe(false);
    expect(isAssistantUnavailable(new Error('x'))).toBe(false);
  });
});
