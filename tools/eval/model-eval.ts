/**
 * The configured model's share of `pnpm eval`: the labelled questions the local assistant's
 * intent detection is scored on, asked of the OpenAI assistant adapter (the real `openai` SDK,
 * Chat Completions with the read-only tools) over the demo catalog, scored by the tools it called.
 *
 * Scoring (honest, and coarser than the local score in places): a model answers from tools, so
 * the intent its tool calls imply is what can be checked without judging its prose. A question
 * counts as understood when the model called at least one tool and every tool it called returns
 * what the labelled intent asks for (`ANSWERING_TOOLS`): `shop_info` for shipping, hours and
 * payment (one tool answers all three, so those are not told apart), `my_orders` for orders,
 * `current_offers` for offers, `search_products`/`product_detail` (and `stock` for stock) for
 * price, stock, variants and product questions (price and stock are not told apart either: the
 * search returns both). A question answered without a tool, or with a tool of another intent
 * ("hours" answered by searching products), is a miss; so is one the provider failed. Follow-ups
 * (no product words) are asked with a demo product in focus, as the engine asks them. Answers the
 * grounding replaced (a figure no tool backed) are counted apart (`replacedAnswers`).
 *
 * Reachability: nothing is configured without OPENAI_API_KEY or OPENAI_BASE_URL; a configured
 * server is first asked one tiny completion with a short timeout (`probeTimeoutMs`); failing that,
 * there is no model figure and the reason says why. Never a hang.
 */
import { performance } from 'node:perf_hooks';
import { createOpenAiClient, OpenAiAssistant } from '../../packages/adapters-ai/src/index.js';
import { seedDemoCatalog } from '../../packages/app/src/demo/seed.js';
import { assistantToolsFor } from '../../packages/core/src/conversation/assistant-tools.js';
import {
  type AssistantToolName,
  type AssistantTools,
  DEFAULT_SHOP_SETTINGS,
  type Logger,
  type ShopSettings,
} from '../../packages/core/src/index.js';
import { createInMemoryUseCases, FixedClock, InMemoryImageStore, SequentialIdGenerator } from '../../packages/testkit/src/memory/index.js';
import {
  ASSISTANT_QUESTIONS,
  FOLLOW_UP_QUESTIONS,
  HELD_OUT_QUESTIONS,
  type LabelledIntent,
  type LabelledQuestion,
} from './assistant-questions.js';

/** Where the model is and how long to wait for it. */
export interface ModelEvalConfig {
  readonly apiKey: string;
  readonly baseURL?: string;
  readonly model: string;
  /** The reachability probe's timeout. Default 5 000 ms. */
  readonly probeTimeoutMs?: number;
  /** One question's whole turn (every round trip). Default 30 000 ms. */
  readonly questionTimeoutMs?: number;
  /** Questions asked at once. Default 4. */
  readonly concurrency?: number;
}

export interface ModelSetResult {
  readonly questions: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly byLocale: { readonly es: number; readonly en: number };
}

export interface ModelEvalResult {
  readonly name: string;
  /** Main and held-out sets together (the questions `intentAccuracy` counts for the local assistant). */
  readonly intentAccuracy: number;
  readonly all: ModelSetResult;
  readonly followUps: ModelSetResult;
  /** Questions the provider failed (timeout, error): counted as misses. */
  readonly unavailable: number;
  /** Answers whose text the grounding replaced by the templated answer. */
  readonly replacedAnswers: number;
  /** One question's turn, p50 and max (informative). */
  readonly answerMs: { readonly p50: number; readonly max: number };
  readonly misses: readonly { readonly text: string; readonly expected: LabelledIntent; readonly tools: readonly string[] }[];
}

export type ModelEvalOutcome =
  | { readonly model: ModelEvalResult; readonly reason: null }
  | { readonly model: null; readonly reason: string };

/** The tools whose results answer each labelled intent. */
export const ANSWERING_TOOLS: Readonly<Record<LabelledIntent, ReadonlySet<AssistantToolName>>> = {
  price: new Set(['searchProducts', 'productDetail']),
  stock: new Set(['searchProducts', 'productDetail', 'stock']),
  variants: new Set(['searchProducts', 'productDetail']),
  search: new Set(['searchProducts', 'productDetail']),
  offers: new Set(['offers']),
  shipping: new Set(['shopInfo']),
  hours: new Set(['shopInfo']),
  payment: new Set(['shopInfo']),
  orders: new Set(['myOrders']),
};

