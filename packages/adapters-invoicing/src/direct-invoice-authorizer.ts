import {
  AdapterError,
  type AuthorizationResult,
  type AuthorizedVoucher,
  type InvoiceAuthorizer,
  type VoucherRequest,
  type VoucherType,
} from '@mostrador/core';
import type { AccessTicketProvider } from './access-ticket-provider.js';
import { soapRequest } from './soap-client.js';
import { authorizedVoucher, cbteTipo, detailRequest, fromArcaDate } from './voucher-mapping.js';
import { node, nodes, text, toXml, type XmlNode } from './xml.js';

const FEV1 = 'http://ar.gov.afip.dif.FEV1/';

export interface DirectInvoiceAuthorizerOptions {
  readonly wsfeUrl: string;
  readonly cuit: string;
  readonly tickets: AccessTicketProvider;
  /** Default 30 s. */
  readonly timeoutMs?: number;
}

type ArcaMessages = { code: string; message: string }[];

const messages = (container: XmlNode | undefined, list: string, item: string): ArcaMessages =>
  nodes(node(container?.[list])?.[item]).map((entry) => ({ code: text(entry.Code), message: text(entry.Msg) }));

/**
 * InvoiceAuthorizer talking SOAP 1.2 to WSFEv1 itself, with the shared WSAA ticket. See the port
 * for the rules; here: a 600 renews the ticket and repeats the call once (ARCA did nothing with a
 * request it could not authenticate), a 501/502 is `INVOICING.UNAVAILABLE`, a lost answer to
 * FECAESolicitar is `INVOICING.OUTCOME_UNKNOWN`.
 */
export class DirectInvoiceAuthorizer implements InvoiceAuthorizer {
  constructor(private readonly options: DirectInvoiceAuthorizerOptions) {}

  private async call(method: string, inner: string, onLostAnswer: 'unknown' | 'unavailable'): Promise<XmlNode> {
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.options.tickets.current();
      const auth = `<Auth><Token>${ticket.token}</Token><Sign>${ticket.sign}</Sign><Cuit>${this.options.cuit}</Cuit></Auth>`;
      const response = await soapRequest({
        url: this.options.wsfeUrl,
        version: '1.2',
        action: `${FEV1}${method}`,
        body: `<${method} xmlns="${FEV1}">${auth}${inner}</${method}>`,
        timeoutMs: this.options.timeoutMs ?? 30_000,
        onLostAnswer,
      });
      const result = node(response[`${method}Result`]) ?? {};
      const errors = messages(result, 'Errors', 'Err');
      if (errors.some((e) => e.code === '600') && attempt === 1) {
        await this.options.tickets.invalidate(ticket);
        continue;
      }
      if (errors.some((e) => e.code === '600')) {
        throw new AdapterError('INVOICING.AUTH_FAILED', 'WSFEv1 refused a freshly issued access ticket (600)', false, { method });
      }
      const unavailable = errors.find((e) => e.code === '501' || e.code === '502');
      if (unavailable) {
        throw new AdapterError('INVOICING.UNAVAILABLE', `WSFEv1 ${method}: ${unavailable.code} ${unavailable.message}`, true, {
          method,
          code: unavailable.code,
        });
      }
      return result;
    }
  }

  async lastAuthorizedNumber(pointOfSale: number, voucherType: VoucherType): Promise<number> {
    const result = await this.call(
      'FECompUltimoAutorizado',
      `<PtoVta>${pointOfSale}</PtoVta><CbteTipo>${cbteTipo(voucherType)}</CbteTipo>`,
      'unavailable',
    );
    const errors = messages(result, 'Errors', 'Err');
    if (errors.length > 0)
      throw new AdapterError('INVOICING.REQUEST_REFUSED', `FECompUltimoAutorizado: ${errors.map((e) => e.code).join(', ')}`, false, {
        errors,
      });
    return Number(text(result.CbteNro));
  }

  async authorize(request: VoucherRequest): Promise<AuthorizationResult> {
    const inner = toXml([
      [
        'FeCAEReq',
        [
          [
            'FeCabReq',
            [
              ['CantReg', 1],
              ['PtoVta', request.pointOfSale],
              ['CbteTipo', cbteTipo(request.voucherType)],
            ],
          ],
          ['FeDetReq', [['FECAEDetRequest', detailRequest(request)]]],
        ],
      ],
    ]);
    const result = await this.call('FECAESolicitar', inner, 'unknown');
    const detail = nodes(node(result.FeDetResp)?.FECAEDetResponse)[0];
    const observations = messages(detail, 'Observaciones', 'Obs');
    const errors = messages(result, 'Errors', 'Err');
    if (detail && text(detail.Resultado) === 'A' && /^\d{14}$/.test(text(detail.CAE))) {
      return { status: 'approved', cae: text(detail.CAE), caeDueDate: fromArcaDate(text(detail.CAEFchVto)), observations };
    }
    const all = [...errors, ...observations];
    return {
      status: 'rejected',
      errors: all.length > 0 ? all : [{ code: 'UNKNOWN', message: 'ARCA rejected the voucher without a reason' }],
    };
  }

  async lookup(pointOfSale: number, voucherType: VoucherType, number: number): Promise<AuthorizedVoucher | null> {
    const result = await this.call(
      'FECompConsultar',
      `<FeCompConsReq><CbteTipo>${cbteTipo(voucherType)}</CbteTipo><CbteNro>${number}</CbteNro><PtoVta>${pointOfSale}</PtoVta></FeCompConsReq>`,
      'unavailable',
    );
    const errors = messages(result, 'Errors', 'Err');
    if (errors.some((e) => e.code === '602')) return null;
    if (errors.length > 0)
      throw new AdapterError('INVOICING.REQUEST_REFUSED', `FECompConsultar: ${errors.map((e) => e.code).join(', ')}`, false, { errors });
    const got = node(result.ResultGet);
    if (!got || text(got.Resultado) !== 'A') return null;
    return authorizedVoucher({
      number: text(got.CbteDesde),
      cae: text(got.CodAutorizacion),
      caeDueDate: text(got.FchVto),
      total: text(got.ImpTotal),
      net: text(got.ImpNeto),
      vat: text(got.ImpIVA),
      date: text(got.CbteFch),
      docType: text(got.DocTipo),
      docNumber: text(got.DocNro),
    });
  }
}
