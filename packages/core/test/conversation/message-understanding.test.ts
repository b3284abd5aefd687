import { describe, expect, it } from 'vitest';
import { searchTerms, understandMessage, words } from '../../src/index.js';

const search = (query: string) => ({ kind: 'search', query });

describe('understandMessage', () => {
  it('keeps only the product of a question, in es-AR (voseo) and English', () => {
    const cases: [string, string][] = [
      ['cuánto sale la amoladora?', 'amoladora'],
      ['tenés tornillos?', 'tornillos'],
      ['busco martillo', 'martillo'],
      ['necesito un taladro', 'taladro'],
      ['tienen cinta de teflón?', 'cinta de teflón'],
      ['precio amoladora', 'amoladora'],
      ['me pasás el precio de la pava eléctrica?', 'pava eléctrica'],
      ['hola, buscás algo? no, yo busco guantes de trabajo por favor', 'guantes de trabajo'],
      ['how much is the angle grinder?', 'angle grinder'],
      ['do you have screws?', 'screws'],
      ["I'm looking for a hammer drill", 'hammer drill'],
      ['caño 20mm', 'caño 20mm'],
      ['pinza 8"', 'pinza 8"'],
    ];
    for (const [text, query] of cases) expect(understandMessage(text), text).toEqual(search(query));
  });

  it('answers greetings, thanks, goodbyes and "ok" without searching, stretched letters included', () => {
    for (const text of ['hola', 'Holaaa!!', 'buenas', 'buen día', 'buenas tardes', 'hi there', 'hello', 'good morning', '👋'])
      expect(understandMessage(text), text).toEqual({ kind: 'greeting' });
    for (const text of ['gracias', 'muchas gracias!', 'mil gracias', 'ok gracias', 'thanks!', 'thank you so much'])
      expect(understandMessage(text), text).toEqual({ kind: 'thanks' });
    for (const text of ['chau', 'adiós', 'bye', 'nos vemos']) expect(understandMessage(text), text).toEqual({ kind: 'goodbye' });
    for (const text of ['ok', 'dale', 'listo', 'perfecto', 'okay', '👍', '🙏'])
      expect(understandMessage(text), text).toEqual({ kind: 'acknowledgement' });
  });

  it('reads emoji-only and punctuation-only messages as nothing to search', () => {
    for (const text of ['🔨🔨', '?', '¿?', '...', '!!', '😅', '—']) expect(understandMessage(text), text).toEqual({ kind: 'noise' });
  });

  it('reads cancel words as a cancel, never as a search ("Candela" is a brand)', () => {
    for (const text of ['cancelar', 'Cancelá', 'quiero cancelar el pedido', 'cancel', 'cancel my order please', 'salir'])
      expect(understandMessage(text), text).toEqual({ kind: 'cancel' });
  });

  it('opens help, offers or the catalog when that is what is asked', () => {
    expect(understandMessage('ayuda')).toEqual({ kind: 'help' });
    expect(understandMessage('help')).toEqual({ kind: 'help' });
    expect(understandMessage('¿tienen ofertas?')).toEqual({ kind: 'offers' });
    expect(understandMessage('any deals?')).toEqual({ kind: 'offers' });
    expect(understandMessage('¿qué venden?')).toEqual({ kind: 'browse' });
    expect(understandMessage('what do you sell?')).toEqual({ kind: 'browse' });
  });
});

describe('searchTerms', () => {
  it('splits a number from its unit, so "12w" and "12 W" are the same words', () => {
    expect(words('Lámpara 12W')).toEqual(['lampara', '12', 'w']);
    expect(words('lampara 12 w')).toEqual(['lampara', '12', 'w']);
    expect(words('1,5mm²')).toEqual(['1', '5', 'mm']);
  });

  it('gives each word its synonyms and each unit its spellings; inch words after a number say nothing', () => {
    const [lamp, twelve, watts] = searchTerms('lamparita 12w');
    expect(lamp?.alternatives).toEqual(expect.arrayContaining(['lamparita', 'lampara', 'bulb']));
    expect(twelve).toEqual({ word: '12', alternatives: ['12'], kind: 'number' });
    expect(watts?.kind).toBe('unit');
    expect(watts?.alternatives).toEqual(expect.arrayContaining(['w', 'watts']));
    expect(searchTerms('pinza 8 pulgadas').map((term) => term.word)).toEqual(['pinza', '8']);
    // "a" after a number is amperes, elsewhere a stop word.
    expect(searchTerms('tomacorriente 10 a').map((term) => term.kind)).toEqual(['word', 'number', 'unit']);
    expect(searchTerms('cinta a medida').map((term) => term.word)).toEqual(['cinta', 'medida']);
  });
});
