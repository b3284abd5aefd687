/**
 * The smallest complete Mostrador program: core's use cases composed with testkit's in-memory
 * adapters. It seeds two products, lets a customer fill a cart, places the order (reserving
 * stock), pays it (committing stock) and prints each step.
 *
 *   pnpm --filter @mostrador/example-place-order start
 */
import { pathToFileURL } from 'node:url';
import { createUseCases, DEFAULT_SHOP_SETTINGS, formatMoney, money, type Order, type Product, type ProviderPayment } from '@mostrador/core';
import {
  createInMemoryPersistence,
  FakePasswordHasher,
  FakeSecretTokens,
  FixedClock,
  SequentialIdGenerator,
} from '@mostrador/testkit/memory';

export interface PlaceOrderOutcome {
  readonly order: Order;
  readonly products: readonly Product[];
  readonly lines: readonly string[];
}

export async function main(print: (line: string) => void = console.log): Promise<PlaceOrderOutcome> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    print(line);
  };
  const price = (amount: Parameters<typeof formatMoney>[0]): string => formatMoney(amount, 'en');

  // 1. Compose: every port gets an in-memory or fake adapter. A real app binds PostgreSQL,
  //    a real clock and a scrypt hasher instead; the use cases do not change.
  const clock = new FixedClock('2025-03-10T12:00:00.000Z');
  const { uow, search } = createInMemoryPersistence({ clock });
  const useCases = createUseCases({
    uow,
    search,
    clock,
    ids: new SequentialIdGenerator(),
    passwords: new FakePasswordHasher(),
    secrets: new FakeSecretTokens(),
    settings: { ...DEFAULT_SHOP_SETTINGS, shopName: 'Ferretería Demo' },
  });
  const owner = { kind: 'system' } as const;

  // 2. Seed the catalog.
  const drill = await useCases.catalog.createProduct(owner, {
    sku: 'TAL-650',
    name: 'Taladro percutor 650W',
    price: money(85_000_00),
    vatRate: 2100,
    stockOnHand: 5,
    translations: { en: { name: 'Hammer drill 650W' } },
  });
  const screws = await useCases.catalog.createProduct(owner, {
    sku: 'TOR-100',
    name: 'Tornillos x100',
    price: money(2_000_00),
    vatRate: 2100,
    stockOnHand: 40,
    discount: { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: null },
  });
  say(
    `Seeded ${drill.name} (${price(drill.price)}, ${drill.stockOnHand} in stock) and ${screws.name} (${price(screws.price)}, 10% off, ${screws.stockOnHand} in stock).`,
  );

  // 3. A customer writes to the bot for the first time and fills a cart.
  const customer = await useCases.customers.identify({ channel: 'telegram', userId: '1001' }, { displayName: 'Ana Pérez', language: 'en' });
  say(`Customer ${customer.name} arrived on telegram.`);
  const found = await useCases.catalog.search({ text: 'drill', locale: 'en' }, { offset: 0, limit: 1 });
  say(`Searching "drill" finds: ${found.items.map((view) => view.product.name).join(', ')}.`);
  await useCases.cart.add(customer.id, 'telegram', drill.id, 1);
  const cart = await useCases.cart.add(customer.id, 'telegram', screws.id, 2);
  say(`Cart: ${cart.itemCount} items, total ${price(cart.total)}.`);

  // 4. Place the order: stock is reserved atomically and the cart is emptied.
  const placed = await useCases.orders.place({
    customerId: customer.id,
    channel: 'telegram',
    contact: { name: customer.name, phone: '+54 9 11 5555-0000' },
    delivery: { method: 'pickup', address: null },
    billing: null,
  });
  const reserved = await uow.repositories.products.get(drill.id);
  say(
    `Order #${placed.number} placed for ${price(placed.total)}; ${reserved?.reserved} drill reserved until ${placed.reservationExpiresAt.toISOString()}.`,
  );

  // 5. The payment provider reports an approved payment (in a real app: a verified webhook,
  //    re-read from Mercado Pago). Paying commits the reserved stock.
  clock.advance({ minutes: 3 });
  const payment: ProviderPayment = {
    providerPaymentId: 'mp-0001',
    orderId: placed.id,
    status: 'approved',
    statusDetail: 'accredited',
    amount: placed.total,
    refundedAmount: money(0),
  };
  const outcome = await useCases.orders.applyPayment('mercadopago', payment, 'webhook-event-1');
  if (outcome.status !== 'order-paid') throw new Error(`expected the order to be paid, got ${outcome.status}`);
  const products = await uow.repositories.products.getMany([drill.id, screws.id]);
  say(`Payment approved: order #${outcome.order.number} is ${outcome.order.status}.`);
  for (const product of products) say(`  ${product.name}: ${product.stockOnHand} on hand, ${product.reserved} reserved.`);

  // 6. The events a dispatcher would now hand to the job queue (notifications, invoicing).
  const events = await uow.repositories.outbox.pending(10);
  say(`Outbox: ${events.map((record) => record.event.type).join(', ')}.`);

  return { order: outcome.order, products, lines };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
