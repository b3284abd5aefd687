import Afip from '@afipsdk/afip.js';
import {
  AdapterError,
  ARCA_VAT_ID,
  type AuthorizationResult,
  type AuthorizedVoucher,
  buyerDocumentFor,
  type InvoiceAuthorizer,
  type Logger,
  toDecimalString,
  type VoucherRequest,
  type VoucherType,
} from '@mostrador/core';
import type { ResolvedArcaOptions } from './options.js';
import { arcaDate, authorizedVoucher, cbteTipo } from './voucher-mapping.js';

export interface AfipSdkOptions {
  /** The Afip SDK service's access token (AFIPSDK_ACCESS_TOKEN). Never logged. */
  readonly accessToken: string;
  /** Override of the service's base URL (tests: a local stand-in). Default https://app.afipsdk.com/api/. */
  readonly baseUrl?: string;
}

interface SdkError extends Error {
  readonly code?: number | string;
  readonly status?: number;
}

interface ElectronicBilling {
  getLastVoucher(pointOfSale: number, type: number): Promise<number>;
  createVoucher(data: Record<string, unknown>, returnResponse: true): Promise<Record<string, unknown>>;
  getVoucherInfo(number: number, pointOfSale: number, type: number): Promise<Record<string, unknown> | null>;
}

export const AFIP_SDK_WARNING =
  'invoicing through the Afip SDK service: the ARCA certificate and its PRIVATE KEY are sent to that service (app.afipsdk.com) on every ticket request; use the direct adapter to keep the key in this process';

/**
 * InvoiceAuthorizer over `@afipsdk/afip.js`: every call goes through the Afip SDK cloud service,
 * which logs in to WSAA with the certificate and key it is sent and relays WSFEv1. For shops that
 * chose that service; the trade-off is stated in the README and logged as a warning at creation.
 * The SDK reports only the first ARCA error of a rejection.
 */
export class AfipSdkInvoiceAuthorizer implements InvoiceAuthorizer {
  private readonly billing: ElectronicBilling;

  constructor(options: ResolvedArcaOptions, sdk: AfipSdkOptions, logger: Logger) {
    if (!sdk.accessToken)
      throw new AdapterError('INVOICING.OPTION_INVALID', 'AFIPSDK_ACCESS_TOKEN is required by the Afip SDK adapter', false);
    const afip = new Afip({
      CUIT: Number(options.cuit),
      cert: options.certificatePem,
      key: options.privateKeyPem,
      production: options.production,
      access_token: sdk.accessToken,
    });
    // The SDK keeps its HTTP client private; its axios defaults are the one documented way to point it elsewhere.
    const client = (afip as unknown as { AdminClient: { defaults: { baseURL?: string; timeout?: number } } }).AdminClient;
    if (sdk.baseUrl) client.defaults.baseURL = sdk.baseUrl;
    client.defaults.timeout = options.timeoutMs;
    this.billing = afip.ElectronicBilling as unknown as ElectronicBilling;
    logger.warn(AFIP_SDK_WARNING);
  }

  /** An SDK failure as the port's error. */
  private failure(error: unknown, changes: boolean): never {
    const e = error as SdkError;
    if (e.code !== undefined && e.status === undefined) {
      const code = String(e.code);
      if (code === '501' || code === '502' || code === '600') {
        throw new AdapterError('INVOICING.UNAVAILABLE', `ARCA: ${code}`, true, { code });
      }
      throw new AdapterError('INVOICING.REQUEST_REFUSED', `ARCA refused the request: ${code}`, false, { code });
    }
    if (e.status !== undefined && e.status >= 400 && e.status < 500) {
      throw new AdapterError('INVOICING.AUTH_FAILED', `the Afip SDK service refused the request (HTTP ${e.status})`, false, {
        status: e.status,
      });
    }
    if (changes) throw new AdapterError('INVOICING.OUTCOME_UNKNOWN', 'the Afip SDK service did not confirm the authorization', true);
    throw new AdapterError('INVOICING.UNAVAILABLE', 'the Afip SDK service did not answer', true);
  }

  async lastAuthorizedNumber(pointOfSale: number, voucherType: VoucherType): Promise<number> {
    try {
      return Number(await this.billing.getLastVoucher(pointOfSale, cbteTipo(voucherType)));
    } catch (error) {
      return this.failure(error, false);
    }
  }

