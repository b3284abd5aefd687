import {
  type Assistant,
  type AssistantAnswer,
  type AssistantContext,
  type AssistantToolResult,
  AssistantUnavailableError,
  type Clock,
  groundAnswer,
  type Locale,
  type Logger,
  templatedAnswer,
} from '@mostrador/core';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { ChatMemory, type ChatMemoryOptions, DEFAULT_CHAT_MEMORY } from './chat-memory.js';
import { type CustomerLimitOptions, CustomerLimits, DEFAULT_CUSTOMER_LIMITS } from './customer-limits.js';
import { unavailableFrom } from './provider-errors.js';
import { repeatsInstructions, systemPrompt } from './system-prompt.js';
import { runToolCall, TOOL_DEFINITIONS } from './tool-definitions.js';

export interface OpenAiAssistantOptions {
  /** The model name (configuration, never code): `OPENAI_MODEL`. */
  readonly model: string;
  /** The shop's name, for the instructions. */
  readonly shopName: string;
  /** The whole turn (every round trip) must end within this. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Rounds of tool calls before the model must answer. Default 3. */
  readonly maxToolRounds?: number;
  /** Tool calls run per round; more are answered with an error. Default 4. */
  readonly maxToolCallsPerRound?: number;
  /** Longest question sent (characters); the rest is cut. Default 800. */
  readonly maxQuestionChars?: number;
  /** `max_tokens` of each completion. Default 400. */
  readonly maxAnswerTokens?: number;
  readonly limits?: Partial<CustomerLimitOptions>;
  readonly memory?: Partial<ChatMemoryOptions>;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/** A product id as the tools return them; anything else is never put in front of the model. */
const PRODUCT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Products a tool returned whose name the answer mentions, in the order they were returned. */
const mentionedProducts = (text: string, results: readonly AssistantToolResult[]): string[] => {
  const said = fold(text);
  const ids: string[] = [];
  const consider = (id: unknown, name: unknown): void => {
    if (typeof id === 'string' && typeof name === 'string' && name.trim() !== '' && said.includes(fold(name)) && !ids.includes(id))
      ids.push(id);
  };
  for (const entry of results) {
    if (entry.tool === 'searchProducts' || entry.tool === 'offers') for (const item of entry.result) consider(item.id, item.name);
    if (entry.tool === 'productDetail' || entry.tool === 'stock') consider(entry.result?.id, entry.result?.name);
  }
  return ids;
};

/**
 * The assistant on any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio, llama.cpp) via
 * Chat Completions with read-only tools. Guardrails, in order: the customer's rate limit and
 * token budget (before anything is sent); the question cut to `maxQuestionChars` and sent only
 * as a user message; tool arguments validated before a tool runs; a whole-turn timeout; then the
 * answer is grounded (core's `groundAnswer`: a figure no tool result of the turn backs replaces
 * the text by the templated answer) and checked for repeating the instructions. Failures are
 * `AssistantUnavailableError` (see core's `Assistant`): the engine falls back.
 */
export class OpenAiAssistant implements Assistant {
  private readonly clock: Clock;
  private readonly limits: CustomerLimits;
  private readonly memory: ChatMemory;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: OpenAI,
    private readonly options: OpenAiAssistantOptions,
  ) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.limits = new CustomerLimits({ ...DEFAULT_CUSTOMER_LIMITS, ...options.limits }, this.clock);
    this.memory = new ChatMemory({ ...DEFAULT_CHAT_MEMORY, ...options.memory }, this.clock);
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Tokens this customer used today (for tests and metrics). */
  tokensSpent(customerId: string): number {
    return this.limits.spent(customerId);
  }

