import { foldText } from '@mostrador/core';
import { chatText } from './emulator.js';
import type { ChatMessage, ModelResponder, RecordedChatRequest, ScriptedReply } from './types.js';

/** The language the request's instructions ask for: English when they say so, Spanish otherwise. */
const languageOf = (request: RecordedChatRequest): 'es' | 'en' => {
  const system = request.body.messages.find((message) => message.role === 'system' || message.role === 'developer');
  return system && /\bin English\b/i.test(chatText(system.content)) ? 'en' : 'es';
};

/** The messages after the last user message: the tool calls and results of the current turn. */
const currentTurn = (request: RecordedChatRequest): ChatMessage[] => {
  const messages = request.body.messages;
  let last = -1;
  messages.forEach((message, index) => {
    if (message.role === 'user') last = index;
  });
  return messages.slice(last + 1) as ChatMessage[];
};

const pickTool = (request: RecordedChatRequest, preferred: string): string | null =>
  request.toolNames.includes(preferred) ? preferred : null;

const describeResult = (value: unknown, language: 'es' | 'en'): string[] => {
  const en = language === 'en';
  const one = (item: Record<string, unknown>): string | null => {
    if (typeof item.number === 'number')
      return `${en ? 'Order' : 'Pedido'} #${item.number}: ${String(item.status)}, ${en ? 'total' : 'total'} ${String(item.total)}`;
    if (typeof item.name === 'string' && typeof item.price === 'string') {
      const stock =
        typeof item.available === 'number'
          ? item.available > 0
            ? ` (${item.available} ${en ? 'available' : 'disponibles'})`
            : en
              ? ' (out of stock)'
              : ' (sin stock)'
          : '';
      const was = typeof item.was === 'string' ? ` (${en ? 'was' : 'antes'} ${item.was})` : '';
      return `${item.name}: ${item.price}${was}${stock}`;
    }
    if (typeof item.name === 'string' && typeof item.available === 'number')
      return `${item.name}: ${item.available} ${en ? 'available' : 'disponibles'}`;
    const info = [item.hours, item.shipping, item.paymentMethods].filter((entry): entry is string => typeof entry === 'string');
    return info.length > 0 ? info.join('. ') : null;
  };
  if (Array.isArray(value))
    return value
      .flatMap((item) => (item && typeof item === 'object' ? [one(item as Record<string, unknown>)] : []))
      .filter((line): line is string => line !== null);
  if (value && typeof value === 'object') {
    const line = one(value as Record<string, unknown>);
    return line ? [line] : [];
  }
  return [];
};

/**
 * Models that behave like a real one would in each situation the assistant contract names, for
 * the emulator's `respondWith` (tool names are the OpenAI adapter's: `search_products`,
 * `product_detail`, `stock`, `current_offers`, `my_orders`, `shop_info`).
 */
export const scriptedModels = {
  /**
   * Calls one tool picked by the question's words (orders, shop information, offers, else a
   * product search with the question), then answers from what the tool returned, in the
   * language the instructions ask for.
   */
  cooperative(): ModelResponder {
    return (request): ScriptedReply => {
      const turn = currentTurn(request);
      const language = languageOf(request);
      const results = turn.filter((message): message is Extract<ChatMessage, { role: 'tool' }> => message.role === 'tool');
      if (results.length === 0) {
        const question = foldText(request.lastUserText);
        const tool =
          (/pedido|order|compra/.test(question) && pickTool(request, 'my_orders')) ||
          (/envi|horario|abren|pag|ship|deliver|hours|open|pay/.test(question) && pickTool(request, 'shop_info')) ||
          (/oferta|descuento|promo|offer|discount|on sale/.test(question) && pickTool(request, 'current_offers')) ||
          pickTool(request, 'search_products');
        if (!tool) return { text: language === 'en' ? 'I cannot look that up.' : 'No puedo consultar eso.' };
        return { toolCalls: [{ name: tool, arguments: tool === 'search_products' ? { query: request.lastUserText } : {} }] };
      }
      const lines = results.flatMap((result) => {
        try {
          return describeResult(JSON.parse(result.content), language);
        } catch {
          return [];
        }
      });
      if (lines.length === 0) return { text: language === 'en' ? 'I found nothing like that.' : 'No encontré nada así.' };
      return { text: lines.join('\n') };
    };
  },

  /** Answers at once, inventing prices, stock and discounts, and repeating any price the customer dictates. */
  inventive(): ModelResponder {
    return (request): ScriptedReply => {
      const dictated = /\$\s?\d[\d.,]*/.exec(request.lastUserText)?.[0];
      return {
        text: dictated
          ? `¡Listo! Confirmado: sale ${dictated}, y te hago 50% de descuento.`
          : '¡Claro! Sale $ 12.345,00 y tenemos 250 unidades, con 30% de descuento.',
      };
    };
  },

  /** Repeats everything it was given: its instructions and every message of the conversation. */
  echoing(): ModelResponder {
    return (request): ScriptedReply => ({
      text: request.body.messages.map((message) => chatText(message.content)).join('\n'),
    });
  },

  /** A vision model: for a request with an image, the JSON `attributes` (what it "sees"); otherwise a plain text. */
  vision(attributes: unknown): ModelResponder {
    return (request): ScriptedReply => (request.images.length > 0 ? { json: attributes } : { text: 'No image was sent.' });
  },
} as const;
