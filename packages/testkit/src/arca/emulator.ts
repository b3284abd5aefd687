import { randomBytes, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CmsRejection, cuitOf, verifyCms } from './cms.js';
import { wsaaWsdl, wsfeWsdl } from './wsdl.js';
import { msg, parameterTables, REG_X_REQ, type StoredVoucher, WsfeBook } from './wsfe.js';
import { child, escapeXml, parseXml, textOf, toXml, type XmlElement, type XmlTree } from './xml.js';

/*
 * An emulator of ARCA's WSAA (LoginCms) and WSFEv1 (service.asmx) over real HTTP, for tests and
 * the demo (arca.md §7): SOAP 1.1 and 1.2, the WSDL on `GET ?WSDL`, CMS verified against a trusted
 * test CA, 12-hour tickets and `coe.alreadyAuthenticated` while one is valid, token/sign checks
 * (600), one counter per (CUIT, PtoVta, CbteTipo), the voucher validations and their codes, the
 * parameter tables, and faults on demand (a response lost after committing, 501, slow answers).
 */

export const WSAA_PATH = '/ws/services/LoginCms';
export const WSFE_PATH = '/wsfev1/service.asmx';
export const FEV1_NAMESPACE = 'http://ar.gov.afip.dif.FEV1/';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const TICKET_LIFETIME_MS = 12 * 3_600_000;

export interface ArcaEmulatorOptions {
  /** The CA whose certificates WSAA trusts (PEM). */
  readonly trustedCaPem: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Points of sale FEParamGetPtosVenta lists (default [1, 2, 3]). */
  readonly pointsOfSale?: readonly number[];
  /** Refuse a new ticket while one is valid for the certificate and service (default true, as ARCA does). */
  readonly refuseWhileTicketValid?: boolean;
}

export type ArcaFaultKind =
  /** The request is carried out (a voucher is authorized and counted), then the connection is cut with no answer. */
  | 'drop-after-commit'
  /** The connection is cut before anything is done. */
  | 'drop-before'
  /** WSFE answers `Errors/Err` 501 (internal database error) and does nothing (WSAA calls pass it by). */
  | 'error-501'
  /** The answer (and the work) waits `delayMs`. */
  | 'slow'
  /** HTTP 500 with a SOAP server fault. */
  | 'soap-fault'
  /**
   * WSFE refuses the request with `Errors/Err` `code` (default 10004, "El campo PtoVta no es
   * valido": a point of sale not yet enabled for web services) and does nothing — a rejection that
   * goes away once the cause is fixed, for retry tests.
   */
  | 'reject';

export interface ArcaFault {
  readonly kind: ArcaFaultKind;
  /** A WSFE method (`FECAESolicitar`) or `loginCms`; every method when absent. */
  readonly method?: string;
  readonly delayMs?: number;
  /** How many calls it hits (default 1). */
  readonly times?: number;
  /** How many matching calls it lets through before it starts hitting (default 0). */
  readonly skip?: number;
  /** `reject`: the error code and message ARCA answers. */
  readonly code?: number;
  readonly message?: string;
}

export interface ArcaCall {
  readonly service: 'wsaa' | 'wsfe';
  readonly method: string;
  readonly soapVersion: '1.1' | '1.2';
  readonly at: Date;
}

interface Ticket {
  readonly token: string;
  readonly sign: string;
  readonly cuit: string;
  readonly fingerprint: string;
  readonly service: string;
  readonly expiresAt: Date;
}

class SoapFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 in Argentine time with its offset, as WSAA writes times. */
const arTime = (date: Date): string => `${new Date(date.getTime() - 3 * 3_600_000).toISOString().slice(0, 23)}-03:00`;

export class ArcaEmulator {
  readonly calls: ArcaCall[] = [];
  /** Tickets WSAA issued (successful logins). */
  logins = 0;
  private server: Server | null = null;
  private readonly trustedCa: X509Certificate;
  private readonly book = new WsfeBook();
  private readonly tickets = new Map<string, Ticket>();
  private readonly faults: (ArcaFault & { remaining: number; toSkip: number })[] = [];
  private readonly denied = new Set<string>();
  private offsetMs = 0;
  private refuseWhileValid: boolean;
  private origin = '';

  private constructor(private readonly options: ArcaEmulatorOptions) {
    this.trustedCa = new X509Certificate(options.trustedCaPem);
    this.refuseWhileValid = options.refuseWhileTicketValid ?? true;
  }

