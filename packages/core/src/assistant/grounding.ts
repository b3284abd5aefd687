import type {
  AssistantAnswer,
  AssistantOffer,
  AssistantOrder,
  AssistantProduct,
  AssistantStock,
  ShopInformation,
} from '../ports/services.js';
import type { Locale } from '../shared/types.js';
import { templatedAnswer } from './templated-answer.js';

/** One tool call an assistant made in a turn, with what it returned: what an answer may state. */
export type AssistantToolResult =
  | { readonly tool: 'searchProducts'; readonly result: readonly AssistantProduct[] }
  | { readonly tool: 'productDetail'; readonly result: Readonly<Record<string, unknown>> | null }
  | { readonly tool: 'offers'; readonly result: readonly AssistantOffer[] }
  | { readonly tool: 'myOrders'; readonly result: readonly AssistantOrder[] }
  | { readonly tool: 'stock'; readonly result: AssistantStock | null }
  | { readonly tool: 'shopInfo'; readonly result: ShopInformation };

/**
 * A number stated in an answer. `money` has a currency sign or word next to it, `percent` a "%",
 * `quantity` a stock word ("unidades", "disponibles", "in stock"); anything else is `plain`.
 */
export interface StatedFigure {
  readonly raw: string;
  readonly kind: 'money' | 'percent' | 'quantity' | 'plain';
  /** What the digits may mean: "1.500" is 1500 in es-AR and 1.5 in English. */
  readonly values: readonly number[];
}

const NUMBER = /\d[\d.,]*/g;
const MONEY_BEFORE = /(?:\$|ars|us\$|u\$s|usd)\s*$/i;
const MONEY_AFTER = /^\s*(?:pesos|ars|d[oó]lares|dollars|usd)\b/i;
const PERCENT_AFTER = /^\s*(?:%|por ?ciento|percent)/i;
const QUANTITY_AFTER = /^\s*(?:unidades?|u\.|uds?\.?|disponibles?|en stock|in stock|units?|pieces?|pcs|left|available|piezas?|quedan)/i;

/** Every reading of a run of digits and separators. */
const readings = (token: string): number[] => {
  const spanish = Number(token.replaceAll('.', '').replace(',', '.'));
  const english = Number(token.replaceAll(',', ''));
  const digitsOnly = Number(token.replace(/[.,]/g, ''));
  return [...new Set([spanish, english, digitsOnly].filter((value) => Number.isFinite(value)))];
};

/** The numbers stated in `text`, each with what kind of figure it is by the words around it. */
export const statedFigures = (text: string): StatedFigure[] => {
  const figures: StatedFigure[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const raw = match[0].replace(/[.,]+$/, '');
    const start = match.index ?? 0;
    const before = text.slice(Math.max(0, start - 6), start);
    const after = text.slice(start + raw.length, start + raw.length + 16);
    const kind: StatedFigure['kind'] =
      MONEY_BEFORE.test(before) || MONEY_AFTER.test(after)
        ? 'money'
        : PERCENT_AFTER.test(after)
          ? 'percent'
          : QUANTITY_AFTER.test(after)
            ? 'quantity'
            : 'plain';
    figures.push({ raw, kind, values: readings(raw) });
  }
  return figures;
};

/** Every number a value carries: numbers as they are, and every reading of the digits in its strings. */
const numbersIn = (value: unknown, into: Set<number>): Set<number> => {
  if (typeof value === 'number') into.add(value);
  else if (typeof value === 'string') for (const figure of statedFigures(value)) for (const reading of figure.values) into.add(reading);
  else if (Array.isArray(value)) for (const item of value) numbersIn(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) numbersIn(item, into);
  return into;
};

/**
 * The figures in `text` that no tool result of the turn backs. Prices, discounts and stock
 * (`money`, `percent`, `quantity`) must appear in a tool result; a plain number may also be one
 * the customer wrote ("rodado 29"). Pure: no tool is called again.
 *
 *   ungroundedFigures('Sale $ 45.000,00', [{ tool: 'searchProducts', result: [{ …, price: '$ 45.000,00' }] }]) → []
 *   ungroundedFigures('Sale $ 1', [same])                                                                   → [{ raw: '1', kind: 'money', … }]
 */
export const ungroundedFigures = (text: string, results: readonly AssistantToolResult[], question = ''): StatedFigure[] => {
  const fromTools = numbersIn(
    results.map((entry) => entry.result),
    new Set<number>(),
  );
  const fromQuestion = numbersIn(question, new Set<number>());
  return statedFigures(text).filter((figure) => {
    if (figure.values.some((value) => fromTools.has(value))) return false;
    return !(figure.kind === 'plain' && figure.values.some((value) => fromQuestion.has(value)));
  });
};

/** The ids of every product a tool returned in the turn, in the order they were returned. */
export const productIdsIn = (results: readonly AssistantToolResult[]): string[] => {
  const ids: string[] = [];
  const add = (id: unknown): void => {
    if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
  };
  for (const entry of results) {
    switch (entry.tool) {
      case 'searchProducts':
      case 'offers':
        for (const item of entry.result) add(item.id);
        break;
      case 'productDetail':
      case 'stock':
        add(entry.result?.id);
        break;
      default:
        break;
    }
  }
  return ids;
};

export interface GroundedAnswer {
  readonly answer: AssistantAnswer;
  /** True when the model's text was replaced by the templated answer. */
  readonly replaced: boolean;
  /** What was not backed by the tools (empty when the text was kept). */
  readonly ungrounded: readonly StatedFigure[];
}

/**
 * Checks a model's answer against the tool results of its turn: suggestions that no tool returned
 * are dropped, and a text stating any figure no tool result backs is replaced by
 * `templatedAnswer`, built only from the data. An empty text is replaced too.
 */
export const groundAnswer = (
  answer: AssistantAnswer,
  results: readonly AssistantToolResult[],
  locale: Locale,
  question = '',
): GroundedAnswer => {
  const known = productIdsIn(results);
  const suggested = [...new Set(answer.suggestedProductIds)].filter((id) => known.includes(id));
  const ungrounded = ungroundedFigures(answer.text, results, question);
  if (ungrounded.length === 0 && answer.text.trim() !== '')
    return { answer: { text: answer.text.trim(), suggestedProductIds: suggested }, replaced: false, ungrounded };
  return { answer: templatedAnswer(locale, results), replaced: true, ungrounded };
};
