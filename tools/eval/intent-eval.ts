import { detectAssistantIntent } from '../../packages/core/src/index.js';
import { ASSISTANT_QUESTIONS, FOLLOW_UP_QUESTIONS, HELD_OUT_QUESTIONS, type LabelledQuestion } from './assistant-questions.js';

export interface IntentSetResult {
  readonly questions: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly byLocale: { readonly es: number; readonly en: number };
  readonly misses: readonly { readonly text: string; readonly expected: string; readonly got: string }[];
}

export interface IntentEvalResult {
  /** Every labelled question (the main set and the held-out one). */
  readonly all: IntentSetResult;
  readonly main: IntentSetResult;
  /** Written after the detection and never used to change it. */
  readonly heldOut: IntentSetResult;
  /**
   * Follow-ups that name no product (not in `all`): right when the intent matches and no product
   * words are read (the product comes from the chat). Written before the follow-up reading, which
   * was then written with them in view: in-sample.
   */
  readonly followUps: IntentSetResult;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

const score = (questions: readonly LabelledQuestion[], noProductWords = false): IntentSetResult => {
  const misses: { text: string; expected: string; got: string }[] = [];
  const correctBy = { es: 0, en: 0 };
  const totalBy = { es: 0, en: 0 };
  for (const question of questions) {
    const read = detectAssistantIntent(question.text);
    const got = noProductWords && read.query !== '' ? `${read.kind} of "${read.query}"` : read.kind;
    totalBy[question.locale] += 1;
    if (got === question.intent) correctBy[question.locale] += 1;
    else misses.push({ text: question.text, expected: question.intent, got });
  }
  const correct = questions.length - misses.length;
  return {
    questions: questions.length,
    correct,
    accuracy: round(correct / questions.length),
    byLocale: { es: round(correctBy.es / Math.max(1, totalBy.es)), en: round(correctBy.en / Math.max(1, totalBy.en)) },
    misses,
  };
};

/** The local assistant's intent detection (core's `detectAssistantIntent`) over the labelled questions. */
export const runIntentEval = (): IntentEvalResult => ({
  all: score([...ASSISTANT_QUESTIONS, ...HELD_OUT_QUESTIONS]),
  main: score(ASSISTANT_QUESTIONS),
  heldOut: score(HELD_OUT_QUESTIONS),
  followUps: score(FOLLOW_UP_QUESTIONS, true),
});
