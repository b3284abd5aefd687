import { DOCUMENT_TYPES, IVA_CONDITIONS, ORDER_STATUSES, type Order, type SalesSummary, type TaxProfile } from '@mostrador/core';
import { z } from 'zod';
import { Text } from '../routing/request-schema.js';
import { iso, MoneySchema, Timestamp, toMoneyDto } from './common.js';

const documentTypes = Object.keys(DOCUMENT_TYPES) as [keyof typeof DOCUMENT_TYPES, ...(keyof typeof DOCUMENT_TYPES)[]];
const ivaConditions = Object.keys(IVA_CONDITIONS) as [keyof typeof IVA_CONDITIONS, ...(keyof typeof IVA_CONDITIONS)[]];

/** Buyer tax data (ARCA document type and IVA condition by name). */
export const TaxProfileSchema = z.strictObject({
  documentType: z.enum(documentTypes),
  documentNumber: z.string().regex(/^[0-9.\- ]{1,24}$/, 'digits (dots, dashes and spaces are ignored)'),
  ivaCondition: z.enum(ivaConditions),
  legalName: Text.min(1).max(200),
  address: Text.min(1).max(300),
});

export const toTaxProfileDto = (profile: TaxProfile): z.output<typeof TaxProfileSchema> => ({ ...profile });

export const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const OrderDto = z.object({
  id: z.string(),
  number: z.number().int(),
  customerId: z.string(),
  channel: z.string(),
  status: OrderStatusSchema,
  lines: z.array(
    z.object({
      productId: z.string(),
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: MoneySchema,
      unitDiscount: MoneySchema,
      vatRate: z.number().int(),
      total: MoneySchema,
    }),
  ),
  total: MoneySchema,
  contact: z.object({ name: z.string(), phone: z.string() }),
  delivery: z.object({ method: z.enum(['pickup', 'shipping']), address: z.string().nullable() }),
  billing: TaxProfileSchema.nullable(),
  reservationExpiresAt: Timestamp,
  history: z.array(
    z.object({ from: OrderStatusSchema.nullable(), to: OrderStatusSchema, at: Timestamp, by: z.string(), note: z.string().nullable() }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});

export const toOrderDto = (order: Order): z.output<typeof OrderDto> => ({
  id: order.id,
  number: order.number,
  customerId: order.customerId,
  channel: order.channel,
  status: order.status,
  lines: order.lines.map((line) => ({
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: toMoneyDto(line.unitPrice),
    unitDiscount: toMoneyDto(line.unitDiscount),
    vatRate: line.vatRate,
    total: toMoneyDto(line.total),
  })),
  total: toMoneyDto(order.total),
  contact: { ...order.contact },
  delivery: { ...order.delivery },
  billing: order.billing ? toTaxProfileDto(order.billing) : null,
  reservationExpiresAt: iso(order.reservationExpiresAt),
  history: order.history.map((change) => ({ ...change, at: iso(change.at) })),
  createdAt: iso(order.createdAt),
  updatedAt: iso(order.updatedAt),
  version: order.version,
});

export const SalesSummaryDto = z.object({
  from: Timestamp,
  to: Timestamp,
  ordersPlaced: z.number().int(),
  ordersPaid: z.number().int(),
  revenue: MoneySchema,
  byStatus: z.record(z.string(), z.number().int()),
  topProducts: z.array(z.object({ productId: z.string(), name: z.string(), quantity: z.number().int(), revenue: MoneySchema })),
});

export const toSalesSummaryDto = (summary: SalesSummary): z.output<typeof SalesSummaryDto> => ({
  from: iso(summary.from),
  to: iso(summary.to),
  ordersPlaced: summary.ordersPlaced,
  ordersPaid: summary.ordersPaid,
  revenue: toMoneyDto(summary.revenue),
  byStatus: Object.fromEntries(Object.entries(summary.byStatus).filter((entry): entry is [string, number] => entry[1] !== undefined)),
  topProducts: summary.topProducts.map((top) => ({ ...top, revenue: toMoneyDto(top.revenue) })),
});
