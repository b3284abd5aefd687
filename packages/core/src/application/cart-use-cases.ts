import { availableStock, type Product } from '../catalog/product.js';
import { multiply, sum } from '../money/money.js';
import type { Cart, CartLine } from '../ordering/cart.js';
import { assertLineQuantity, assertSellable } from '../ordering/place-order.js';
import type { Repositories } from '../ports/repositories.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import type { ChannelName } from '../shared/types.js';
import type { UseCaseDependencies } from './dependencies.js';
import { toProductView } from './product-view.js';
import type { CartLineView, CartUseCases, CartView } from './use-cases.js';

/**
 * Carts hold product ids and quantities only; prices and availability are read each time the
 * cart is shown. Availability is checked when adding, but only reserved when the order is placed.
 */
export const createCartUseCases = ({ uow, clock, ids }: UseCaseDependencies): CartUseCases => {
  const buildView = async (repositories: Repositories, customerId: string, channel: ChannelName, cart: Cart | null): Promise<CartView> => {
    const at = clock.now();
    const lines = cart?.lines ?? [];
    const products = new Map(
      (await repositories.products.getMany(lines.map((line) => line.productId))).map((product) => [product.id, product]),
    );
    const views: CartLineView[] = [];
    for (const line of lines) {
      const product = products.get(line.productId);
      // A product deleted from the catalog silently leaves the cart view; placing the order reports it.
      if (!product) continue;
      const view = toProductView(product, at);
      views.push({
        product: view,
        quantity: line.quantity,
        lineTotal: multiply(view.effectivePrice, line.quantity),
        shortBy: Math.max(0, line.quantity - view.available),
      });
    }
    const currency = views[0]?.lineTotal.currency ?? 'ARS';
    return {
      customerId,
      channel,
      lines: views,
      total: sum(
        views.map((line) => line.lineTotal),
        currency,
      ),
      itemCount: views.reduce((count, line) => count + line.quantity, 0),
    };
  };

  const requireSellable = async (repositories: Repositories, productId: string): Promise<Product> => {
    const product = await repositories.products.get(productId);
    if (!product) throw new NotFoundError('product', productId);
    assertSellable(product);
    return product;
  };

  const ensureAvailable = (product: Product, requested: number): void => {
    const available = availableStock(product);
    if (requested > available) {
      throw new ConflictError('STOCK.INSUFFICIENT', `only ${available} of ${product.name} available`, {
        productId: product.id,
        name: product.name,
        requested,
        available,
      });
    }
  };

  /** Reads (or starts) the cart, lets `change` compute the new lines, stores them and returns the view. */
  const updateLines = (
    customerId: string,
    channel: ChannelName,
    change: (lines: readonly CartLine[], repositories: Repositories) => Promise<readonly CartLine[]>,
  ): Promise<CartView> =>
    uow.transaction(async (repositories) => {
      if (!(await repositories.customers.get(customerId))) throw new NotFoundError('customer', customerId);
      const current = await repositories.carts.get(customerId, channel);
      const lines = await change(current?.lines ?? [], repositories);
      const cart: Cart = { id: current?.id ?? ids.next(), customerId, channel, lines, updatedAt: clock.now() };
      await repositories.carts.save(cart);
      return buildView(repositories, customerId, channel, cart);
    });

  const setLine = (lines: readonly CartLine[], productId: string, quantity: number): CartLine[] => {
    const others = lines.filter((line) => line.productId !== productId);
    if (quantity === 0) return others;
    return lines.some((line) => line.productId === productId)
      ? lines.map((line) => (line.productId === productId ? { productId, quantity } : line))
      : [...others, { productId, quantity }];
  };

  return {
    async view(customerId, channel) {
      const repositories = uow.repositories;
      return buildView(repositories, customerId, channel, await repositories.carts.get(customerId, channel));
    },

    async add(customerId, channel, productId, quantity) {
      assertLineQuantity(quantity, productId);
      return updateLines(customerId, channel, async (lines, repositories) => {
        const product = await requireSellable(repositories, productId);
        const total = (lines.find((line) => line.productId === productId)?.quantity ?? 0) + quantity;
        assertLineQuantity(total, productId);
        ensureAvailable(product, total);
        return setLine(lines, productId, total);
      });
    },

    async setQuantity(customerId, channel, productId, quantity) {
      if (quantity !== 0) assertLineQuantity(quantity, productId);
      return updateLines(customerId, channel, async (lines, repositories) => {
        if (quantity > 0) ensureAvailable(await requireSellable(repositories, productId), quantity);
        return setLine(lines, productId, quantity);
      });
    },

    remove(customerId, channel, productId) {
      return updateLines(customerId, channel, async (lines) => setLine(lines, productId, 0));
    },

    async empty(customerId, channel) {
      await uow.transaction(async (repositories) => {
        const cart = await repositories.carts.get(customerId, channel);
        if (cart) await repositories.carts.delete(cart.id);
      });
      return buildView(uow.repositories, customerId, channel, null);
    },
  };
};
