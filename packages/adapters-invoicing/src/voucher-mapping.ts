import {
  ARCA_VAT_ID,
  type AuthorizedVoucher,
  argentinaDay,
  buyerDocumentFor,
  type Money,
  money,
  toDecimalString,
  VOUCHER_TYPES,
  type VoucherRequest,
  type VoucherType,
} from '@mostrador/core';
import type { XmlElement } from './xml.js';

/*
 * Mostrador's voucher ↔ ARCA's FECAEDetRequest / FECompConsultar, shared by both adapters.
 * Amounts are integer centavos on our side and decimals with two places on ARCA's.
 */

/** Centavos as ARCA's decimal ("121.00"). */
/** ARCA's decimal ("121", "121.5", "121.50") as ARS centavos, exactly. */
export const centavos = (value: string): Money => {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return money(0);
  const fraction = (match[3] ?? '').padEnd(2, '0');
  const cents = Number(match[2]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2] ?? '0') >= 5 ? 1 : 0);
  return money(match[1] === '-' ? -cents : cents);
};

/** A yyyymmdd calendar date of Argentina (UTC−03:00) for an instant. */
export const arcaDate = (date: Date): string => argentinaDay(date).replace(/-/g, '');

/** The instant a yyyymmdd date starts in Argentina. */
export const fromArcaDate = (yyyymmdd: string): Date =>
  new Date(Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)), 3));

export const cbteTipo = (type: VoucherType): number => VOUCHER_TYPES[type];

/** No threshold here: the issuing use case already decided whether an anonymous buyer is allowed. */
const NO_THRESHOLD = Number.MAX_SAFE_INTEGER;

/** The FECAEDetRequest of a voucher, elements in ARCA's xs:sequence order. */
export const detailRequest = (request: VoucherRequest): XmlElement[] => {
  const { totals } = request;
  const buyer = buyerDocumentFor(request.buyer, totals.total, NO_THRESHOLD);
  const elements: XmlElement[] = [
    ['Concepto', 1],
    ['DocTipo', buyer.docType],
    ['DocNro', buyer.docNumber],
    ['CbteDesde', request.number],
    ['CbteHasta', request.number],
    ['CbteFch', arcaDate(request.issueDate)],
    ['ImpTotal', toDecimalString(totals.total)],
    ['ImpTotConc', toDecimalString(totals.nonTaxed)],
    ['ImpNeto', toDecimalString(totals.net)],
    ['ImpOpEx', toDecimalString(totals.exempt)],
    ['ImpTrib', toDecimalString(totals.otherTaxes)],
    ['ImpIVA', toDecimalString(totals.vat)],
    ['MonId', 'PES'],
    ['MonCotiz', 1],
    ['CondicionIVAReceptorId', buyer.ivaConditionId],
  ];
  if (request.associated) {
    elements.push([
      'CbtesAsoc',
      [
        [
          'CbteAsoc',
          [
            ['Tipo', cbteTipo(request.associated.voucherType)],
            ['PtoVta', request.associated.pointOfSale],
            ['Nro', request.associated.number],
          ],
        ],
      ],
    ]);
  }
  if (totals.vatBreakdown.length > 0) {
    elements.push([
      'Iva',
      totals.vatBreakdown.map(
        (line): XmlElement => [
          'AlicIva',
          [
            ['Id', ARCA_VAT_ID[line.rate]],
            ['BaseImp', toDecimalString(line.base)],
            ['Importe', toDecimalString(line.amount)],
          ],
        ],
      ),
    ]);
  }
  return elements;
};

/** What FECompConsultar's ResultGet says, as the port's AuthorizedVoucher. */
export const authorizedVoucher = (result: {
  readonly number: string;
  readonly cae: string;
  readonly caeDueDate: string;
  readonly total: string;
  readonly net: string;
  readonly vat: string;
  readonly date: string;
  readonly docType: string;
  readonly docNumber: string;
}): AuthorizedVoucher => ({
  number: Number(result.number),
  cae: result.cae,
  caeDueDate: fromArcaDate(result.caeDueDate),
  total: centavos(result.total),
  issueDate: fromArcaDate(result.date),
  net: centavos(result.net),
  vat: centavos(result.vat),
  docType: Number(result.docType),
  docNumber: result.docNumber,
});