/** True when the tools called imply the labelled intent (see the module's comment). */
export const toolsAnswer = (intent: LabelledIntent, called: readonly AssistantToolName[]): boolean =>
  called.length > 0 && called.every((tool) => ANSWERING_TOOLS[intent].has(tool));

/** The model configured in the environment, as the app reads it; null (with why) when none is. */
export const modelConfigFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): { readonly config: ModelEvalConfig; readonly reason: null } | { readonly config: null; readonly reason: string } => {
  const apiKey = env.OPENAI_API_KEY?.trim() ?? '';
  const baseURL = env.OPENAI_BASE_URL?.trim() ?? '';
  if (apiKey === '' && baseURL === '') return { config: null, reason: 'no model configured (OPENAI_API_KEY / OPENAI_BASE_URL unset)' };
  return {
    config: {
      apiKey: apiKey === '' ? 'not-needed' : apiKey,
      ...(baseURL === '' ? {} : { baseURL }),
      model: env.OPENAI_MODEL?.trim() || 'gpt-4o-mini',
      ...(Number(env.EVAL_MODEL_PROBE_TIMEOUT_MS) > 0 ? { probeTimeoutMs: Number(env.EVAL_MODEL_PROBE_TIMEOUT_MS) } : {}),
    },
    reason: null,
  };
};

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** An error as one line, with the key (should a server echo it) masked. */
const describeError = (error: unknown, apiKey: string): string => {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  const line = `${typeof status === 'number' ? `HTTP ${status}: ` : ''}${message}`.replace(/\s+/g, ' ').slice(0, 300);
  return apiKey.length >= 4 ? line.split(apiKey).join('***') : line;
};

/** The tools over the demo catalog, recording the name of every tool called. */
const recording = (tools: AssistantTools, called: AssistantToolName[]): AssistantTools => {
  const wrap =
    <K extends AssistantToolName>(name: K) =>
    (...args: Parameters<AssistantTools[K]>) => {
      called.push(name);
      return (tools[name] as (...inner: Parameters<AssistantTools[K]>) => ReturnType<AssistantTools[K]>)(...args);
    };
  return {
    searchProducts: wrap('searchProducts'),
    productDetail: wrap('productDetail'),
    stock: wrap('stock'),
    offers: wrap('offers'),
    myOrders: wrap('myOrders'),
    shopInfo: wrap('shopInfo'),
  };
};

/** The demo shop in memory: the demo catalog, the shop information a demo operator would set. */
const demoShop = async () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const clock = new FixedClock(now);
  const ids = new SequentialIdGenerator();
  const settings: ShopSettings = {
    ...DEFAULT_SHOP_SETTINGS,
    shopName: 'Ferretería Mostrador',
    information: {
      hours: 'Lunes a viernes de 9 a 18, sábados de 9 a 13',
      shipping: 'Envíos a todo el país por correo; en CABA, moto en el día',
      paymentMethods: 'Mercado Pago, transferencia y efectivo',
    },
  };
  const { uow, useCases } = createInMemoryUseCases({ clock, ids, settings });
  await seedDemoCatalog({ images: new InMemoryImageStore(), uow, ids, now });
  const customer = await useCases.customers.identify({ channel: 'web', userId: 'eval-customer' }, { displayName: 'Eval', language: 'es' });
  const [focus] = (await useCases.catalog.search({ text: 'taladro percutor', locale: 'es' }, { offset: 0, limit: 1 })).items;
  if (!focus) throw new Error('the demo catalog has no taladro percutor');
  return { useCases, customer, settings, focusProductId: focus.product.id };
};

