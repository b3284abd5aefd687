import { effectivePrice, isDiscountActive } from '../catalog/pricing.js';
import { availableStock, type Product } from '../catalog/product.js';
import type { ProductView } from './use-cases.js';

/** A product as shown at `at`: effective price, whether it is on offer, what can be bought. */
export const toProductView = (product: Product, at: Date): ProductView => ({
  product,
  effectivePrice: effectivePrice(product, at),
  onOffer: isDiscountActive(product.discount, at),
  available: product.active ? availableStock(product) : 0,
});
