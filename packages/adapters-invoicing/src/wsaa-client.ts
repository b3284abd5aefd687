import { type AccessTicket, AdapterError } from '@mostrador/core';
import { signLoginTicketRequest } from './cms-signer.js';
import { SoapFault, soapRequest } from './soap-client.js';
import { node, parseXml, text } from './xml.js';

export interface WsaaClientOptions {
  readonly url: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/** ISO 8601 with `Z`: WSAA rejects a time without an offset. */
const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** WSAA LoginCms: a signed TRA for `service` in, an access ticket out (SOAP 1.1, as WSAA serves it). */
export const loginCms = async (options: WsaaClientOptions, service: string): Promise<AccessTicket> => {
  const now = options.now();
  const tra = `<?xml version="1.0" encoding="UTF-8"?><loginTicketRequest version="1.0"><header><uniqueId>${Math.floor(now.getTime() / 1000)}</uniqueId><generationTime>${iso(new Date(now.getTime() - 600_000))}</generationTime><expirationTime>${iso(new Date(now.getTime() + 600_000))}</expirationTime></header><service>${service}</service></loginTicketRequest>`;
  const cms = signLoginTicketRequest(tra, options.certificatePem, options.privateKeyPem, now);
  const response = await soapRequest({
    url: options.url,
    version: '1.1',
    action: '',
    body: `<wsaa:loginCms xmlns:wsaa="http://wsaa.view.sua.dvadac.desein.afip.gov"><wsaa:in0>${cms}</wsaa:in0></wsaa:loginCms>`,
    timeoutMs: options.timeoutMs,
    onLostAnswer: 'unavailable',
  });
  const ticket = node(parseXml(text(response.loginCmsReturn)).loginTicketResponse);
  const credentials = node(ticket?.credentials);
  const token = text(credentials?.token);
  const sign = text(credentials?.sign);
  const expiresAt = new Date(text(node(ticket?.header)?.expirationTime));
  if (!token || !sign || Number.isNaN(expiresAt.getTime())) {
    throw new AdapterError('INVOICING.UNAVAILABLE', 'WSAA answered without a readable access ticket', true);
  }
  return { token, sign, expiresAt };
};

export const isAlreadyAuthenticated = (error: unknown): boolean => error instanceof SoapFault && error.code === 'coe.alreadyAuthenticated';

/** A WSAA refusal as the port's error: certificate problems are not retryable, the rest may be. */
export const wsaaError = (error: unknown): unknown => {
  if (!(error instanceof SoapFault)) return error;
  const permanent = /^(cms\.|coe\.notAuthorized|xml\.bad|wsn\.)/.test(error.code);
  return new AdapterError(
    permanent ? 'INVOICING.AUTH_FAILED' : 'INVOICING.UNAVAILABLE',
    `WSAA refused the login: ${error.code} (${error.faultString})`,
    !permanent,
    { faultCode: error.code },
  );
};
