import type { AssistantAnswer } from '../ports/services.js';
import type { Locale } from '../shared/types.js';
import type { AssistantToolResult } from './grounding.js';

/** The templated answer's wording; kept here (not in the bot catalogs) because only this function uses it. */
const TEXTS = {
  es: {
    header: 'Esto es lo que figura en el sistema:',
    product: (name: string, price: string, available: number | null) =>
      `• ${name}: ${price}${available === null ? '' : available > 0 ? ` (${available} disponibles)` : ' (sin stock)'}`,
    offer: (name: string, price: string, was: string) => `• ${name}: ${price} (antes ${was})`,
    stock: (name: string, available: number) => (available > 0 ? `• ${name}: ${available} disponibles` : `• ${name}: sin stock`),
    order: (number: number, status: string, total: string) => `• Pedido #${number}: ${status}, total ${total}`,
    noOrders: 'No tenés pedidos todavía.',
    hours: (text: string) => `🕘 Horarios: ${text}`,
    shipping: (text: string) => `🚚 Envíos: ${text}`,
    payment: (text: string) => `💳 Medios de pago: ${text}`,
    nothing: 'No tengo ese dato confirmado. Escribí el nombre del producto o mirá el catálogo y las ofertas.',
  },
  en: {
    header: 'This is what our system shows:',
    product: (name: string, price: string, available: number | null) =>
      `• ${name}: ${price}${available === null ? '' : available > 0 ? ` (${available} available)` : ' (out of stock)'}`,
    offer: (name: string, price: string, was: string) => `• ${name}: ${price} (was ${was})`,
    stock: (name: string, available: number) => (available > 0 ? `• ${name}: ${available} available` : `• ${name}: out of stock`),
    order: (number: number, status: string, total: string) => `• Order #${number}: ${status}, total ${total}`,
    noOrders: 'You have no orders yet.',
    hours: (text: string) => `🕘 Opening hours: ${text}`,
    shipping: (text: string) => `🚚 Shipping: ${text}`,
    payment: (text: string) => `💳 Payment methods: ${text}`,
    nothing: 'I do not have that confirmed. Type the product name, or browse the catalog and the offers.',
  },
} as const;

const MAX_PRODUCT_LINES = 6;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

/**
 * An answer built only from the tool results of a turn, for when a model's own text cannot be
 * trusted (it stated a figure no tool backs) or is empty: products with their price and stock,
 * offers with the list price, the customer's orders, the shop's information, each as the tools
 * returned them. Pure; deterministic for the same results.
 */
export const templatedAnswer = (locale: Locale, results: readonly AssistantToolResult[]): AssistantAnswer => {
  const t = TEXTS[locale];
  const lines: string[] = [];
  const shown = new Set<string>();
  const suggested: string[] = [];
  const product = (id: string, line: string): void => {
    if (shown.has(id) || shown.size >= MAX_PRODUCT_LINES) return;
    shown.add(id);
    suggested.push(id);
    lines.push(line);
  };
  for (const entry of results) {
    switch (entry.tool) {
      case 'searchProducts':
        for (const item of entry.result) product(item.id, t.product(item.name, item.price, item.available));
        break;
      case 'offers':
        for (const item of entry.result) product(item.id, t.offer(item.name, item.price, item.was));
        break;
      case 'productDetail': {
        const detail = entry.result;
        const id = text(detail?.id);
        const name = text(detail?.name);
        const price = text(detail?.price);
        if (id && name && price) product(id, t.product(name, price, count(detail?.available)));
        break;
      }
      case 'stock':
        if (entry.result) product(entry.result.id, t.stock(entry.result.name, entry.result.available));
        break;
      case 'myOrders':
        if (entry.result.length === 0) lines.push(t.noOrders);
        for (const order of entry.result) lines.push(t.order(order.number, order.status, order.total));
        break;
      case 'shopInfo': {
        const info = entry.result;
        if (info.hours) lines.push(t.hours(info.hours));
        if (info.shipping) lines.push(t.shipping(info.shipping));
        if (info.paymentMethods) lines.push(t.payment(info.paymentMethods));
        break;
      }
    }
  }
  const unique = [...new Set(lines)];
  if (unique.length === 0) return { text: t.nothing, suggestedProductIds: [] };
  return { text: [t.header, ...unique].join('\n'), suggestedProductIds: suggested };
};