  async authorize(request: VoucherRequest): Promise<AuthorizationResult> {
    const { totals } = request;
    const buyer = buyerDocumentFor(request.buyer, totals.total, Number.MAX_SAFE_INTEGER);
    const amount = (m: typeof totals.total) => Number(toDecimalString(m));
    const data: Record<string, unknown> = {
      CantReg: 1,
      PtoVta: request.pointOfSale,
      CbteTipo: cbteTipo(request.voucherType),
      Concepto: 1,
      DocTipo: buyer.docType,
      DocNro: Number(buyer.docNumber),
      CbteDesde: request.number,
      CbteHasta: request.number,
      CbteFch: Number(arcaDate(request.issueDate)),
      ImpTotal: amount(totals.total),
      ImpTotConc: amount(totals.nonTaxed),
      ImpNeto: amount(totals.net),
      ImpOpEx: amount(totals.exempt),
      ImpTrib: amount(totals.otherTaxes),
      ImpIVA: amount(totals.vat),
      MonId: 'PES',
      MonCotiz: 1,
      CondicionIVAReceptorId: buyer.ivaConditionId,
      ...(request.associated
        ? {
            CbtesAsoc: [
              { Tipo: cbteTipo(request.associated.voucherType), PtoVta: request.associated.pointOfSale, Nro: request.associated.number },
            ],
          }
        : {}),
      ...(totals.vatBreakdown.length > 0
        ? {
            Iva: totals.vatBreakdown.map((line) => ({
              Id: ARCA_VAT_ID[line.rate],
              BaseImp: amount(line.base),
              Importe: amount(line.amount),
            })),
          }
        : {}),
    };
    let result: Record<string, unknown>;
    try {
      result = await this.billing.createVoucher(data, true);
    } catch (error) {
      const e = error as SdkError;
      // The SDK throws ARCA's first error of a rejection (request Errors or the voucher's Observaciones).
      if (e.code !== undefined && e.status === undefined && !['501', '502', '600'].includes(String(e.code))) {
        return { status: 'rejected', errors: [{ code: String(e.code), message: e.message.replace(/^\(\d+\)\s*/, '') }] };
      }
      return this.failure(error, true);
    }
    const responses = (result.FeDetResp as { FECAEDetResponse?: unknown } | undefined)?.FECAEDetResponse;
    const detail = (Array.isArray(responses) ? responses[0] : responses) as Record<string, unknown> | undefined;
    const observations = ((detail?.Observaciones as { Obs?: { Code: unknown; Msg: unknown }[] } | undefined)?.Obs ?? []).map((o) => ({
      code: String(o.Code),
      message: String(o.Msg),
    }));
    const cae = String(detail?.CAE ?? '');
    if (detail?.Resultado === 'A' && /^\d{14}$/.test(cae)) {
      const due = String(detail.CAEFchVto);
      return {
        status: 'approved',
        cae,
        caeDueDate: new Date(Date.UTC(Number(due.slice(0, 4)), Number(due.slice(4, 6)) - 1, Number(due.slice(6, 8)), 3)),
        observations,
      };
    }
    return {
      status: 'rejected',
      errors: observations.length > 0 ? observations : [{ code: 'UNKNOWN', message: 'ARCA rejected the voucher' }],
    };
  }

  async lookup(pointOfSale: number, voucherType: VoucherType, number: number): Promise<AuthorizedVoucher | null> {
    let got: Record<string, unknown> | null;
    try {
      got = await this.billing.getVoucherInfo(number, pointOfSale, cbteTipo(voucherType));
    } catch (error) {
      return this.failure(error, false);
    }
    if (got?.Resultado !== 'A') return null;
    const text = (value: unknown) => String(value ?? '');
    const money2 = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : text(value));
    return authorizedVoucher({
      number: text(got.CbteDesde),
      cae: text(got.CodAutorizacion),
      caeDueDate: text(got.FchVto),
      total: money2(got.ImpTotal),
      net: money2(got.ImpNeto),
      vat: money2(got.ImpIVA),
      date: text(got.CbteFch),
      docType: text(got.DocTipo),
      docNumber: text(got.DocNro),
    });
  }
}
