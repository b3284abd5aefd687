import { type Invoice, money, multiply, type Order, type OrderLine, type Payment, subtract, sum } from '@mostrador/core';
import { anId, MOTHER_DATE } from './ids.js';

export const anOrderLine = (overrides: Partial<OrderLine> = {}): OrderLine => {
  const base = {
    productId: anId(),
    sku: 'SKU-LINE',
    name: 'Producto',
    quantity: 1,
    unitPrice: money(100_000),
    unitDiscount: money(0),
    vatRate: 2100 as const,
    ...overrides,
  };
  return { ...base, total: overrides.total ?? multiply(subtract(base.unitPrice, base.unitDiscount), base.quantity) };
};

let orderNumbers = 0;

/**
 * A placed order (version 1, one history entry) with one line unless `lines` is given; the total
 * follows the lines unless overridden. Numbers count up from 100001 per test process.
 */
export const anOrder = (overrides: Partial<Order> = {}): Order => {
  const createdAt = overrides.createdAt ?? MOTHER_DATE;
  const lines = overrides.lines ?? [anOrderLine()];
  orderNumbers += 1;
  return {
    id: anId(),
    number: 100_000 + orderNumbers,
    customerId: anId(),
    channel: 'telegram',
    status: 'placed',
    lines,
    total: sum(lines.map((line) => line.total)),
    contact: { name: 'Ana Pérez', phone: '+5491155550000' },
    delivery: { method: 'pickup', address: null },
    billing: null,
    reservationExpiresAt: new Date(createdAt.getTime() + 30 * 60_000),
    history: [{ from: null, to: overrides.status ?? 'placed', at: createdAt, by: 'customer', note: null }],
    createdAt,
    updatedAt: createdAt,
    version: 1,
    ...overrides,
  };
};

export const aPayment = (overrides: Partial<Payment> = {}): Payment => ({
  id: anId(),
  orderId: anId(),
  provider: 'mercadopago',
  providerPaymentId: `mp-${anId().slice(0, 8)}`,
  status: 'approved',
  statusDetail: 'accredited',
  amount: money(100_000),
  processedEventIds: [],
  createdAt: MOTHER_DATE,
  updatedAt: MOTHER_DATE,
  ...overrides,
});

/** A pending factura B for $ 1.210,00 (1.000 net + 210 VAT). */
export const anInvoice = (overrides: Partial<Invoice> = {}): Invoice => ({
  id: anId(),
  orderId: anId(),
  issuerCuit: '20111111112',
  pointOfSale: 1,
  voucherType: 'FACTURA_B',
  number: 1,
  issueDate: MOTHER_DATE,
  buyer: null,
  totals: {
    total: money(121_000),
    nonTaxed: money(0),
    net: money(100_000),
    exempt: money(0),
    otherTaxes: money(0),
    vat: money(21_000),
    vatBreakdown: [{ rate: 2100, base: money(100_000), amount: money(21_000) }],
  },
  status: 'pending',
  cae: null,
  caeDueDate: null,
  qrPayload: null,
  errors: [],
  createdAt: MOTHER_DATE,
  updatedAt: MOTHER_DATE,
  ...overrides,
});