const score = (outcomes: readonly { question: LabelledQuestion; ok: boolean }[]): ModelSetResult => {
  const totalBy = { es: 0, en: 0 };
  const correctBy = { es: 0, en: 0 };
  for (const { question, ok } of outcomes) {
    totalBy[question.locale] += 1;
    if (ok) correctBy[question.locale] += 1;
  }
  const correct = outcomes.filter((outcome) => outcome.ok).length;
  return {
    questions: outcomes.length,
    correct,
    accuracy: round(correct / Math.max(1, outcomes.length)),
    byLocale: { es: round(correctBy.es / Math.max(1, totalBy.es)), en: round(correctBy.en / Math.max(1, totalBy.en)) },
  };
};

/**
 * Asks the configured model the labelled questions (main and held-out sets, then the follow-ups
 * with a product in focus) and scores them; `model: null` with the reason when the server cannot
 * be reached. `questions` and `followUps` default to the eval's own sets.
 */
export async function runModelEval(
  config: ModelEvalConfig,
  sets: { readonly questions?: readonly LabelledQuestion[]; readonly followUps?: readonly LabelledQuestion[] } = {},
): Promise<ModelEvalOutcome> {
  const client = createOpenAiClient({ apiKey: config.apiKey, baseURL: config.baseURL });
  const probeTimeoutMs = config.probeTimeoutMs ?? 5_000;
  try {
    await client.chat.completions.create(
      { model: config.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
      { timeout: probeTimeoutMs, maxRetries: 0, signal: AbortSignal.timeout(probeTimeoutMs) },
    );
  } catch (error) {
    return { model: null, reason: `the model server did not answer (${describeError(error, config.apiKey)})` };
  }

  const shop = await demoShop();
  const replaced: string[] = [];
  const logger: Logger = {
    info: () => {},
    error: () => {},
    warn: (message: string) => {
      if (message.startsWith('assistant answer replaced')) replaced.push(message);
    },
  };
  const assistant = new OpenAiAssistant(client, {
    model: config.model,
    shopName: shop.settings.shopName,
    timeoutMs: config.questionTimeoutMs ?? 30_000,
    limits: { questionsPerMinute: 1_000_000, tokensPerDay: 1_000_000_000 },
    logger,
  });

  const questions = sets.questions ?? [...ASSISTANT_QUESTIONS, ...HELD_OUT_QUESTIONS];
  const followUps = sets.followUps ?? FOLLOW_UP_QUESTIONS;
  const jobs = [
    ...questions.map((question) => ({ question, followUp: false })),
    ...followUps.map((question) => ({ question, followUp: true })),
  ];
  const results: {
    question: LabelledQuestion;
    followUp: boolean;
    ok: boolean;
    tools: AssistantToolName[];
    ms: number;
    unavailable: boolean;
  }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < jobs.length; index = next++) {
      const job = jobs[index];
      if (!job) continue;
      const called: AssistantToolName[] = [];
      const started = performance.now();
      let unavailable = false;
      try {
        await assistant.answer(job.question.text, {
          locale: job.question.locale,
          tools: recording(assistantToolsFor(shop.useCases, shop.customer, job.question.locale, shop.settings), called),
          customerId: `eval-${index}`,
          chatId: `eval:${index}`,
          focusProductId: job.followUp ? shop.focusProductId : null,
        });
      } catch {
        unavailable = true;
      }
      results[index] = {
        question: job.question,
        followUp: job.followUp,
        ok: !unavailable && toolsAnswer(job.question.intent, called),
        tools: called,
        ms: performance.now() - started,
        unavailable,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, config.concurrency ?? 4) }, worker));

  const unavailable = results.filter((result) => result.unavailable).length;
  if (unavailable === results.length)
    return { model: null, reason: `the model server failed every question (${unavailable} of ${results.length})` };
  const all = score(results.filter((result) => !result.followUp));
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    model: {
      name: config.model,
      intentAccuracy: all.accuracy,
      all,
      followUps: score(results.filter((result) => result.followUp)),
      unavailable,
      replacedAnswers: replaced.length,
      answerMs: { p50: Math.round(times[Math.floor((times.length - 1) / 2)] ?? 0), max: Math.round(times[times.length - 1] ?? 0) },
      misses: results
        .filter((result) => !result.ok)
        .map((result) => ({ text: result.question.text, expected: result.question.intent, tools: result.tools })),
    },
    reason: null,
  };
}
