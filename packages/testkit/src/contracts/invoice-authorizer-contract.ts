import {
  AdapterError,
  type InvoiceAuthorizer,
  money,
  type TaxProfile,
  type VatRate,
  type VoucherRequest,
  type VoucherTotals,
  type VoucherType,
  voucherClassOf,
  voucherTotals,
} from '@mostrador/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What the suite needs around an InvoiceAuthorizer: ARCA (or its stand-in) and two faults on demand. */
export interface InvoiceAuthorizerHarness {
  readonly authorizer: InvoiceAuthorizer;
  /** A point of sale with no voucher issued yet. */
  readonly pointOfSale: number;
  /** The next authorization is carried out by ARCA and its answer lost (connection cut). */
  loseNextAnswer(): void;
  /** The next authorization is answered with ARCA's 501 (internal error) and changes nothing. */
  failNextWithInternalError(): void;
  close(): Promise<void>;
}

/** An identified Responsable Inscripto (CUIT with a valid check digit). */
export const REGISTERED_BUYER: TaxProfile = {
  documentType: 'CUIT',
  documentNumber: '30500010912',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  legalName: 'Distribuidora Sur SA',
  address: 'Av. Corrientes 1234, CABA',
};

/** A voucher request for lines of (VAT-included centavos, rate), class from the type. */
export const voucherRequest = (input: {
  readonly pointOfSale: number;
  readonly voucherType: VoucherType;
  readonly number: number;
  readonly lines: readonly (readonly [number, VatRate])[];
  readonly buyer?: TaxProfile | null;
  readonly associated?: VoucherRequest['associated'];
  readonly totals?: VoucherTotals;
  readonly issueDate?: Date;
}): VoucherRequest => ({
  pointOfSale: input.pointOfSale,
  voucherType: input.voucherType,
  number: input.number,
  issueDate: input.issueDate ?? new Date(),
  buyer: input.buyer ?? null,
  totals:
    input.totals ??
    voucherTotals(
      input.lines.map(([amount, vatRate]) => ({ total: money(amount), vatRate })),
      voucherClassOf(input.voucherType),
    ),
  ...(input.associated ? { associated: input.associated } : {}),
});

/**
 * Registers the InvoiceAuthorizer contract (see the port's doc): numbering per sequence with only
 * the next number accepted (10016, also for an identical re-send), CAE and due date, lookups
 * (null for 602), class A/B/C amounts ARCA accepts, refusals as values with ARCA's codes, a lost
 * answer as `INVOICING.OUTCOME_UNKNOWN` after which `lookup` shows what ARCA did, and 501 as
 * `INVOICING.UNAVAILABLE`. Each test gets a fresh harness.
 */
