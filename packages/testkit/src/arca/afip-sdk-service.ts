import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signCms } from './test-pki.js';
import { loginTicketRequest } from './tra.js';
import { child, parseXml, textOf, toXml, type XmlElement, type XmlTree } from './xml.js';

/*
 * A local stand-in of the Afip SDK cloud service (`https://app.afipsdk.com/api/`) that
 * `@afipsdk/afip.js` talks to, in front of the ARCA emulator: `POST v1/afip/auth` receives the
 * certificate and private key (as the real service does), logs in to WSAA with them and returns
 * the ticket; `POST v1/afip/requests` turns `{ method, params, soap_v_1_2 }` into a SOAP call to
 * the emulator's WSFEv1 (whatever ARCA URL the SDK names) and answers its result as JSON, the way the SDK reads it. Requires the bearer token.
 */

export interface AfipSdkServiceOptions {
  /** The emulator's WSAA LoginCms URL (the SDK does not send one for auth). */
  readonly wsaaUrl: string;
  /** The emulator's WSFEv1 URL: where ARCA's homologation/production URLs the SDK names are relayed. */
  readonly wsfeUrl: string;
  readonly accessToken: string;
  readonly host?: string;
}

const INTEGER_FIELDS = new Set([
  'CbteNro',
  'CbteDesde',
  'CbteHasta',
  'PtoVta',
  'CbteTipo',
  'Code',
  'DocTipo',
  'Concepto',
  'CantReg',
  'Id',
  'CondicionIVAReceptorId',
  'Nro',
  'Tipo',
  'RegXReq',
]);
const DECIMAL_FIELDS = new Set(['ImpTotal', 'ImpTotConc', 'ImpNeto', 'ImpOpEx', 'ImpTrib', 'ImpIVA', 'BaseImp', 'Importe', 'MonCotiz']);
const REPEATED = new Set(['Err', 'Obs', 'Evt', 'AlicIva', 'Tributo', 'CbteAsoc', 'FECAEDetResponse']);

type Json = string | number | null | Json[] | { [key: string]: Json };

/** A SOAP result element as the SDK sees it: typed leaves, repeated elements as arrays. */
const toJson = (element: XmlElement): Json => {
  if (element.children.length === 0) {
    const text = element.text.trim();
    if (INTEGER_FIELDS.has(element.name) && /^\d+$/.test(text)) return Number(text);
    if (DECIMAL_FIELDS.has(element.name) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    return text;
  }
  const out: { [key: string]: Json } = {};
  for (const c of element.children) {
    const value = toJson(c);
    const existing = out[c.name];
    if (existing !== undefined)
      out[c.name] = Array.isArray(existing) && REPEATED.has(c.name) ? [...existing, value] : [existing as Json, value];
    else out[c.name] = REPEATED.has(c.name) ? [value] : value;
  }
  return out;
};

export class AfipSdkServiceStandIn {
  /** Every certificate/key pair the service was sent: what using it costs (see the adapter's README). */
  readonly receivedKeys: string[] = [];
  readonly calls: { readonly path: string; readonly method?: string }[] = [];
  private server: Server | null = null;
  private origin = '';
  private readonly tickets = new Map<string, { token: string; sign: string; expiration: string }>();

  private constructor(private readonly options: AfipSdkServiceOptions) {}

  static async start(options: AfipSdkServiceOptions): Promise<AfipSdkServiceStandIn> {
    const service = new AfipSdkServiceStandIn(options);
    const server = createServer((req, res) => {
      void service.handle(req, res).catch((error: unknown) => service.json(res, 500, { message: (error as Error).message }));
    });
    await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
    service.server = server;
    service.origin = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
    return service;
  }

  /** What to set as the SDK's `AdminClient.defaults.baseURL`. */
  get baseUrl(): string {
    return `${this.origin}/api/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${this.options.accessToken}`) return this.json(res, 401, { message: 'Unauthenticated.' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const path = new URL(req.url ?? '/', this.origin).pathname;
    if (req.method === 'POST' && path === '/api/v1/afip/auth') {
      this.calls.push({ path });
      return this.json(res, 200, await this.auth(body));
    }
    if (req.method === 'POST' && path === '/api/v1/afip/requests') {
      this.calls.push({ path, method: String(body.method) });
      return this.request(res, body);
    }
    return this.json(res, 404, { message: 'Not found' });
  }

  private async auth(body: Record<string, unknown>): Promise<{ token: string; sign: string; expiration: string }> {
    const cert = String(body.cert ?? '');
    const key = String(body.key ?? '');
    this.receivedKeys.push(key);
    const cacheKey = `${body.environment}:${body.wsid}:${cert}`;
    const cached = this.tickets.get(cacheKey);
    if (cached && new Date(cached.expiration) > new Date() && body.force_create !== true) return cached;
    const cms = signCms(loginTicketRequest(String(body.wsid), new Date()), { certificatePem: cert, privateKeyPem: key });
    const response = await fetch(this.options.wsaaUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><loginCms><in0>${cms}</in0></loginCms></soapenv:Body></soapenv:Envelope>`,
    });
    const envelope = parseXml(await response.text());
    const result = child(child(envelope, 'Body'), 'loginCmsResponse');
    if (!result) throw new Error(`WSAA: ${textOf(child(child(envelope, 'Body'), 'Fault'), 'faultstring') ?? response.status}`);
    const ticket = parseXml(textOf(result, 'loginCmsReturn') ?? '');
    const credentials = child(ticket, 'credentials');
    const issued = {
      token: textOf(credentials, 'token') ?? '',
      sign: textOf(credentials, 'sign') ?? '',
      expiration: textOf(child(ticket, 'header'), 'expirationTime') ?? '',
    };
    this.tickets.set(cacheKey, issued);
    return issued;
  }

  private async request(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const method = String(body.method);
    const params = { ...(body.params as Record<string, unknown>) };
    // The service serializes from the WSDL: Auth goes first whatever the JSON order.
    const ordered: XmlTree = { ...(params.Auth ? { Auth: params.Auth as XmlTree } : {}), ...(params as XmlTree) };
    const v12 = body.soap_v_1_2 === true;
    let text: string;
    try {
      const response = await fetch(this.options.wsfeUrl, {
        method: 'POST',
        headers: v12
          ? { 'content-type': `application/soap+xml; charset=utf-8; action="http://ar.gov.afip.dif.FEV1/${method}"` }
          : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://ar.gov.afip.dif.FEV1/${method}"` },
        body: `<?xml version="1.0"?><soap:Envelope xmlns:soap="${v12 ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/'}"><soap:Body><${method} xmlns="http://ar.gov.afip.dif.FEV1/">${toXml(ordered)}</${method}></soap:Body></soap:Envelope>`,
      });
      text = await response.text();
    } catch (error) {
      return this.json(res, 502, { message: `ARCA did not answer: ${(error as Error).message}` });
    }
    const operation = child(child(parseXml(text), 'Body'), `${method}Response`);
    if (!operation) return this.json(res, 502, { message: 'ARCA answered a SOAP fault' });
    const out: { [key: string]: Json } = {};
    for (const c of operation.children) out[c.name] = toJson(c);
    return this.json(res, 200, out);
  }
}
