import { type Category, createConversationEngine, DEFAULT_SHOP_SETTINGS, money, type Product } from '@mostrador/core';
import { createInMemoryUseCases, FixedClock, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { aCategory, aProduct } from '@mostrador/testkit/mothers';
import type { TelegramTestUser, TgMessage } from '@mostrador/testkit/telegram';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

/*
 * Issue 10, points 1-3 and the search examples of point 8, through the Bot API emulator with
 * core's real engine and chat driver: customers write questions, filler words, category words,
 * units either way, emoji, greetings and "cancelar", and see what they asked for.
 */

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A small hardware store, like the demo's: categories in es and en, brands and measures in the names. */
const aHardwareStore = async () => {
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const settings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Ferretería El Tornillo' };
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings });
  const category = (slug: string, es: string, en: string): Category => aCategory({ slug, name: es, translations: { en: { name: en } } });
  const power = category('herramientas-electricas', 'Herramientas eléctricas', 'Power tools');
  const lighting = category('iluminacion', 'Iluminación', 'Lighting');
  const paint = category('pintureria', 'Pinturería', 'Paint');
  const plumbing = category('plomeria', 'Plomería', 'Plumbing');
  const product = (categoryId: string, es: string, en: string, brand: string): Product =>
    aProduct({
      name: es,
      categoryId,
      price: money(10_000_00),
      stockOnHand: 10,
      attributes: { marca: brand },
      translations: { en: { name: en } },
    });
  const products = [
    product(power.id, 'Amoladora angular Bosch 700 W', 'Angle grinder Bosch 700 W', 'Bosch'),
    product(power.id, 'Taladro percutor Bosch 550 W', 'Hammer drill Bosch 550 W', 'Bosch'),
    product(lighting.id, 'Lámpara LED Candela 12 W', 'LED bulb Candela 12 W', 'Candela'),
    product(lighting.id, 'Lámpara LED Philips 9 W', 'LED bulb Philips 9 W', 'Philips'),
    product(paint.id, 'Látex interior Alba 4 litros', 'Interior latex paint Alba 4 litres', 'Alba'),
    product(plumbing.id, 'Caño termofusión FV 20 mm', 'Fusion-weld pipe FV 20 mm', 'FV'),
    product(plumbing.id, 'Cinta de teflón FV 12 mm', 'PTFE tape FV 12 mm', 'FV'),
  ];
  for (const item of [power, lighting, paint, plumbing]) await uow.repositories.categories.save(item);
  for (const item of products) await uow.repositories.products.save(item);
  const errors: unknown[] = [];
  const engine = createConversationEngine({ useCases, clock, ids, settings, onError: (error) => errors.push(error) });
  harness = await startHarness({ engine, store: uow.repositories.conversations });
  return { harness, errors };
};

const textOf = (message: TgMessage | undefined): string => message?.text ?? message?.caption ?? '';
const buttonsOf = (message: TgMessage | undefined): string[] =>
  message?.reply_markup?.inline_keyboard.flat().map((button) => button.text) ?? [];

/** Sends a text and waits for the screen of the reply (the message that ends it, matched by `ends`). */
const ask = async (user: TelegramTestUser, text: string, ends: RegExp): Promise<{ screen: TgMessage; reply: TgMessage[] }> => {
  const before = user.botMessages().length;
  await user.sendText(text);
  const [screen] = await user.waitForMessages((message) => ends.test(textOf(message)));
  return { screen: screen!, reply: user.botMessages().slice(before) };
};

const RESULTS = /Resultados para|Results for|No encontré|I found nothing/;
const MENU = /Te damos la bienvenida|Welcome to/;

