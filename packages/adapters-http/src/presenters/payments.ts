import { PAYMENT_STATUSES, type Payment } from '@mostrador/core';
import { z } from 'zod';
import { iso, MoneySchema, Timestamp, toMoneyDto } from './common.js';

export const PaymentDto = z
  .object({
    id: z.string(),
    orderId: z.string(),
    provider: z.string().describe('`mercadopago`, or `cash` / `transfer` for payments recorded by staff'),
    providerPaymentId: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    statusDetail: z.string().nullable().describe("The provider's reason, or the reference staff gave"),
    amount: MoneySchema,
    refundedAmount: MoneySchema,
    attention: z.string().nullable().describe('Why staff must look at it (an amount that does not match the order); null when fine'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .describe('A payment of an order');

export const toPaymentDto = (payment: Payment): z.output<typeof PaymentDto> => ({
  id: payment.id,
  orderId: payment.orderId,
  provider: payment.provider,
  providerPaymentId: payment.providerPaymentId,
  status: payment.status,
  statusDetail: payment.statusDetail,
  amount: toMoneyDto(payment.amount),
  refundedAmount: toMoneyDto(payment.refundedAmount ?? { amount: 0, currency: payment.amount.currency }),
  attention: payment.attention ?? null,
  createdAt: iso(payment.createdAt),
  updatedAt: iso(payment.updatedAt),
});