  async answer(question: string, context: AssistantContext): Promise<AssistantAnswer> {
    const customerKey = context.customerId ?? context.chatId ?? 'anonymous';
    const chatKey = context.chatId ?? customerKey;
    this.limits.admit(customerKey);
    const asked = question.trim().slice(0, this.options.maxQuestionChars ?? 800);
    const instructions = systemPrompt(this.options.shopName, context.locale);
    const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: instructions }];
    for (const turn of this.memory.recall(chatKey))
      messages.push({ role: 'user', content: turn.question }, { role: 'assistant', content: turn.answer });
    const focus = context.focusProductId;
    if (focus && PRODUCT_ID.test(focus))
      messages.push({
        role: 'system',
        content: `The customer is looking at the product with id "${focus}": a question that names no product is about it (look it up with product_detail).`,
      });
    else {
      const listed = (context.focusProductIds ?? []).filter((id) => PRODUCT_ID.test(id)).slice(0, 6);
      if (listed.length > 1)
        messages.push({
          role: 'system',
          content: `The customer was just shown the products with ids ${listed.map((id) => `"${id}"`).join(', ')}: a price or stock question that names no product is about them (look each up with product_detail).`,
        });
    }
    messages.push({ role: 'user', content: asked });

    const { text, results } = await this.converse(messages, context, customerKey);
    const answer = this.checked(text, results, context.locale, asked, instructions);
    this.memory.remember(chatKey, { question: asked, answer: answer.text });
    return answer;
  }

  /** The round trips of one turn: tool calls until the model answers (or must). */
  private async converse(messages: ChatCompletionMessageParam[], context: AssistantContext, customerKey: string) {
    const results: AssistantToolResult[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const maxRounds = this.options.maxToolRounds ?? 3;
    const maxCalls = this.options.maxToolCallsPerRound ?? 4;
    try {
      for (let round = 0; ; round++) {
        const mustAnswer = round >= maxRounds;
        const completion = await this.client.chat.completions.create(
          {
            model: this.options.model,
            messages,
            tools: [...TOOL_DEFINITIONS],
            tool_choice: mustAnswer ? 'none' : 'auto',
            max_tokens: this.options.maxAnswerTokens ?? 400,
            temperature: 0.2,
          },
          { signal: controller.signal, timeout: this.timeoutMs, maxRetries: 0 },
        );
        this.limits.spend(customerKey, completion.usage?.total_tokens ?? 0);
        const message = completion.choices[0]?.message;
        if (!message) throw new AssistantUnavailableError('provider-error', 'the AI provider answered without a choice');
        const calls = (message.tool_calls ?? []).filter(
          (call): call is Extract<ChatCompletionMessageToolCall, { type: 'function' }> => call.type === 'function',
        );
        if (calls.length === 0 || mustAnswer) return { text: message.content ?? '', results };
        messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
        for (const [index, call] of calls.entries()) {
          const outcome =
            index < maxCalls
              ? await runToolCall(context.tools, call.function.name, call.function.arguments)
              : ({ ok: false, content: JSON.stringify({ error: `at most ${maxCalls} tool calls per round` }) } as const);
          if (outcome.ok) results.push(outcome.result);
          messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.content });
        }
      }
    } catch (error) {
      const unavailable = unavailableFrom(error, controller.signal.aborted, this.timeoutMs);
      if (unavailable) {
        this.options.logger?.warn('assistant provider unavailable', { reason: unavailable.reason, ...unavailable.details });
        throw unavailable;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Grounding, then the instructions check; either failing gives the templated answer. */
  private checked(
    text: string,
    results: readonly AssistantToolResult[],
    locale: Locale,
    question: string,
    instructions: string,
  ): AssistantAnswer {
    const grounded = groundAnswer({ text, suggestedProductIds: mentionedProducts(text, results) }, results, locale, question);
    if (grounded.replaced) {
      this.options.logger?.warn('assistant answer replaced: figures not backed by tool results', {
        ungrounded: grounded.ungrounded.length,
      });
      return grounded.answer;
    }
    if (repeatsInstructions(grounded.answer.text, instructions)) {
      this.options.logger?.warn('assistant answer replaced: it repeated its instructions', {});
      return templatedAnswer(locale, results);
    }
    return grounded.answer;
  }
}