describe('customers writing as they talk, on Telegram', () => {
  it('finds the product in a question, with voseo and filler words, in Spanish and English', async () => {
    const { harness, errors } = await aHardwareStore();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const john = harness.emulator.user({ firstName: 'John', languageCode: 'en' });

    const grinder = await ask(ana, 'cuánto sale la amoladora?', RESULTS);
    expect(textOf(grinder.screen)).toContain('Resultados para “amoladora”');
    expect(buttonsOf(grinder.screen)[0]).toMatch(/^Amoladora angular Bosch 700 W · \$/);

    const tape = await ask(ana, 'tenés cinta de teflón?', RESULTS);
    expect(buttonsOf(tape.screen)[0]).toMatch(/^Cinta de teflón FV 12 mm/);

    const drill = await ask(ana, 'necesito un taladro', RESULTS);
    expect(buttonsOf(drill.screen)[0]).toMatch(/^Taladro percutor Bosch 550 W/);

    const english = await ask(john, 'how much is the angle grinder?', RESULTS);
    expect(textOf(english.screen)).toContain('Results for “angle grinder”');
    expect(buttonsOf(english.screen)[0]).toMatch(/^Angle grinder Bosch 700 W/);
    // No word of the question matches everything: the closest products still come, ranked.
    const partial = await ask(john, 'do you have a bosch grinder 900w?', RESULTS);
    expect(buttonsOf(partial.screen)[0]).toMatch(/^Angle grinder Bosch 700 W/);
    expect(errors).toEqual([]);
  });

  it('finds category words and synonyms, and units written with or without a space', async () => {
    const { harness } = await aHardwareStore();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });

    for (const text of ['pintura', 'pinturería', 'pintura blanca 4 litros']) {
      const { screen } = await ask(ana, text, RESULTS);
      expect(buttonsOf(screen)[0], text).toMatch(/^Látex interior Alba 4 litros/);
    }
    const lamp = await ask(ana, 'lampara led 12w', RESULTS);
    expect(buttonsOf(lamp.screen).filter((label) => label.includes(' · $'))).toEqual([expect.stringMatching(/^Lámpara LED Candela 12 W/)]);
    const pipe = await ask(ana, 'caño 20mm', RESULTS);
    expect(buttonsOf(pipe.screen)[0]).toMatch(/^Caño termofusión FV 20 mm/);
    const drill = await ask(ana, 'taladro 550 w', RESULTS);
    expect(buttonsOf(drill.screen)[0]).toMatch(/^Taladro percutor Bosch 550 W/);
  });

  it('answers emoji, punctuation, greetings and thanks with a friendly word and the menu, never with a search', async () => {
    const { harness } = await aHardwareStore();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });

    const thumbs = await ask(ana, '👍', MENU);
    expect(thumbs.reply.map(textOf)[0]).toBe('¡Perfecto! 👍');
    for (const text of ['🔨🔨', '?']) {
      const { reply } = await ask(ana, text, MENU);
      expect(textOf(reply[0]), text).toContain('¿En qué te ayudo?');
      expect(
        reply.some((message) => RESULTS.test(textOf(message))),
        text,
      ).toBe(false);
    }
    const thanks = await ask(ana, 'gracias', MENU);
    expect(textOf(thanks.reply[0])).toContain('¡De nada!');
    for (const text of ['hola', 'buenas', 'Holaaa!!']) {
      const { reply } = await ask(ana, text, MENU);
      expect(
        reply.some((message) => RESULTS.test(textOf(message))),
        text,
      ).toBe(false);
    }
  });

  it('reads "cancelar" as a cancel, not as a search that shows the "Candela" lamps', async () => {
    const { harness } = await aHardwareStore();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const { reply } = await ask(ana, 'cancelar', MENU);
    expect(textOf(reply[0])).toBe('No hay nada en curso para cancelar. Para cancelar un pedido, abrí 📦 Mis pedidos.');
    expect(reply.flatMap(buttonsOf).some((label) => label.includes('Candela'))).toBe(false);
    expect(reply.some((message) => RESULTS.test(textOf(message)))).toBe(false);
  });

  it("gives search examples from the shop's own catalog in help, the search prompt and when nothing is found", async () => {
    const { harness } = await aHardwareStore();
    const ana = harness.emulator.user({ firstName: 'Ana', languageCode: 'es' });
    const john = harness.emulator.user({ firstName: 'John', languageCode: 'en' });

    await ana.sendCommand('ayuda');
    const [help] = await ana.waitForMessages((message) => /Ayuda/.test(textOf(message)));
    expect(textOf(help)).toContain('amoladora angular, caño termofusión o lámpara LED');
    expect(textOf(help)).not.toMatch(/mate de calabaza|remera/);

    await ana.sendCommand('menu');
    await ana.waitForMessages((message) => MENU.test(textOf(message)));
    await ana.tapButton(/Buscar/);
    const [prompt] = await ana.waitForMessages((message) => /Escribí lo que buscás/.test(textOf(message)));
    expect(textOf(prompt)).toContain('por ejemplo amoladora angular, caño termofusión o lámpara LED');

    const nothing = await ask(john, 'do you have a leather wallet?', RESULTS);
    expect(textOf(nothing.screen)).toContain('I found nothing for “leather wallet”');
    expect(textOf(nothing.screen)).toContain('for example angle grinder, fusion-weld pipe or LED bulb');
  });
});
