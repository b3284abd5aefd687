import { discountPerUnit } from '../catalog/pricing.js';
import type { Product } from '../catalog/product.js';
import type { TaxProfile } from '../customers/tax-profile.js';
import { type Currency, type Money, multiply, subtract, sum } from '../money/money.js';
import { type OrderEvent, orderPlaced } from '../notifications/events.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { ChannelName } from '../shared/types.js';
import type { CartLine } from './cart.js';
import type { ContactDetails, DeliveryDetails, Order, OrderLine } from './order.js';

/** The most units of one product a single line may ask for. */
export const MAX_LINE_QUANTITY = 999;

/** Throws `ORDER.QUANTITY_INVALID` unless `quantity` is an integer from 1 to 999. */
export const assertLineQuantity = (quantity: number, productId?: string): void => {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new ValidationError('ORDER.QUANTITY_INVALID', `quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}, got ${quantity}`, {
      quantity,
      max: MAX_LINE_QUANTITY,
      ...(productId === undefined ? {} : { productId }),
    });
  }
};

/** Throws `PRODUCT.INACTIVE` for a product that is not for sale. */
export const assertSellable = (product: Product): void => {
  if (!product.active) {
    throw new ConflictError('PRODUCT.INACTIVE', `${product.name} is not for sale`, { productId: product.id, sku: product.sku });
  }
};

/**
 * Snapshots what one product costs at `at`: list price, the per-unit discount active then, the
 * VAT rate, and `(unitPrice − unitDiscount) × quantity`. Rounding happened once, in the discount.
 */
export const buildOrderLine = (product: Product, quantity: number, at: Date): OrderLine => {
  assertLineQuantity(quantity, product.id);
  assertSellable(product);
  const unitDiscount = discountPerUnit(product.price, product.discount, at);
  return {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    translatedNames: Object.fromEntries(
      Object.entries(product.translations).flatMap(([locale, text]) => (text?.name ? [[locale, text.name]] : [])),
    ),
    quantity,
    unitPrice: product.price,
    unitDiscount,
    vatRate: product.vatRate,
    total: multiply(subtract(product.price, unitDiscount), quantity),
  };
};

/**
 * Order lines for cart lines, in cart order. Lines for the same product are merged; a missing
 * product is `PRODUCT.NOT_FOUND`, an inactive one `PRODUCT.INACTIVE`.
 */
export const buildOrderLines = (cartLines: readonly CartLine[], products: readonly Product[], at: Date): OrderLine[] => {
  const byId = new Map(products.map((product) => [product.id, product]));
  const quantities = new Map<string, number>();
  for (const line of cartLines) {
    assertLineQuantity(line.quantity, line.productId);
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  }
  return [...quantities].map(([productId, quantity]) => {
    const product = byId.get(productId);
    if (!product) throw new NotFoundError('product', productId);
    return buildOrderLine(product, quantity, at);
  });
};

export const orderTotal = (lines: readonly Pick<OrderLine, 'total'>[], currency: Currency = lines[0]?.total.currency ?? 'ARS'): Money =>
  sum(
    lines.map((line) => line.total),
    currency,
  );

/** Throws `ORDER.CONTACT_INVALID` / `ORDER.ADDRESS_REQUIRED`; returns trimmed details. */
export const validateOrderDetails = (
  contact: ContactDetails,
  delivery: DeliveryDetails,
): { contact: ContactDetails; delivery: DeliveryDetails } => {
  const name = contact.name.trim();
  const phone = contact.phone.trim();
  if (name === '' || phone === '') {
    throw new ValidationError('ORDER.CONTACT_INVALID', 'a contact name and phone are required', { field: name === '' ? 'name' : 'phone' });
  }
  const address = delivery.address?.trim() ?? '';
  if (delivery.method === 'shipping' && address === '') {
    throw new ValidationError('ORDER.ADDRESS_REQUIRED', 'shipping needs a delivery address');
  }
  return { contact: { name, phone }, delivery: { method: delivery.method, address: address === '' ? null : address } };
};

export interface NewOrderInput {
  readonly id: string;
  readonly number: number;
  readonly customerId: string;
  readonly channel: ChannelName;
  readonly lines: readonly OrderLine[];
  readonly contact: ContactDetails;
  readonly delivery: DeliveryDetails;
  readonly billing: TaxProfile | null;
  readonly at: Date;
  /** How long the reservation holds (ShopSettings.reservationMinutes). */
  readonly reservationMinutes: number;
}

/** A freshly placed order (version 1, one history entry) and its `order.placed` event. Stock is reserved by the caller. */
export const newPlacedOrder = (input: NewOrderInput): { order: Order; event: OrderEvent } => {
  if (input.lines.length === 0) throw new ValidationError('CART.EMPTY', 'an order needs at least one line');
  const order: Order = {
    id: input.id,
    number: input.number,
    customerId: input.customerId,
    channel: input.channel,
    status: 'placed',
    lines: input.lines,
    total: orderTotal(input.lines),
    contact: input.contact,
    delivery: input.delivery,
    billing: input.billing,
    reservationExpiresAt: new Date(input.at.getTime() + input.reservationMinutes * 60_000),
    history: [{ from: null, to: 'placed', at: input.at, by: 'customer', note: null }],
    createdAt: input.at,
    updatedAt: input.at,
    version: 1,
  };
  return { order, event: orderPlaced(order, input.at) };
};