  static async start(options: ArcaEmulatorOptions): Promise<ArcaEmulator> {
    const emulator = new ArcaEmulator(options);
    await emulator.listen();
    return emulator;
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    this.server = server;
    const address = server.address() as AddressInfo;
    this.origin = `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
  }

  get wsaaUrl(): string {
    return `${this.origin}${WSAA_PATH}`;
  }

  get wsfeUrl(): string {
    return `${this.origin}${WSFE_PATH}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The emulator's clock: real time moved by `advanceTime`. */
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceTime(ms: number): void {
    this.offsetMs += ms;
  }

  /** Makes the next matching calls fail (see ArcaFaultKind). */
  injectFault(fault: ArcaFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1, toSkip: fault.skip ?? 0 });
  }

  /** Drops every fault not yet taken (ARCA is back). */
  clearFaults(): void {
    this.faults.splice(0);
  }

  /** Switches `coe.alreadyAuthenticated` on (ARCA's behaviour) or off. */
  setRefuseWhileTicketValid(refuse: boolean): void {
    this.refuseWhileValid = refuse;
  }

  /** WSAA answers `coe.notAuthorized` to certificates of this CUIT. */
  denyComputer(cuit: string): void {
    this.denied.add(cuit);
  }

  /** Every ticket of the CUIT stops being accepted (as after a certificate is revoked or ARCA restarts). */
  expireTickets(): void {
    this.tickets.clear();
  }

  vouchers(cuit: string, pointOfSale: number, voucherType: number): readonly StoredVoucher[] {
    return this.book.vouchers(cuit, pointOfSale, voucherType);
  }

  lastNumber(cuit: string, pointOfSale: number, voucherType: number): number {
    return this.book.last(cuit, pointOfSale, voucherType);
  }

  callsTo(method: string): ArcaCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private takeFault(service: 'wsaa' | 'wsfe', method: string): ArcaFault | undefined {
    for (const [index, fault] of this.faults.entries()) {
      if (!((fault.method === undefined || fault.method === method) && !(service === 'wsaa' && fault.kind === 'error-501'))) continue;
      if (fault.toSkip > 0) {
        fault.toSkip -= 1;
        continue;
      }
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.splice(index, 1);
      return fault;
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const service = url.pathname === WSAA_PATH ? 'wsaa' : url.pathname === WSFE_PATH ? 'wsfe' : null;
    if (!service) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    if (req.method === 'GET') {
      if ([...url.searchParams.keys()].some((key) => key.toLowerCase() === 'wsdl')) {
        const wsdl = service === 'wsaa' ? wsaaWsdl(this.wsaaUrl) : wsfeWsdl(this.wsfeUrl);
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(wsdl);
      } else res.writeHead(405).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const contentType = String(req.headers['content-type'] ?? '');
    const soapVersion = contentType.includes('application/soap+xml') ? '1.2' : '1.1';

    let operation: XmlElement | undefined;
    try {
      const envelope = parseXml(Buffer.concat(chunks).toString('utf8'));
      operation = child(envelope, 'Body')?.children[0];
    } catch {
      operation = undefined;
    }
    if (!operation) {
      this.reply(res, soapVersion, this.faultBody(soapVersion, 'soap:Client', 'Server was unable to read request.'), 400);
      return;
    }
    const method = operation.name;
    this.calls.push({ service, method, soapVersion, at: this.now() });

    const fault = this.takeFault(service, method);
    if (fault?.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
    if (fault?.kind === 'soap-fault') {
      this.reply(res, soapVersion, this.faultBody(soapVersion, 'soap:Server', 'Server was unable to process request.'), 500);
      return;
    }

    let body: string;
    let status = 200;
    try {
      if (service === 'wsaa') body = this.loginCms(operation);
      else if (fault?.kind === 'error-501') {
        body = this.wsfeResult(method, { Errors: { Err: [{ Code: 501, Msg: 'Error interno de base de datos' }] } });
      } else if (fault?.kind === 'reject') {
        const rejection = { Code: fault.code ?? 10004, Msg: fault.message ?? 'El campo PtoVta no es valido.' };
        body = this.wsfeResult(method, { FeCabResp: { Resultado: 'R', Reproceso: 'N' }, Errors: { Err: [rejection] } });
      } else body = this.wsfe(method, operation);
    } catch (error) {
      if (!(error instanceof SoapFault)) throw error;
      body = this.faultBody(soapVersion, error.code, error.message);
      status = 500;
    }
    if (fault?.kind === 'drop-after-commit') {
      req.socket.destroy();
      return;
    }
    this.reply(res, soapVersion, body, status);
  }

  private reply(res: ServerResponse, version: '1.1' | '1.2', body: string, status: number): void {
    const ns = version === '1.2' ? SOAP12 : SOAP11;
    const xml = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${body}</soap:Body></soap:Envelope>`;
    res
      .writeHead(status, { 'content-type': version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8' })
      .end(xml);
  }

  private faultBody(version: '1.1' | '1.2', code: string, message: string): string {
    if (version === '1.1') {
      return `<soap:Fault><faultcode${code.startsWith('ns1:') ? ' xmlns:ns1="http://wsaa.view.sua.dvadac.desein.afip.gov"' : ''}>${escapeXml(code)}</faultcode><faultstring>${escapeXml(message)}</faultstring></soap:Fault>`;
    }
    const top = code === 'soap:Client' ? 'soap:Sender' : 'soap:Receiver';
    const sub = code.startsWith('soap:')
      ? ''
      : `<soap:Subcode><soap:Value xmlns:ns1="http://wsaa.view.sua.dvadac.desein.afip.gov">${escapeXml(code)}</soap:Value></soap:Subcode>`;
    return `<soap:Fault><soap:Code><soap:Value>${top}</soap:Value>${sub}</soap:Code><soap:Reason><soap:Text xml:lang="es">${escapeXml(message)}</soap:Text></soap:Reason></soap:Fault>`;
  }

  // ---- WSAA ----

  private loginCms(operation: XmlElement): string {
    if (operation.name !== 'loginCms') throw new SoapFault('soap:Client', `No such operation '${operation.name}'`);
    const now = this.now();
    let verified: ReturnType<typeof verifyCms>;
    try {
      verified = verifyCms(textOf(operation, 'in0') ?? '', this.trustedCa, now);
    } catch (error) {
      if (error instanceof CmsRejection) throw new SoapFault(`ns1:${error.faultCode}`, error.message);
      throw error;
    }
    let tra: XmlElement;
    try {
      tra = parseXml(verified.content.toString('utf8'));
    } catch {
      throw new SoapFault('ns1:xml.bad', 'No se ha podido interpretar el XML contra el SCHEMA');
    }
    const header = child(tra, 'header');
    const generation = textOf(header, 'generationTime') ?? '';
    const expiration = textOf(header, 'expirationTime') ?? '';
    const service = textOf(tra, 'service') ?? '';
    if (tra.name !== 'loginTicketRequest' || !textOf(header, 'uniqueId')) {
      throw new SoapFault('ns1:xml.bad', 'No se ha podido interpretar el XML contra el SCHEMA');
    }
    const generatedAt = new Date(generation);
    if (
      !TIME_WITH_OFFSET.test(generation) ||
      Number.isNaN(generatedAt.getTime()) ||
      generatedAt.getTime() > now.getTime() + 60_000 ||
      generatedAt.getTime() < now.getTime() - 24 * 3_600_000
    ) {
      throw new SoapFault('ns1:xml.generationTime.invalid', 'El campo generationTime posee formato o dato inválido');
    }
    const expiresAt = new Date(expiration);
    if (
      !TIME_WITH_OFFSET.test(expiration) ||
      Number.isNaN(expiresAt.getTime()) ||
      expiresAt <= generatedAt ||
      expiresAt.getTime() - generatedAt.getTime() > 24 * 3_600_000
    ) {
      throw new SoapFault('ns1:xml.expirationTime.invalid', 'El campo expirationTime posee formato o dato inválido');
    }
    if (expiresAt <= now) throw new SoapFault('ns1:xml.expirationTime.expired', 'El campo expirationTime indica una fecha pasada');
    if (service !== 'wsfe') throw new SoapFault('ns1:wsn.unavailable', `El servicio ${service} no se encuentra disponible`);
    const cuit = cuitOf(verified.signer);
    if (!cuit || this.denied.has(cuit)) throw new SoapFault('ns1:coe.notAuthorized', 'Computador no autorizado a acceder al servicio');

    const fingerprint = verified.signer.fingerprint256;
    const valid = [...this.tickets.values()].find((t) => t.fingerprint === fingerprint && t.service === service && t.expiresAt > now);
    if (valid && this.refuseWhileValid) {
      throw new SoapFault('ns1:coe.alreadyAuthenticated', 'El CEE ya posee un TA valido para el acceso al WSN solicitado');
    }
    const ticket: Ticket = {
      token: randomBytes(384).toString('base64'),
      sign: randomBytes(96).toString('base64'),
      cuit,
      fingerprint,
      service,
      expiresAt: new Date(now.getTime() + TICKET_LIFETIME_MS),
    };
    this.tickets.set(ticket.token, ticket);
    this.logins += 1;
    const response = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<loginTicketResponse version="1.0"><header><source>CN=wsaahomo, O=AFIP, C=AR, SERIALNUMBER=CUIT 33693450239</source><destination>${escapeXml(verified.signer.subject.replace(/\n/g, ', '))}</destination><uniqueId>${randomBytes(4).readUInt32BE()}</uniqueId><generationTime>${arTime(now)}</generationTime><expirationTime>${arTime(ticket.expiresAt)}</expirationTime></header><credentials><token>${ticket.token}</token><sign>${ticket.sign}</sign></credentials></loginTicketResponse>`;
    return `<loginCmsResponse xmlns="http://wsaa.view.sua.dvadac.desein.afip.gov"><loginCmsReturn>${escapeXml(response)}</loginCmsReturn></loginCmsResponse>`;
  }

  // ---- WSFEv1 ----

  private wsfeResult(method: string, result: XmlTree): string {
    return `<${method}Response xmlns="${FEV1_NAMESPACE}"><${method}Result>${toXml(result)}</${method}Result></${method}Response>`;
  }

  /** The authenticated CUIT, or the 600 error. */
  private authenticate(operation: XmlElement): { cuit: string } | { error: XmlTree } {
    const auth = child(operation, 'Auth');
    const token = textOf(auth, 'Token') ?? '';
    const ticket = this.tickets.get(token);
    const cuit = textOf(auth, 'Cuit') ?? '';
    const fail = (why: string) => ({ error: { Errors: { Err: [{ Code: 600, Msg: `ValidacionDeToken: ${why}` }] } } });
    if (!ticket || ticket.sign !== (textOf(auth, 'Sign') ?? '') || ticket.service !== 'wsfe')
      return fail('No validaron las firmas digitales');
    if (ticket.expiresAt <= this.now()) return fail('El token ha expirado');
    if (ticket.cuit !== cuit) return fail(`No aparecio CUIT en lista de relaciones: ${cuit}`);
    return { cuit };
  }

  private wsfe(method: string, operation: XmlElement): string {
    if (method === 'FEDummy') return this.wsfeResult(method, { AppServer: 'OK', DbServer: 'OK', AuthServer: 'OK' });
    const known = ['FECompUltimoAutorizado', 'FECAESolicitar', 'FECompConsultar', 'FECompTotXRequest'];
    const tables = parameterTables(this.options.pointsOfSale ?? [1, 2, 3], textOf(operation, 'ClaseCmp'));
    if (!known.includes(method) && !(method in tables)) {
      throw new SoapFault('soap:Client', `Server did not recognize the value of HTTP Header SOAPAction: ${FEV1_NAMESPACE}${method}.`);
    }
    const auth = this.authenticate(operation);
    if ('error' in auth) return this.wsfeResult(method, auth.error);
    const { cuit } = auth;
    switch (method) {
      case 'FECompUltimoAutorizado': {
        const pointOfSale = Number(textOf(operation, 'PtoVta'));
        const type = Number(textOf(operation, 'CbteTipo'));
        return this.wsfeResult(method, { PtoVta: pointOfSale, CbteTipo: type, CbteNro: this.book.last(cuit, pointOfSale, type) });
      }
      case 'FECAESolicitar':
        return this.wsfeResult(method, this.book.solicitar(cuit, child(operation, 'FeCAEReq'), this.now()));
      case 'FECompConsultar': {
        const found = this.book.consultar(cuit, child(operation, 'FeCompConsReq'));
        if (!found) return this.wsfeResult(method, { Errors: { Err: [{ Code: 602, Msg: msg(602).message }] } });
        return this.wsfeResult(method, { ResultGet: found });
      }
      case 'FECompTotXRequest':
        return this.wsfeResult(method, { RegXReq: REG_X_REQ });
      default:
        return this.wsfeResult(method, { ResultGet: tables[method] as XmlTree });
    }
  }
}
