import {
  type Assistant,
  type AssistantAnswer,
  type AssistantContext,
  type AssistantToolResult,
  type AssistantTools,
  catalogFor,
  detectAssistantIntent,
  type Locale,
  type ShopInformation,
  templatedAnswer,
} from '@mostrador/core';

/** How the local assistant opens an answer, by intent (no figures: only words). */
const intro = (locale: Locale, kind: 'price' | 'stock' | 'orders' | 'search' | 'offers'): string => {
  const t = catalogFor(locale).assistant;
  return { price: t.pricesIntro, stock: t.stockIntro, orders: t.ordersIntro, search: t.searchIntro, offers: t.offersIntro }[kind];
};

/** Said when the shop did not configure what was asked (never a guess). */
const unknown = (locale: Locale, kind: 'shipping' | 'hours' | 'payment'): string => {
  const t = catalogFor(locale).assistant;
  return { shipping: t.unknownShipping, hours: t.unknownHours, payment: t.unknownPayment }[kind];
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
        if (!configured) return { text: unknown(locale, intent.kind), suggestedProductIds: [] };
        const [, ...lines] = answer.text.split('\n');
        return { text: lines.join('\n'), suggestedProductIds: [] };
      }
      case 'orders':
        await run('myOrders', (t) => t.myOrders());
        return withIntro(intro(locale, 'orders'), templatedAnswer(locale, results));
      case 'offers': {
        await run('offers', (t) => t.offers());
        const offers = results[0];
        if (offers?.tool === 'offers' && offers.result.length === 0)
          return { text: catalogFor(locale).assistant.noOffers, suggestedProductIds: [] };
        return withIntro(intro(locale, 'offers'), templatedAnswer(locale, results));
      }
      case 'price':
      case 'stock':
      case 'search': {
        if (intent.query !== '') await run('searchProducts', (t) => t.searchProducts(intent.query));
        return withIntro(intro(locale, intent.kind), templatedAnswer(locale, results));
      }
    }
  }
}
