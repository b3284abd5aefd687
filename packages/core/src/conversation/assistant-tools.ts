import type { ShopSettings } from '../application/settings.js';
import type { UseCases } from '../application/use-cases.js';
import type { Customer } from '../customers/customer.js';
import { formatMoney } from '../money/money.js';
import type { AssistantTools } from '../ports/services.js';
import type { Locale } from '../shared/types.js';
import { catalogFor } from './i18n/catalogs.js';
import { customerActor, productDescription, productName } from './screens/context.js';

/** The rounded percentage `price` is below `was` (0 when it is not). */
const discountPercent = (price: number, was: number): number => (was > 0 && price < was ? Math.round(((was - price) * 100) / was) : 0);

/**
 * The read-only tools the assistant may call, bound to the customer asking: catalog search and
 * detail of active products, stock, current offers, this customer's own orders and the shop's
 * information (from `settings.information`, its English texts for English answers). Nothing changes state.
 */
export const assistantToolsFor = (useCases: UseCases, customer: Customer, locale: Locale, settings?: ShopSettings): AssistantTools => ({
  async searchProducts(text) {
    const page = await useCases.catalog.search({ text, locale }, { offset: 0, limit: 8 });
    return page.items.map((item) => ({
      id: item.product.id,
      name: productName(item.product, locale),
      price: formatMoney(item.effectivePrice, locale),
      available: item.available,
    }));
  },
  async productDetail(id) {
    const item = await useCases.catalog.getProduct(id);
    if (!item?.product.active) return null;
    return {
      id: item.product.id,
      sku: item.product.sku,
      name: productName(item.product, locale),
      description: productDescription(item.product, locale),
      price: formatMoney(item.effectivePrice, locale),
      listPrice: formatMoney(item.product.price, locale),
      onOffer: item.onOffer,
      available: item.available,
      attributes: item.product.attributes,
    };
  },
  async offers() {
    const page = await useCases.catalog.offers({ offset: 0, limit: 10 });
    return page.items.map((item) => ({
      id: item.product.id,
      name: productName(item.product, locale),
      price: formatMoney(item.effectivePrice, locale),
      was: formatMoney(item.product.price, locale),
      discountPercent: discountPercent(item.effectivePrice.amount, item.product.price.amount),
    }));
  },
  async stock(productId) {
    const item = await useCases.catalog.getProduct(productId);
    if (!item?.product.active) return null;
    return { id: item.product.id, name: productName(item.product, locale), available: item.available };
  },
  async shopInfo() {
    const information = settings?.information;
    // English answers use the English texts when the shop wrote them, else the main ones.
    const translated = locale === 'en' ? information?.en : undefined;
    return {
      name: settings?.shopName ?? '',
      hours: translated?.hours ?? information?.hours ?? null,
      shipping: translated?.shipping ?? information?.shipping ?? null,
      paymentMethods: translated?.paymentMethods ?? information?.paymentMethods ?? null,
    };
  },
  async myOrders() {
    const page = await useCases.orders.list(customerActor(customer), { customerId: customer.id }, { offset: 0, limit: 10 });
    return page.items.map((order) => ({
      number: order.number,
      status: catalogFor(locale).orders.statusNames[order.status],
      total: formatMoney(order.total, locale),
    }));
  },
});
