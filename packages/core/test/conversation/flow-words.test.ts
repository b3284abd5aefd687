import { describe, expect, it } from 'vitest';
import { isPlausibleAddress } from '../../src/conversation/checkout.js';
import { isCancelWord, parseTypedQuantity } from '../../src/conversation/flow-words.js';
import { distinctNames } from '../../src/conversation/screens/cart-screens.js';
import { contactQueryFor, parseStockDelta } from '../../src/conversation/screens/staff-day-screens.js';

describe('words that steer a flow', () => {
  it('knows cancel words alone, ignoring case, accents and punctuation; a search with them is no cancel', () => {
    for (const word of [
      'cancelar',
      'Cancelar',
      'CANCELÁ',
      'cancel',
      'cancelar!',
      '¡Cancelar!',
      ' salir ',
      'Cancelalo',
      'anulá',
      'quit',
      'exit.',
    ])
      expect(isCancelWord(word)).toBe(true);
    for (const text of ['cancelar pedido 12', 'candela', 'lámpara cancel', '']) expect(isCancelWord(text)).toBe(false);
  });

  it('reads a typed quantity: a bare number, "x5", "5 unidades", "3u"; anything else is not one', () => {
    expect(['5', ' 12 ', 'x5', '×3', '5 unidades', '1 unidad', '3u', '2 units', '4 pcs'].map(parseTypedQuantity)).toEqual([
      5, 12, 5, 3, 5, 1, 3, 2, 4,
    ]);
    for (const text of ['550w', '20 mm', '5.5', '-2', 'cinco', 'taladro 5', '']) expect(parseTypedQuantity(text)).toBeNull();
  });

  it('reads a stock adjustment only with its sign', () => {
    expect(['+10', '-3', '− 2', '+ 1'].map(parseStockDelta)).toEqual([10, -3, -2, 1]);
    for (const text of ['10', '+0', '+1.5', 'mas 3', '']) expect(parseStockDelta(text)).toBeNull();
  });
});

describe('addresses', () => {
  it('takes street and number (or "s/n"), not one word', () => {
    for (const address of ['Av. Mitre 100', 'Belgrano 250, Quilmes', 'Ruta 2 km 40', 'Calle Los Álamos s/n'])
      expect(isPlausibleAddress(address)).toBe(true);
    for (const address of ['Calle', 'Mitre', 'Avenida Mitre', '100', '  ']) expect(isPlausibleAddress(address)).toBe(false);
  });
});

describe('cart labels', () => {
  it('keeps names that are cut alike apart by the words where they differ, within the room', () => {
    const names = ['Amoladora angular Bosch GWS 850 115 mm', 'Amoladora angular Makita 9557 115 mm', 'Mate'];
    const labels = distinctNames(names, 24);
    expect(new Set(labels).size).toBe(3);
    expect(labels.every((label) => label.length <= 24)).toBe(true);
    expect(labels[0]).toContain('Bosch');
    expect(labels[1]).toContain('Makita');
    expect(labels[2]).toBe('Mate');
  });

  it('numbers names that stay alike however they are cut', () => {
    expect(distinctNames(['Mate', 'Mate'], 20)).toEqual(['1. Mate', '2. Mate']);
  });
});

describe('staff order search', () => {
  it('searches a phone by its subscriber number, however it was typed, and anything else as written', () => {
    expect(contactQueryFor('011 4555-6677')).toBe('45556677');
    expect(contactQueryFor('+54 9 11 4555-6677')).toBe('45556677');
    expect(contactQueryFor(' José ')).toBe('José');
    expect(contactQueryFor('4555')).toBe('4555');
  });
});
