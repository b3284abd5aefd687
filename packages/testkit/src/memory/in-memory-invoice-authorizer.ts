import {
  AdapterError,
  type AuthorizationResult,
  type AuthorizedVoucher,
  buyerDocumentFor,
  type InvoiceAuthorizer,
  type VoucherRequest,
  type VoucherType,
} from '@mostrador/core';

type Stored = AuthorizedVoucher;

/**
 * ARCA's numbering rules in memory, for tests of code around invoicing that need no SOAP (HTTP
 * routes, flows): only the next number per (point of sale, type) is authorized, anything else —
 * an identical re-send included — is refused with 10016; credit notes need their invoice (10197);
 * a 14-digit CAE due 10 days later; lookups. It runs the same `invoiceAuthorizerContract` as the
 * real adapters (amount checks are the emulator's: it accepts any amounts).
 */
export class InMemoryInvoiceAuthorizer implements InvoiceAuthorizer {
  private readonly sequences = new Map<string, Stored[]>();
  private fault: 'lose' | '501' | null = null;
  private cae = 0;

  loseNextAnswer(): void {
    this.fault = 'lose';
  }

  failNextWithInternalError(): void {
    this.fault = '501';
  }

  private list(pointOfSale: number, type: VoucherType): Stored[] {
    const key = `${pointOfSale}:${type}`;
    let list = this.sequences.get(key);
    if (!list) {
      list = [];
      this.sequences.set(key, list);
    }
    return list;
  }

  async lastAuthorizedNumber(pointOfSale: number, voucherType: VoucherType): Promise<number> {
    return this.list(pointOfSale, voucherType).length;
  }

  async authorize(request: VoucherRequest): Promise<AuthorizationResult> {
    const fault = this.fault;
    this.fault = null;
    if (fault === '501') throw new AdapterError('INVOICING.UNAVAILABLE', 'ARCA: 501 internal error', true, { code: '501' });
    const { totals } = request;
    if (
      totals.total.amount !==
      totals.nonTaxed.amount + totals.net.amount + totals.exempt.amount + totals.otherTaxes.amount + totals.vat.amount
    ) {
      return { status: 'rejected', errors: [{ code: '10048', message: 'ImpTotal is not the sum of its parts' }] };
    }
    if (request.voucherType.startsWith('NOTA_') && !request.associated) {
      return { status: 'rejected', errors: [{ code: '10197', message: 'a credit or debit note needs its associated voucher' }] };
    }
    const list = this.list(request.pointOfSale, request.voucherType);
    if (request.number !== list.length + 1) {
      return { status: 'rejected', errors: [{ code: '10016', message: 'the number is not the next one to authorize' }] };
    }
    this.cae += 1;
    const caeDueDate = new Date(request.issueDate.getTime() + 10 * 86_400_000);
    const stored: Stored = {
      number: request.number,
      cae: `8${String(this.cae).padStart(13, '0')}`,
      caeDueDate,
      total: totals.total,
      issueDate: request.issueDate,
      net: totals.net,
      vat: totals.vat,
      docType: buyerDocumentFor(request.buyer, totals.total, Number.MAX_SAFE_INTEGER).docType,
      docNumber: buyerDocumentFor(request.buyer, totals.total, Number.MAX_SAFE_INTEGER).docNumber,
    };
    list.push(stored);
    if (fault === 'lose') throw new AdapterError('INVOICING.OUTCOME_UNKNOWN', 'the answer was lost', true);
    return { status: 'approved', cae: stored.cae, caeDueDate, observations: [] };
  }

  async lookup(pointOfSale: number, voucherType: VoucherType, number: number): Promise<AuthorizedVoucher | null> {
    return this.list(pointOfSale, voucherType).find((v) => v.number === number) ?? null;
  }
}
