import {
  type Assistant,
  type AssistantAnswer,
  type AssistantContext,
  type AssistantIntentKind,
  type AssistantToolResult,
  type AssistantTools,
  detectAssistantIntent,
  type Locale,
  type ShopInformation,
  templatedAnswer,
} from '@mostrador/core';

/** How the local assistant opens an answer, by intent; no figures here, only words. */
const INTROS: Record<Locale, Record<AssistantIntentKind, string>> = {
  es: {
    price: 'Estos son los precios de hoy:',
    stock: 'Esto es lo que hay disponible ahora:',
    offers: 'Estas son las ofertas de hoy:',
    shipping: '',
    hours: '',
    payment: '',
    orders: 'Tus pedidos:',
    search: 'Esto encontré en el catálogo:',
  },
  en: {
    price: "Today's prices:",
    stock: 'This is what is available now:',
    offers: "Today's offers:",
    shipping: '',
    hours: '',
    payment: '',
    orders: 'Your orders:',
    search: 'This is what I found in the catalog:',
  },
};

/** Said when the shop did not configure what was asked (never a guess). */
const UNKNOWN: Record<Locale, Record<'shipping' | 'hours' | 'payment', string>> = {
  es: {
    shipping: 'No tengo cargada la información de envíos. Escribinos y te contamos.',
    hours: 'No tengo cargados los horarios de atención. Escribinos y te contamos.',
    payment: 'No tengo cargados los medios de pago. Escribinos y te contamos.',
  },
  en: {
    shipping: 'I do not have the shipping information on file. Write to us and we will tell you.',
    hours: 'I do not have the opening hours on file. Write to us and we will tell you.',
    payment: 'I do not have the payment methods on file. Write to us and we will tell you.',
  },
};

const NO_OFFERS: Record<Locale, string> = {
  es: 'Hoy no hay ofertas cargadas. Mirá el catálogo: ahí están todos los productos con su precio.',
  en: 'There are no offers today. Browse the catalog: every product is there with its price.',
};

/** The templated lines without the templated header, under the intent's own intro. */
const withIntro = (intro: string, answer: AssistantAnswer): AssistantAnswer => {
  const [, ...lines] = answer.text.split('\n');
  if (lines.length === 0 || intro === '') return answer;
  return { text: [intro, ...lines].join('\n'), suggestedProductIds: answer.suggestedProductIds };
};

/** Only the field asked for, so the answer is about what was asked. */
const onlyAsked = (info: ShopInformation, kind: 'shipping' | 'hours' | 'payment'): ShopInformation => ({
  name: info.name,
  hours: kind === 'hours' ? info.hours : null,
  shipping: kind === 'shipping' ? info.shipping : null,
  paymentMethods: kind === 'payment' ? info.paymentMethods : null,
});

/**
 * The assistant that needs no AI service (the default when none is configured, and the fallback
 * when the configured one fails): core's `detectAssistantIntent` reads what the question asks
 * (price, stock, offers, shipping, hours, payment methods, the customer's own orders) and the
 * answer is built only from what the read-only tools return in this turn (core's
 * `templatedAnswer` lines), so every figure comes from the database. A question that names no
 * intent is answered with the catalog search's products; when the search finds nothing the answer
 * suggests nothing, and the engine shows its search results ("no encontré") instead. It has no
 * memory, no limits to enforce (nothing is spent) and never throws `ASSISTANT.UNAVAILABLE`.
 */
export class LocalAssistant implements Assistant {
  async answer(question: string, context: AssistantContext): Promise<AssistantAnswer> {
    const { locale, tools } = context;
    const intent = detectAssistantIntent(question);
    const results: AssistantToolResult[] = [];
    const run = async <K extends AssistantToolResult['tool']>(
      tool: K,
      call: (tools: AssistantTools) => Promise<Extract<AssistantToolResult, { tool: K }>['result']>,
    ): Promise<void> => {
      results.push({ tool, result: await call(tools) } as AssistantToolResult);
    };
    switch (intent.kind) {
      case 'shipping':
      case 'hours':
      case 'payment': {
        const info = await tools.shopInfo();
        results.push({ tool: 'shopInfo', result: info });
        const asked = onlyAsked(info, intent.kind);
        const answer = templatedAnswer(locale, [{ tool: 'shopInfo', result: asked }]);
        const configured = intent.kind === 'payment' ? asked.paymentMethods : asked[intent.kind];
        if (!configured) return { text: UNKNOWN[locale][intent.kind], suggestedProductIds: [] };
        const [, ...lines] = answer.text.split('\n');
        return { text: lines.join('\n'), suggestedProductIds: [] };
      }
      case 'orders':
        await run('myOrders', (t) => t.myOrders());
        return withIntro(INTROS[locale].orders, templatedAnswer(locale, results));
      case 'offers': {
        await run('offers', (t) => t.offers());
        const offers = results[0];
        if (offers?.tool === 'offers' && offers.result.length === 0) return { text: NO_OFFERS[locale], suggestedProductIds: [] };
        return withIntro(INTROS[locale].offers, templatedAnswer(locale, results));
      }
      case 'price':
      case 'stock':
      case 'search': {
        if (intent.query !== '') await run('searchProducts', (t) => t.searchProducts(intent.query));
        return withIntro(INTROS[locale][intent.kind], templatedAnswer(locale, results));
      }
    }
  }
}
