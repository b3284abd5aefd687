import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiEmulator, scriptedModels } from '../../packages/testkit/src/openai/index.js';
import type { LabelledQuestion } from '../eval/assistant-questions.js';
import { modelConfigFromEnv, runModelEval, toolsAnswer } from '../eval/model-eval.js';

/*
 * `pnpm eval`'s configured-model path, exercised against the OpenAI emulator (scripted tool calls)
 * through the real `openai` SDK and the OpenAI assistant adapter over the demo catalog. What the
 * emulator scores is a check of the scoring, never a model's accuracy: `pnpm eval` only reports a
 * model configured in the environment.
 */

const es = (text: string, intent: LabelledQuestion['intent']): LabelledQuestion => ({ locale: 'es', text, intent });
const en = (text: string, intent: LabelledQuestion['intent']): LabelledQuestion => ({ locale: 'en', text, intent });

const QUESTIONS: readonly LabelledQuestion[] = [
  es('cuanto sale el taladro percutor?', 'price'),
  es('hacen envios a cordoba?', 'shipping'),
  es('a que hora abren?', 'hours'),
  en('any discounts?', 'offers'),
  es('como va mi pedido?', 'orders'),
  // The cooperative model reads no order word here and searches products: a miss.
  es('cuando me llega lo que compre?', 'orders'),
];
const FOLLOW_UPS: readonly LabelledQuestion[] = [es('¿y cuánto sale?', 'price'), en('is it in stock?', 'stock')];

describe('pnpm eval: the configured model', () => {
  const emulator = new OpenAiEmulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  const config = () => ({ apiKey: emulator.apiKey, baseURL: emulator.baseURL, model: 'emulated-model', concurrency: 2 });

  it('asks every question through the adapter with the read-only tools and scores the tools it called', async () => {
    emulator.respondWith(scriptedModels.cooperative());
    const { model, reason } = await runModelEval(config(), { questions: QUESTIONS, followUps: FOLLOW_UPS });
    expect(reason).toBeNull();
    expect(model).toMatchObject({
      name: 'emulated-model',
      intentAccuracy: 0.833,
      all: { questions: 6, correct: 5, accuracy: 0.833, byLocale: { es: 0.8, en: 1 } },
      followUps: { questions: 2, correct: 2, accuracy: 1 },
      unavailable: 0,
      replacedAnswers: 0,
    });
    expect(model?.misses).toEqual([{ text: 'cuando me llega lo que compre?', expected: 'orders', tools: ['searchProducts'] }]);
    // The probe, then two requests per question (the tool call, the answer from its result).
    expect(emulator.requests[0]?.body.max_tokens).toBe(1);
    expect(emulator.requests).toHaveLength(1 + 2 * (QUESTIONS.length + FOLLOW_UPS.length));
    const drill = emulator.requests.find(
      (request) => request.lastUserText === 'cuanto sale el taladro percutor?' && request.toolResults.length > 0,
    );
    // Real demo-catalog figures went back to the model.
    expect(JSON.parse(drill?.toolResults[0]?.content ?? '[]')[0]).toMatchObject({
      name: expect.stringMatching(/^Taladro percutor/),
      price: expect.stringMatching(/^\$ /),
    });
    // A follow-up is asked with a demo product in focus.
    const followUp = emulator.requests.find((request) => request.lastUserText === '¿y cuánto sale?');
    expect(
      followUp?.body.messages.some(
        (message) => message.role === 'system' && String(message.content).includes('The customer is looking at the product'),
      ),
    ).toBe(true);
  });

  it('counts a question answered with another intent’s tool, or with no tool, as a miss', async () => {
    emulator.respondWith((request) =>
      request.toolResults.length === 0 && /pedido|compre/.test(request.lastUserText)
        ? { toolCalls: [{ name: 'my_orders', arguments: {} }] }
        : request.toolResults.length === 0 && /hora/.test(request.lastUserText)
          ? { toolCalls: [{ name: 'search_products', arguments: { query: 'hora' } }] }
          : { text: 'Listo.' },
    );
    const { model } = await runModelEval(config(), { questions: QUESTIONS, followUps: [] });
    expect(model?.all).toMatchObject({ questions: 6, correct: 2 });
    expect(model?.misses.map((miss) => [miss.text, miss.tools])).toEqual([
      ['cuanto sale el taladro percutor?', []],
      ['hacen envios a cordoba?', []],
      ['a que hora abren?', ['searchProducts']],
      ['any discounts?', []],
    ]);
  });

  it('counts answers the grounding replaced (an invented price)', async () => {
    emulator.respondWith(scriptedModels.inventive());
    const { model } = await runModelEval(config(), { questions: QUESTIONS.slice(0, 2), followUps: [] });
    expect(model).toMatchObject({ all: { correct: 0 }, replacedAnswers: 2 });
  });

  it('reports no model, with the reason, when the server is unreachable, refuses the key, or fails every question', async () => {
    const closed = await runModelEval({ apiKey: 'sk-x', baseURL: 'http://127.0.0.1:9/v1', model: 'm', probeTimeoutMs: 2_000 });
    expect(closed).toEqual({ model: null, reason: expect.stringContaining('the model server did not answer') });

    const wrongKey = 'sk-wrong-key-0123456789';
    const refused = await runModelEval({ apiKey: wrongKey, baseURL: emulator.baseURL, model: 'm' });
    expect(refused.model).toBeNull();
    expect(refused.reason).toMatch(/HTTP 401/);
    expect(refused.reason).not.toContain(wrongKey);

    emulator.slowNext(1, 3_000);
    const slow = await runModelEval({ ...config(), probeTimeoutMs: 300 });
    expect(slow).toEqual({ model: null, reason: expect.stringContaining('the model server did not answer') });

    emulator.reset();
    emulator.script({ text: 'pong' });
    emulator.respondWith(() => ({ error: 500 }));
    const failing = await runModelEval(config(), { questions: QUESTIONS.slice(0, 2), followUps: [] });
    expect(failing).toEqual({ model: null, reason: 'the model server failed every question (2 of 2)' });
  });

  it('reads the model from the environment as the app does, and none without a key or a base URL', () => {
    expect(modelConfigFromEnv({})).toEqual({ config: null, reason: 'no model configured (OPENAI_API_KEY / OPENAI_BASE_URL unset)' });
    expect(modelConfigFromEnv({ OPENAI_API_KEY: 'sk-1' }).config).toEqual({ apiKey: 'sk-1', model: 'gpt-4o-mini' });
    expect(modelConfigFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.1' }).config).toEqual({
      apiKey: 'not-needed',
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
    });
  });

  it('scores tools against the labelled intent', () => {
    expect(toolsAnswer('hours', ['shopInfo'])).toBe(true);
    expect(toolsAnswer('hours', ['shopInfo', 'searchProducts'])).toBe(false);
    expect(toolsAnswer('stock', ['searchProducts', 'stock'])).toBe(true);
    expect(toolsAnswer('price', ['stock'])).toBe(false);
    expect(toolsAnswer('orders', [])).toBe(false);
  });
});
