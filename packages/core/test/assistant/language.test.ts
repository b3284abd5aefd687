import { describe, expect, it } from 'vitest';
import { messageLanguage } from '../../src/index.js';

describe('messageLanguage: the language a message is clearly written in', () => {
  it.each([
    ['do you have safety helmets? how much?', 'en'],
    ['is the circular saw in stock?', 'en'],
    ['how much is it?', 'en'],
    ['what time do you open?', 'en'],
    ['hola! cuanto sale el taladro percutor?', 'es'],
    ['y tienen stock?', 'es'],
    ['¿Cuánto sale el taladro Black+Decker de 750 W?', 'es'],
    ['quiero ver mis pedidos', 'es'],
    // A Spanish question quoting an English product name stays Spanish.
    ['cuánto sale el "Drill Master" que tienen en la web?', 'es'],
  ] as const)('%j is %s', (text, locale) => {
    expect(messageLanguage(text)).toBe(locale);
  });

  it.each(['price?', 'hola', 'tienen drill bosch?', 'taladro percutor', 'safety helmets', 'stock?', '👍', '', 'a que hora abren?'])(
    '%j is not clear (one function word or none): the chat keeps its language',
    (text) => {
      expect(messageLanguage(text)).toBeNull();
    },
  );

  it('a mixed message with as many words of each is not clear', () => {
    expect(messageLanguage('hola, do you have el taladro?')).toBeNull();
  });
});
