import { describe, expect, it } from 'vitest';
import { CATALOGS, type Catalog, localeFromHint, markupToPlainText, parseMarkup } from '../../src/index.js';
import { aConversationShop, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

type Shape = string | { readonly [key: string]: Shape };

/** The catalog's keys, with each function's arity: what every locale must match. */
const shapeOf = (value: unknown): Shape => {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'function') return `function/${value.length}`;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, shapeOf(inner)]),
    );
  }
  return typeof value;
};

/** Every text of a catalog, with functions called on sample arguments. */
const textsOf = (value: unknown, path = ''): [string, string][] => {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function')
    return [[path, String((value as (...args: unknown[]) => unknown)(...Array.from({ length: value.length }, () => 'X')))]];
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, inner]) => textsOf(inner, `${path}.${key}`));
  return [];
};

describe('message catalogs', () => {
  it('have the same keys and the same parameters in Spanish and English', () => {
    const es: Catalog = CATALOGS.es;
    expect(shapeOf(CATALOGS.en)).toEqual(shapeOf(es));
  });

  it('write well-formed markup: no stray * _ ~ [ left after parsing', () => {
    for (const catalog of Object.values(CATALOGS)) {
      for (const [path, text] of textsOf(catalog)) {
        const plain = markupToPlainText(parseMarkup(text));
        expect({ path, stray: /[*_~[\]]/.test(plain) }).toEqual({ path, stray: false });
      }
    }
  });

  it('mention buttons, taps or sharing a contact only in texts shown where the channel has them', () => {
    // Each of these is chosen by a capability: help by inlineButtons, the phone question and its control by contactRequest.
    const capabilityGated = new Set(['.help.chooseWithButtons', '.checkout.askPhoneOrShare', '.checkout.shareContact']);
    const assumesAControl = /bot[oó]n|botones|button|toc[aá]|\btap|puls[aá]|press|click|compart|share|deslizá|swipe|arriba|above/i;
    for (const catalog of Object.values(CATALOGS)) {
      const assuming = textsOf(catalog)
        .filter(([path, text]) => !capabilityGated.has(path) && assumesAControl.test(text))
        .map(([path]) => path);
      expect(assuming).toEqual([]);
    }
  });

  it('speak voseo in Spanish', () => {
    expect(CATALOGS.es.menu.prompt).toContain('querés');
    expect(CATALOGS.es.catalog.pickCategory).toBe('Elegí una categoría:');
  });

  it('pick English for English language hints and Spanish otherwise', () => {
    expect(['en', 'en-US', 'EN_gb', 'es', 'es-AR', 'pt-BR', null, 'eng'].map(localeFromHint)).toEqual([
      'en',
      'en',
      'en',
      'es',
      'es',
      'es',
      'es',
      'es',
    ]);
  });
});

describe('language switch', () => {
  it('changes the conversation and the customer’s preferred language', async () => {
    const shop = aConversationShop();
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '7001', displayName: 'Ana', languageHint: 'es' });
    await chat.start();
    await chat.tap('Idioma');
    expect(chat.screen.text).toBe('🌐 Elegí tu idioma:');
    const reply = await chat.tap('English');
    expect(reply.toast).toBe('Done, I will speak English from now on.');
    expect(chat.screen.text).toContain('Hi, Ana!');
    const customer = await shop.useCases.customers.identify(
      { channel: chat.channel, userId: '7001' },
      { displayName: 'Ana', language: 'es' },
    );
    expect(customer.language).toBe('en');

    // A new conversation state (another device, a wiped store) starts in the saved language.
    await shop.uow.repositories.conversations.save(chat.channel, chat.chatId, null);
    await chat.text('/help');
    expect(chat.screen.text).toContain('❓ *Help*');
  });
});
