import {
  type Customer,
  type IdGenerator,
  money,
  multiply,
  type Order,
  type OrderLine,
  type OrderStatus,
  type Product,
  readAllPages,
  type StatusChange,
  subtract,
  sum,
  type UnitOfWork,
} from '@mostrador/core';

/** Set in the same transaction as the history: present exactly when all of it is. */
const HISTORY_KEY = 'demo.history-seeded';
const DAY_MS = 86_400_000;

export interface OrderHistoryReport {
  readonly seeded: boolean;
  readonly orders: number;
}

/** A small deterministic generator (mulberry32): the same history on every machine for the same `now`. */
const generator = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
};

const CUSTOMERS = [
  'Ana Pérez',
  'Bruno Díaz',
  'Carla Gómez',
  'Diego Fernández',
  'Elena Ruiz',
  'Facundo López',
  'Gabriela Sosa',
  'Hernán Castro',
];

/** What happened to an order placed `age` days ago (finished orders are old; recent ones are still moving). */
const outcome = (age: number, roll: number): OrderStatus => {
  if (roll < 0.07) return 'cancelled';
  if (roll < 0.11) return 'expired';
  if (roll < 0.13 && age > 3) return 'refunded';
  if (age <= 1) return 'paid';
  if (age <= 3) return roll < 0.6 ? 'shipped' : 'invoiced';
  return roll < 0.9 ? 'delivered' : 'shipped';
};

const PATHS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['placed'],
  paid: ['placed', 'paid'],
  invoiced: ['placed', 'paid', 'invoiced'],
  shipped: ['placed', 'paid', 'invoiced', 'shipped'],
  delivered: ['placed', 'paid', 'invoiced', 'shipped', 'delivered'],
  cancelled: ['placed', 'cancelled'],
  expired: ['placed', 'expired'],
  refunded: ['placed', 'paid', 'refunded'],
};

/**
 * A few weeks of past orders for the demo shop, so its reports have something to show: 4–14
 * orders a day (more on weekends) over the `days` before `now`, from eight demo customers, mostly
 * delivered, some cancelled, expired or refunded. They are history: written as they ended, they
 * reserve and take no stock (today's stock is the catalog's). Written once, in one transaction
 * with the flag that says so; nothing placed (unpaid) is left for the expiry job.
 */
export async function seedDemoOrderHistory(deps: {
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly now: Date;
  readonly days?: number;
}): Promise<OrderHistoryReport> {
  const { uow, ids, now } = deps;
  const days = deps.days ?? 42;
  if ((await uow.repositories.settings.get<boolean>(HISTORY_KEY)) === true) return { seeded: false, orders: 0 };
  const products = (await readAllPages((offset, limit) => uow.repositories.products.list({ activeOnly: true }, { offset, limit }))).sort(
    (a, b) => (a.sku < b.sku ? -1 : 1),
  );
  if (products.length === 0) return { seeded: false, orders: 0 };
  const random = generator(20_251_206);
  // A few favourites sell far more than the rest: a report of what sells shows a clear top.
  const favourites = products.filter((_, i) => i % 9 === 0).slice(0, 12);
  const pick = (): Product => {
    const pool = random.next() < 0.45 ? favourites : products;
    return pool[random.int(0, pool.length - 1)] as Product;
  };

  return uow.transaction(async (repositories) => {
    if ((await repositories.settings.get<boolean>(HISTORY_KEY)) === true) return { seeded: false, orders: 0 };
    const customers: Customer[] = CUSTOMERS.map((name, i) => ({
      id: ids.next(),
      name,
      identities: [{ channel: 'demo', userId: `history-${i + 1}` }],
      language: i % 4 === 3 ? 'en' : 'es',
      // Nobody to reach (no chat of theirs exists): never in an offer's audience.
      marketingConsent: false,
      phone: `+54911555${String(1000 + i).padStart(5, '0')}`,
      email: null,
      taxProfile: null,
      createdAt: new Date(now.getTime() - (days + 1) * DAY_MS),
      updatedAt: new Date(now.getTime() - (days + 1) * DAY_MS),
    }));
    for (const customer of customers) await repositories.customers.save(customer);

    let count = 0;
    const firstDay = Math.floor((now.getTime() - 3 * 3_600_000) / DAY_MS) - days; // Argentine calendar days
    for (let day = firstDay; day < firstDay + days; day += 1) {
      const weekday = new Date(day * DAY_MS).getUTCDay();
      const orders = random.int(4, 10) + (weekday === 0 || weekday === 6 ? random.int(2, 4) : 0);
      for (let n = 0; n < orders; n += 1) {
        // 9:00 to 21:00 in Argentina.
        const createdAt = new Date(day * DAY_MS + 3 * 3_600_000 + random.int(9 * 60, 21 * 60) * 60_000);
        const age = Math.floor((now.getTime() - createdAt.getTime()) / DAY_MS);
        const chosen = new Map<string, Product>();
        for (let i = random.int(1, 4); i > 0; i -= 1) {
          const product = pick();
          chosen.set(product.id, product);
        }
        const lines: OrderLine[] = [...chosen.values()].map((product) => {
          const quantity = random.int(1, 3);
          return {
            productId: product.id,
            sku: product.sku,
            name: product.name,
            ...(product.translations.en?.name ? { translatedNames: { en: product.translations.en.name } } : {}),
            quantity,
            unitPrice: product.price,
            unitDiscount: money(0),
            vatRate: product.vatRate,
            total: multiply(subtract(product.price, money(0)), quantity),
          };
        });
        const status = outcome(age, random.next());
        const path = PATHS[status];
        const history: StatusChange[] = path.map((to, i) => ({
          from: i === 0 ? null : (path[i - 1] as OrderStatus),
          to,
          at: new Date(createdAt.getTime() + i * 3 * 3_600_000),
          by: i === 0 ? 'customer' : 'system',
          note: null,
        }));
        const customer = customers[random.int(0, customers.length - 1)] as Customer;
        const order: Order = {
          id: ids.next(),
          number: await repositories.orders.nextNumber(),
          customerId: customer.id,
          channel: 'telegram',
          status,
          lines,
          total: sum(lines.map((line) => line.total)),
          contact: { name: customer.name, phone: customer.phone ?? '+5491155550000' },
          delivery: random.next() < 0.5 ? { method: 'pickup', address: null } : { method: 'shipping', address: 'Av. Rivadavia 5000, CABA' },
          billing: null,
          reservationExpiresAt: new Date(createdAt.getTime() + 30 * 60_000),
          history,
          createdAt,
          updatedAt: history.at(-1)?.at ?? createdAt,
          version: 1,
        };
        await repositories.orders.save(order);
        count += 1;
      }
    }
    await repositories.settings.set(HISTORY_KEY, true);
    return { seeded: true, orders: count };
  });
}
