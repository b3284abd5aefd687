import { AdapterError } from '@mostrador/core';
import { node, parseXml, text, type XmlNode } from './xml.js';

/** A SOAP fault: `code` is the local fault code (e.g. `coe.alreadyAuthenticated`, prefix dropped). */
export class SoapFault extends Error {
  override readonly name = 'SoapFault';
  constructor(
    readonly code: string,
    readonly faultString: string,
  ) {
    super(`SOAP fault ${code}: ${faultString}`);
  }
}

export interface SoapCall {
  readonly url: string;
  readonly version: '1.1' | '1.2';
  /** SOAPAction (1.1 header, 1.2 `action` parameter of the content type). */
  readonly action: string;
  /** The Body's content. */
  readonly body: string;
  readonly timeoutMs: number;
  /**
   * What a lost answer means: `unknown` when the request may have changed something at ARCA
   * (FECAESolicitar), `unavailable` otherwise (reads, logins).
   */
  readonly onLostAnswer: 'unknown' | 'unavailable';
}

const ENVELOPES = { '1.1': 'http://schemas.xmlsoap.org/soap/envelope/', '1.2': 'http://www.w3.org/2003/05/soap-envelope' } as const;

const faultOf = (fault: XmlNode): SoapFault => {
  // SOAP 1.1: faultcode/faultstring. SOAP 1.2: Code/Value (+ Subcode/Value), Reason/Text.
  const code12 = node(fault.Code);
  const subcode = text(node(code12?.Subcode)?.Value);
  const code = text(fault.faultcode) || subcode || text(code12?.Value);
  const reason = text(fault.faultstring) || text(node(fault.Reason)?.Text) || text(fault.Reason);
  return new SoapFault(code.slice(code.indexOf(':') + 1), reason);
};

/** Posts one SOAP request and returns the Body's first element; throws SoapFault or AdapterError. */
export const soapRequest = async (call: SoapCall): Promise<XmlNode> => {
  const envelope = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ENVELOPES[call.version]}"><soap:Body>${call.body}</soap:Body></soap:Envelope>`;
  const headers: Record<string, string> =
    call.version === '1.2'
      ? { 'content-type': `application/soap+xml; charset=utf-8; action="${call.action}"` }
      : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${call.action}"` };
  let response: Response;
  let raw: string;
  try {
    response = await fetch(call.url, { method: 'POST', headers, body: envelope, signal: AbortSignal.timeout(call.timeoutMs) });
    raw = await response.text();
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed';
    if (call.onLostAnswer === 'unknown') {
      throw new AdapterError('INVOICING.OUTCOME_UNKNOWN', `ARCA did not answer (${cause}); the request may have been processed`, true, {
        cause,
      });
    }
    throw new AdapterError('INVOICING.UNAVAILABLE', `ARCA did not answer (${cause})`, true, { cause });
  }
  let body: XmlNode | undefined;
  try {
    body = node(node(parseXml(raw).Envelope)?.Body);
  } catch {
    body = undefined;
  }
  const fault = node(body?.Fault);
  if (fault) throw faultOf(fault);
  const first = body ? Object.values(body).find((value) => node(value)) : undefined;
  if (!response.ok || !first) {
    const retryable = response.status >= 500 || response.ok;
    throw new AdapterError('INVOICING.UNAVAILABLE', `ARCA answered HTTP ${response.status} without a SOAP body`, retryable, {
      status: response.status,
    });
  }
  return node(first) as XmlNode;
};
