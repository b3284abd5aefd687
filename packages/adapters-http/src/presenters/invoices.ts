import { formatVoucherNumber, type Invoice, VOUCHER_TYPES, voucherClassOf } from '@mostrador/core';
import { z } from 'zod';
import { isoOrNull, MoneySchema, Timestamp, toMoneyDto } from './common.js';

const ArcaMessage = z.object({ code: z.string(), message: z.string() });

/** One voucher (invoice or credit note) as ARCA numbered it. */
export const VoucherDto = z.object({
  id: z.string(),
  voucherType: z.string().describe('FACTURA_A/B/C, NOTA_CREDITO_A/B/C'),
  letter: z.enum(['A', 'B', 'C']),
  code: z.number().int().describe('ARCA CbteTipo (1 Factura A, 6 Factura B, 11 Factura C, 3/8/13 credit notes)'),
  pointOfSale: z.number().int(),
  number: z.number().int().describe('0 when the voucher was refused before it got a number'),
  formattedNumber: z.string().nullable().describe('PPPPP-NNNNNNNN'),
  issueDate: Timestamp,
  status: z.enum(['pending', 'authorized', 'rejected']),
  cae: z.string().nullable().describe('14-digit authorization code'),
  caeDueDate: Timestamp.nullable(),
  totals: z.object({
    total: MoneySchema,
    net: MoneySchema,
    vat: MoneySchema,
    exempt: MoneySchema,
    nonTaxed: MoneySchema,
    otherTaxes: MoneySchema,
    vatBreakdown: z.array(z.object({ rateBasisPoints: z.number().int(), base: MoneySchema, amount: MoneySchema })),
  }),
  qrUrl: z.string().nullable().describe('The RG 4892 QR code URL printed on the voucher'),
  errors: z.array(ArcaMessage).describe("ARCA's codes and messages of a rejection"),
});

export const OrderInvoiceDto = z.object({
  orderId: z.string(),
  invoicing: z.enum(['on', 'off']).describe('off: ARCA is not configured on this instance'),
  status: z.enum(['none', 'pending', 'authorized', 'rejected']).describe("The latest invoice's status"),
  invoice: VoucherDto.nullable().describe('The latest invoice attempt (the authorized one when there is one)'),
  creditNote: VoucherDto.nullable(),
  history: z.array(VoucherDto).describe('Every attempt, oldest first'),
});

export const toVoucherDto = (invoice: Invoice): z.output<typeof VoucherDto> => ({
  id: invoice.id,
  voucherType: invoice.voucherType,
  letter: voucherClassOf(invoice.voucherType),
  code: VOUCHER_TYPES[invoice.voucherType],
  pointOfSale: invoice.pointOfSale,
  number: invoice.number,
  formattedNumber: invoice.number > 0 ? formatVoucherNumber(invoice.pointOfSale, invoice.number) : null,
  issueDate: invoice.issueDate.toISOString(),
  status: invoice.status,
  cae: invoice.cae,
  caeDueDate: isoOrNull(invoice.caeDueDate),
  totals: {
    total: toMoneyDto(invoice.totals.total),
    net: toMoneyDto(invoice.totals.net),
    vat: toMoneyDto(invoice.totals.vat),
    exempt: toMoneyDto(invoice.totals.exempt),
    nonTaxed: toMoneyDto(invoice.totals.nonTaxed),
    otherTaxes: toMoneyDto(invoice.totals.otherTaxes),
    vatBreakdown: invoice.totals.vatBreakdown.map((line) => ({
      rateBasisPoints: line.rate,
      base: toMoneyDto(line.base),
      amount: toMoneyDto(line.amount),
    })),
  },
  qrUrl: invoice.qrPayload,
  errors: invoice.errors.map((e) => ({ code: e.code, message: e.message })),
});

export const toOrderInvoiceDto = (orderId: string, vouchers: readonly Invoice[], on: boolean): z.output<typeof OrderInvoiceDto> => {
  const invoices = vouchers.filter((v) => v.voucherType.startsWith('FACTURA_'));
  const invoice = invoices.find((v) => v.status === 'authorized') ?? invoices[invoices.length - 1] ?? null;
  const notes = vouchers.filter((v) => v.voucherType.startsWith('NOTA_CREDITO_'));
  const creditNote = notes.find((v) => v.status === 'authorized') ?? notes[notes.length - 1] ?? null;
  return {
    orderId,
    invoicing: on ? 'on' : 'off',
    status: invoice ? invoice.status : 'none',
    invoice: invoice ? toVoucherDto(invoice) : null,
    creditNote: creditNote ? toVoucherDto(creditNote) : null,
    history: vouchers.map(toVoucherDto),
  };
};
