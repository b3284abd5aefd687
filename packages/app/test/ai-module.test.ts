import { LocalAssistant, OpenAiAssistant, OpenAiImageAnalyzer } from '@mostrador/adapters-ai';
import { type Assistant, type AssistantTools, TOKENS } from '@mostrador/core';
import { OpenAiEmulator } from '@mostrador/testkit/openai';
import { Container } from 'inversify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { DEMO_SHOP_INFORMATION, withDemoShopInformation } from '../src/demo/shop-information.js';
import { aiModuleFromConfig, shopSettingsFrom } from '../src/modules.js';

const base = { LOG_LEVEL: 'silent' };

const containerWith = (env: Record<string, string>): Container => {
  const container = new Container();
  container.bind(TOKENS.Clock).toConstantValue({ now: () => new Date() });
  container.bind(TOKENS.Logger).toConstantValue({ info() {}, warn() {}, error() {} });
  container.load(aiModuleFromConfig(loadConfig({ ...base, ...env })));
  return container;
};

const emulators: OpenAiEmulator[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.stop();
});

describe('the AI module from the configuration', () => {
  it('without OPENAI_API_KEY / OPENAI_BASE_URL binds no assistant or analyzer, only the local assistant and photo matcher', () => {
    const container = containerWith({});
    expect(container.get(TOKENS.LocalAssistant)).toBeInstanceOf(LocalAssistant);
    expect(container.isBound(TOKENS.Assistant)).toBe(false);
    expect(container.isBound(TOKENS.ImageAnalyzer)).toBe(false);
    expect(container.isBound(TOKENS.ProductImageMatcher)).toBe(true);
  });

  it('with OPENAI_BASE_URL and OPENAI_MODEL binds the OpenAI assistant and analyzer, which reach that server', async () => {
    const emulator = new OpenAiEmulator({ apiKeys: ['sk-from-config'] });
    emulators.push(emulator);
    await emulator.start();
    emulator.script({ text: 'Abrimos de lunes a viernes.' });
    const container = containerWith({
      OPENAI_API_KEY: 'sk-from-config',
      OPENAI_BASE_URL: emulator.baseURL,
      OPENAI_MODEL: 'chat-model',
      OPENAI_VISION_MODEL: 'vision-model',
    });
    const assistant = container.get<Assistant>(TOKENS.Assistant);
    expect(assistant).toBeInstanceOf(OpenAiAssistant);
    expect(container.get(TOKENS.ImageAnalyzer)).toBeInstanceOf(OpenAiImageAnalyzer);
    const tools = {} as AssistantTools;
    expect(await assistant.answer('¿horarios?', { locale: 'es', tools, customerId: 'c1' })).toEqual({
      text: 'Abrimos de lunes a viernes.',
      suggestedProductIds: [],
    });
    expect(emulator.requests[0]).toMatchObject({ model: 'chat-model', apiKey: 'sk-from-config' });
  });

  it('refuses a key without a model, naming the variable', () => {
    expect(() => aiModuleFromConfig(loadConfig({ ...base, OPENAI_API_KEY: 'sk-x' }))).toThrow(/OPENAI_MODEL: required/);
  });

  it('passes the shop information the assistant may tell', () => {
    const settings = shopSettingsFrom(loadConfig({ ...base, SHOP_HOURS: 'Lunes a viernes de 9 a 18', SHOP_PAYMENT_METHODS: 'Efectivo' }));
    expect(settings.information).toEqual({
      hours: 'Lunes a viernes de 9 a 18',
      shipping: null,
      paymentMethods: 'Efectivo',
      en: { hours: null, shipping: null, paymentMethods: null },
    });
  });

  it('passes the English texts of the shop information', () => {
    const settings = shopSettingsFrom(
      loadConfig({ ...base, SHOP_HOURS: 'Lunes a viernes de 9 a 18', SHOP_HOURS_EN: 'Monday to Friday 9 to 6' }),
    );
    expect(settings.information?.en).toEqual({ hours: 'Monday to Friday 9 to 6', shipping: null, paymentMethods: null });
  });
});

describe("the demo's shop information", () => {
  it('fills every text left unset with a realistic es-AR one and its English version', () => {
    const config = withDemoShopInformation(loadConfig(base));
    expect(config.SHOP_HOURS).toBe(DEMO_SHOP_INFORMATION.SHOP_HOURS.es);
    expect(config.SHOP_SHIPPING).toBe(DEMO_SHOP_INFORMATION.SHOP_SHIPPING.es);
    expect(config.SHOP_PAYMENT_METHODS).toBe(DEMO_SHOP_INFORMATION.SHOP_PAYMENT_METHODS.es);
    expect(config.SHOP_HOURS_EN).toBe(DEMO_SHOP_INFORMATION.SHOP_HOURS.en);
    expect(config.SHOP_SHIPPING_EN).toMatch(/^We ship nationwide/);
    expect(config.SHOP_PAYMENT_METHODS_EN).toMatch(/^Cash, bank transfer/);
  });

  it("keeps the person's own texts, and never pairs them with the demo's English", () => {
    const config = withDemoShopInformation(
      loadConfig({ ...base, SHOP_HOURS: 'Lunes a sábado de 10 a 20', SHOP_SHIPPING_EN: 'Nationwide by post' }),
    );
    expect(config.SHOP_HOURS).toBe('Lunes a sábado de 10 a 20');
    expect(config.SHOP_HOURS_EN).toBeUndefined();
    expect(shopSettingsFrom(config).information?.en?.hours).toBeNull();
    expect(config.SHOP_SHIPPING).toBe(DEMO_SHOP_INFORMATION.SHOP_SHIPPING.es);
    expect(config.SHOP_SHIPPING_EN).toBe('Nationwide by post');
  });
});