export function invoiceAuthorizerContract(
  factory: () => Promise<InvoiceAuthorizerHarness>,
  options: { readonly name?: string } = {},
): void {
  describe(`invoice authorizer contract${options.name ? ` (${options.name})` : ''}`, () => {
    let harness: InvoiceAuthorizerHarness | null = null;
    const open = async () => {
      harness = await factory();
      return harness;
    };
    afterEach(async () => {
      await harness?.close();
      harness = null;
    });

    it('numbers each sequence from 1, authorizes the next number with a 14-digit CAE due 10 days after the voucher date', async () => {
      const { authorizer, pointOfSale } = await open();
      expect(await authorizer.lastAuthorizedNumber(pointOfSale, 'FACTURA_B')).toBe(0);
      const request = voucherRequest({ pointOfSale, voucherType: 'FACTURA_B', number: 1, lines: [[12_100, 2100]] });
      const result = await authorizer.authorize(request);
      if (result.status !== 'approved') throw new Error(`expected approval, got ${JSON.stringify(result)}`);
      expect(result.cae).toMatch(/^\d{14}$/);
      const days = Math.round((result.caeDueDate.getTime() - request.issueDate.getTime()) / 86_400_000);
      expect(days).toBeGreaterThanOrEqual(9);
      expect(days).toBeLessThanOrEqual(10);
      expect(await authorizer.lastAuthorizedNumber(pointOfSale, 'FACTURA_B')).toBe(1);
      expect(await authorizer.lastAuthorizedNumber(pointOfSale, 'FACTURA_A')).toBe(0);
      const found = await authorizer.lookup(pointOfSale, 'FACTURA_B', 1);
      expect(found).toMatchObject({ number: 1, cae: result.cae, total: money(12_100) });
      expect(found?.caeDueDate.getTime()).toBe(result.caeDueDate.getTime());
    });

    it('refuses a number that is not the next one, and an identical re-send, with 10016 (authorize is not idempotent)', async () => {
      const { authorizer, pointOfSale } = await open();
      const skip = await authorizer.authorize(voucherRequest({ pointOfSale, voucherType: 'FACTURA_B', number: 2, lines: [[1_000, 2100]] }));
      expect(skip.status === 'rejected' && skip.errors.map((e) => e.code)).toEqual(['10016']);
      const request = voucherRequest({ pointOfSale, voucherType: 'FACTURA_B', number: 1, lines: [[1_000, 2100]] });
      expect((await authorizer.authorize(request)).status).toBe('approved');
      const again = await authorizer.authorize(request);
      expect(again.status).toBe('rejected');
      expect(again.status === 'rejected' && again.errors[0]?.code).toBe('10016');
      expect(again.status === 'rejected' && again.errors[0]?.message.length).toBeGreaterThan(0);
      expect(await authorizer.lastAuthorizedNumber(pointOfSale, 'FACTURA_B')).toBe(1);
    });

    it('authorizes a Factura A with several VAT rates to a Responsable Inscripto, and lookup returns its amounts', async () => {
      const { authorizer, pointOfSale } = await open();
      const request = voucherRequest({
        pointOfSale,
        voucherType: 'FACTURA_A',
        number: 1,
        buyer: REGISTERED_BUYER,
        lines: [
          [12_100, 2100],
          [11_050, 1050],
          [999, 2700],
          [500, 0],
        ],
      });
      expect((await authorizer.authorize(request)).status).toBe('approved');
      const found = await authorizer.lookup(pointOfSale, 'FACTURA_A', 1);
      expect(found?.total).toEqual(request.totals.total);
      expect(found?.net).toEqual(request.totals.net);
      expect(found?.vat).toEqual(request.totals.vat);
      expect([found?.docType, found?.docNumber]).toEqual([80, REGISTERED_BUYER.documentNumber]);
    });

    it('authorizes a Factura C and a credit note that names its invoice; a note without one is refused (10197)', async () => {
      const { authorizer, pointOfSale } = await open();
      expect(
        (await authorizer.authorize(voucherRequest({ pointOfSale, voucherType: 'FACTURA_C', number: 1, lines: [[5_000, 2100]] }))).status,
      ).toBe('approved');
      const orphan = await authorizer.authorize(
        voucherRequest({ pointOfSale, voucherType: 'NOTA_CREDITO_C', number: 1, lines: [[5_000, 2100]] }),
      );
      expect(orphan.status === 'rejected' && orphan.errors.map((e) => e.code)).toEqual(['10197']);
      const note = await authorizer.authorize(
        voucherRequest({
          pointOfSale,
          voucherType: 'NOTA_CREDITO_C',
          number: 1,
          lines: [[5_000, 2100]],
          associated: { voucherType: 'FACTURA_C', pointOfSale, number: 1 },
        }),
      );
      expect(note.status).toBe('approved');
    });

    it('returns ARCA’s refusal as a value with its code (10048 for a total that is not the sum of its parts)', async () => {
      const { authorizer, pointOfSale } = await open();
      const good = voucherTotals([{ total: money(12_100), vatRate: 2100 }], 'B');
      const result = await authorizer.authorize(
        voucherRequest({ pointOfSale, voucherType: 'FACTURA_B', number: 1, lines: [], totals: { ...good, total: money(12_200) } }),
      );
      expect(result.status === 'rejected' && result.errors.map((e) => e.code)).toEqual(['10048']);
      expect(await authorizer.lastAuthorizedNumber(pointOfSale, 'FACTURA_B')).toBe(0);
    });

    it('lookup of a number ARCA never authorized is null (602)', async () => {
      const { authorizer, pointOfSale } = await open();
      expect(await authorizer.lookup(pointOfSale, 'FACTURA_B', 7)).toBeNull();
    });

    it('a lost answer throws INVOICING.OUTCOME_UNKNOWN (retryable); lookup then shows what ARCA did', async () => {
      const h = await open();
      h.loseNextAnswer();
      const error = await h.authorizer
        .authorize(voucherRequest({ pointOfSale: h.pointOfSale, voucherType: 'FACTURA_B', number: 1, lines: [[7_700, 2100]] }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({ code: 'INVOICING.OUTCOME_UNKNOWN', retryable: true });
      expect(await h.authorizer.lastAuthorizedNumber(h.pointOfSale, 'FACTURA_B')).toBe(1);
      expect((await h.authorizer.lookup(h.pointOfSale, 'FACTURA_B', 1))?.total).toEqual(money(7_700));
    });

    it('ARCA’s internal error (501) throws INVOICING.UNAVAILABLE (retryable) and authorizes nothing', async () => {
      const h = await open();
      h.failNextWithInternalError();
      await expect(
        h.authorizer.authorize(voucherRequest({ pointOfSale: h.pointOfSale, voucherType: 'FACTURA_B', number: 1, lines: [[7_700, 2100]] })),
      ).rejects.toMatchObject({ code: 'INVOICING.UNAVAILABLE', retryable: true });
      expect(await h.authorizer.lastAuthorizedNumber(h.pointOfSale, 'FACTURA_B')).toBe(0);
    });
  });
}
