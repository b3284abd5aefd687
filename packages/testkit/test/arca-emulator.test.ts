import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki, loginTicketRequest, signCms } from '../src/arca/index.js';
import { child, childrenNamed, parseXml, textOf, type XmlElement } from '../src/arca/xml.js';

/*
 * The emulator through its wire protocol, with a hand-written SOAP client and the testkit's own
 * CMS signer (the adapters' tests use their own client and signer against it).
 */

const CUIT = '20111111112';
const BUYER_CUIT = '30500010912';
const NS = 'http://ar.gov.afip.dif.FEV1/';

let pki: ArcaTestPki;
let signer: ArcaTestSigner;
let emulator: ArcaEmulator;

beforeAll(() => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(CUIT);
});

beforeEach(async () => {
  await emulator?.stop();
  emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem, pointsOfSale: [1, 2] });
});

afterAll(async () => {
  await emulator?.stop();
});

const post = async (url: string, body: string, version: '1.1' | '1.2', action: string) => {
  const envNs = version === '1.2' ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/';
  const response = await fetch(url, {
    method: 'POST',
    headers:
      version === '1.2'
        ? { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }
        : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
    body: `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="${envNs}"><env:Body>${body}</env:Body></env:Envelope>`,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: child(parseXml(text), 'Body') as XmlElement,
  };
};

const login = async (options: { tra?: string; cms?: string; version?: '1.1' | '1.2' } = {}) => {
  const cms = options.cms ?? signCms(options.tra ?? loginTicketRequest('wsfe', emulator.now()), signer);
  return post(
    emulator.wsaaUrl,
    `<loginCms xmlns="http://wsaa.view.sua.dvadac.desein.afip.gov"><in0>${cms}</in0></loginCms>`,
    options.version ?? '1.1',
    '',
  );
};

const faultOf = (body: XmlElement): { code: string; message: string } => {
  const fault = child(body, 'Fault');
  const code = textOf(fault, 'faultcode') ?? textOf(child(child(child(fault, 'Code'), 'Subcode'), 'Value') as XmlElement, 'x') ?? '';
  const subcode = child(child(child(fault, 'Code'), 'Subcode'), 'Value')?.text ?? '';
  return { code: code || subcode, message: textOf(fault, 'faultstring') ?? child(child(fault, 'Reason'), 'Text')?.text ?? '' };
};

const credentials = async () => {
  const { body } = await login();
  const ticket = parseXml(textOf(child(body, 'loginCmsResponse'), 'loginCmsReturn') as string);
  return {
    token: textOf(child(ticket, 'credentials'), 'token') as string,
    sign: textOf(child(ticket, 'credentials'), 'sign') as string,
    ticket,
  };
};

type Auth = { token: string; sign: string };
const wsfe = async (method: string, auth: Auth | null, inner = '', version: '1.1' | '1.2' = '1.1', cuit = CUIT) => {
  const authXml = auth ? `<Auth><Token>${auth.token}</Token><Sign>${auth.sign}</Sign><Cuit>${cuit}</Cuit></Auth>` : '';
  const response = await post(emulator.wsfeUrl, `<${method} xmlns="${NS}">${authXml}${inner}</${method}>`, version, `${NS}${method}`);
  return { ...response, result: child(child(response.body, `${method}Response`), `${method}Result`) as XmlElement };
};

const errorsOf = (result: XmlElement) => childrenNamed(child(result, 'Errors'), 'Err').map((e) => Number(textOf(e, 'Code')));
const obsOf = (detail: XmlElement | undefined) =>
  childrenNamed(child(detail, 'Observaciones'), 'Obs').map((o) => Number(textOf(o, 'Code')));

const today = () => new Date(emulator.now().getTime() - 3 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');

interface DetailInput {
  number: number;
  type?: number;
  docType?: number;
  docNumber?: string;
  condition?: number | null;
  total?: string;
  nonTaxed?: string;
  net?: string;
  exempt?: string;
  otherTaxes?: string;
  vat?: string;
  vatLines?: { id: number; base: string; amount: string }[] | null;
  taxes?: { id: number; base: string; amount: string }[];
  associated?: { type: number; pointOfSale: number; number: number }[];
  date?: string;
}

/** A Factura B of $121 (21 %) to an anonymous consumidor final unless told otherwise. */
const detailXml = (d: DetailInput) => {
  const vatLines = d.vatLines === undefined ? [{ id: 5, base: '100.00', amount: '21.00' }] : d.vatLines;
  return `<FECAEDetRequest><Concepto>1</Concepto><DocTipo>${d.docType ?? 99}</DocTipo><DocNro>${d.docNumber ?? '0'}</DocNro><CbteDesde>${d.number}</CbteDesde><CbteHasta>${d.number}</CbteHasta><CbteFch>${d.date ?? today()}</CbteFch><ImpTotal>${d.total ?? '121.00'}</ImpTotal><ImpTotConc>${d.nonTaxed ?? '0'}</ImpTotConc><ImpNeto>${d.net ?? '100.00'}</ImpNeto><ImpOpEx>${d.exempt ?? '0'}</ImpOpEx><ImpTrib>${d.otherTaxes ?? '0'}</ImpTrib><ImpIVA>${d.vat ?? '21.00'}</ImpIVA><MonId>PES</MonId><MonCotiz>1</MonCotiz>${d.condition === null ? '' : `<CondicionIVAReceptorId>${d.condition ?? 5}</CondicionIVAReceptorId>`}${
    d.associated
      ? `<CbtesAsoc>${d.associated.map((a) => `<CbteAsoc><Tipo>${a.type}</Tipo><PtoVta>${a.pointOfSale}</PtoVta><Nro>${a.number}</Nro></CbteAsoc>`).join('')}</CbtesAsoc>`
      : ''
  }${d.taxes ? `<Tributos>${d.taxes.map((t) => `<Tributo><Id>${t.id}</Id><Desc>x</Desc><BaseImp>${t.base}</BaseImp><Alic>3</Alic><Importe>${t.amount}</Importe></Tributo>`).join('')}</Tributos>` : ''}${
    vatLines && vatLines.length > 0
      ? `<Iva>${vatLines.map((l) => `<AlicIva><Id>${l.id}</Id><BaseImp>${l.base}</BaseImp><Importe>${l.amount}</Importe></AlicIva>`).join('')}</Iva>`
      : ''
  }</FECAEDetRequest>`;
};

const solicitar = async (auth: Auth, d: DetailInput, pointOfSale = 1, version: '1.1' | '1.2' = '1.1') => {
  const type = d.type ?? 6;
  const { result } = await wsfe(
    'FECAESolicitar',
    auth,
    `<FeCAEReq><FeCabReq><CantReg>1</CantReg><PtoVta>${pointOfSale}</PtoVta><CbteTipo>${type}</CbteTipo></FeCabReq><FeDetReq>${detailXml(d)}</FeDetReq></FeCAEReq>`,
    version,
  );
  const detail = child(child(result, 'FeDetResp'), 'FECAEDetResponse');
  return {
    result,
    detail,
    resultado: textOf(detail, 'Resultado'),
    cae: textOf(detail, 'CAE') ?? '',
    obs: obsOf(detail),
    errors: errorsOf(result),
  };
};

describe('ARCA emulator: WSAA', () => {
  it('serves the WSDL of both services', async () => {
    for (const url of [emulator.wsaaUrl, emulator.wsfeUrl]) {
      const wsdl = await (await fetch(`${url}?WSDL`)).text();
      expect(wsdl).toContain('wsdl:definitions');
      expect(wsdl).toContain(`location="${url}"`);
    }
    expect(await (await fetch(`${emulator.wsfeUrl}?wsdl`)).text()).toContain('FECAESolicitar');
  });

  it('issues a 12-hour ticket for a CMS signed by a certificate of the trusted CA, over SOAP 1.1 and 1.2', async () => {
    const { ticket } = await credentials();
    const header = child(ticket, 'header');
    const lifetime =
      new Date(textOf(header, 'expirationTime') as string).getTime() - new Date(textOf(header, 'generationTime') as string).getTime();
    expect(lifetime).toBe(12 * 3_600_000);
    expect(textOf(header, 'destination')).toContain(`CUIT ${CUIT}`);
    const other = pki.issueSigner('20222222223');
    const v12 = await login({ cms: signCms(loginTicketRequest('wsfe', emulator.now()), other), version: '1.2' });
    expect(v12.status).toBe(200);
    expect(v12.contentType).toContain('application/soap+xml');
    expect(textOf(child(v12.body, 'loginCmsResponse'), 'loginCmsReturn')).toContain('<token>');
    expect(emulator.logins).toBe(2);
  });

  it('refuses a second ticket while one is valid (coe.alreadyAuthenticated), unless switched off, and again after 12 hours', async () => {
    await credentials();
    const again = await login();
    expect(again.status).toBe(500);
    expect(faultOf(again.body)).toEqual({
      code: 'ns1:coe.alreadyAuthenticated',
      message: 'El CEE ya posee un TA valido para el acceso al WSN solicitado',
    });
    const v12 = await login({ version: '1.2' });
    expect(faultOf(v12.body).code).toBe('ns1:coe.alreadyAuthenticated');
    emulator.setRefuseWhileTicketValid(false);
    expect((await login()).status).toBe(200);
    emulator.setRefuseWhileTicketValid(true);
    emulator.advanceTime(12 * 3_600_000 + 1000);
    expect((await login()).status).toBe(200);
  });

  it('rejects a certificate from another CA, a tampered signature and unreadable CMS', async () => {
    const stranger = createArcaTestPki('Someone else').issueSigner(CUIT);
    const untrusted = await login({ cms: signCms(loginTicketRequest('wsfe', emulator.now()), stranger) });
    expect(faultOf(untrusted.body)).toEqual({ code: 'ns1:cms.cert.untrusted', message: 'Certificado no emitido por AC de confianza' });

    const der = Buffer.from(signCms(loginTicketRequest('wsfe', emulator.now()), signer), 'base64');
    const traAt = der.indexOf('<service>wsfe');
    der.write('<service>wsfX', traAt);
    expect(faultOf((await login({ cms: der.toString('base64') })).body).code).toBe('ns1:cms.sign.invalid');
    expect(faultOf((await login({ cms: 'bm90IGEgY21z' })).body).code).toBe('ns1:cms.bad');
  });

  it('rejects an expired certificate', async () => {
    const old = pki.issueSigner(CUIT, { notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    expect(faultOf((await login({ cms: signCms(loginTicketRequest('wsfe', emulator.now()), old) })).body).code).toBe(
      'ns1:cms.cert.expired',
    );
  });

  it('checks the TRA times: an offset is required, not in the future, not older than 24 h, not expired', async () => {
    const now = emulator.now();
    const noOffset = loginTicketRequest('wsfe', now, { generationTime: new Date(now.getTime() - 600_000).toISOString().slice(0, 19) });
    expect(faultOf((await login({ tra: noOffset })).body).code).toBe('ns1:xml.generationTime.invalid');
    const future = loginTicketRequest('wsfe', now, { generationTime: new Date(now.getTime() + 3_600_000).toISOString() });
    expect(faultOf((await login({ tra: future })).body).code).toBe('ns1:xml.generationTime.invalid');
    const stale = loginTicketRequest('wsfe', now, {
      generationTime: new Date(now.getTime() - 25 * 3_600_000).toISOString(),
      expirationTime: new Date(now.getTime() - 24.5 * 3_600_000).toISOString(),
    });
    expect(faultOf((await login({ tra: stale })).body).code).toBe('ns1:xml.generationTime.invalid');
    const expired = loginTicketRequest('wsfe', now, {
      generationTime: new Date(now.getTime() - 3_600_000).toISOString(),
      expirationTime: new Date(now.getTime() - 60_000).toISOString(),
    });
    expect(faultOf((await login({ tra: expired })).body).code).toBe('ns1:xml.expirationTime.expired');
    const unknownService = loginTicketRequest('wsxx', now);
    expect(faultOf((await login({ tra: unknownService })).body).code).toBe('ns1:wsn.unavailable');
    expect(emulator.logins).toBe(0);
  });

  it('refuses a computer that is not authorized (coe.notAuthorized)', async () => {
    emulator.denyComputer(CUIT);
    expect(faultOf((await login()).body)).toEqual({
      code: 'ns1:coe.notAuthorized',
      message: 'Computador no autorizado a acceder al servicio',
    });
  });
});

describe('ARCA emulator: WSFEv1', () => {
  let auth: Auth;
  beforeEach(async () => {
    auth = await credentials();
  });

  it('answers FEDummy without Auth, over SOAP 1.1 and 1.2', async () => {
    for (const version of ['1.1', '1.2'] as const) {
      const { result, status } = await wsfe('FEDummy', null, '', version);
      expect(status).toBe(200);
      expect([textOf(result, 'AppServer'), textOf(result, 'DbServer'), textOf(result, 'AuthServer')]).toEqual(['OK', 'OK', 'OK']);
    }
  });

  it('checks token and sign (600), their expiry and the CUIT they represent', async () => {
    expect(
      errorsOf((await wsfe('FECompUltimoAutorizado', { ...auth, sign: 'forged' }, '<PtoVta>1</PtoVta><CbteTipo>6</CbteTipo>')).result),
    ).toEqual([600]);
    expect(
      errorsOf((await wsfe('FECompUltimoAutorizado', auth, '<PtoVta>1</PtoVta><CbteTipo>6</CbteTipo>', '1.1', '20222222223')).result),
    ).toEqual([600]);
    emulator.advanceTime(12 * 3_600_000);
    expect(errorsOf((await wsfe('FECompUltimoAutorizado', auth, '<PtoVta>1</PtoVta><CbteTipo>6</CbteTipo>')).result)).toEqual([600]);
  });

  it('keeps one counter per point of sale and voucher type, starting at 0', async () => {
    const last = async (pv: number, type: number) =>
      Number(textOf((await wsfe('FECompUltimoAutorizado', auth, `<PtoVta>${pv}</PtoVta><CbteTipo>${type}</CbteTipo>`)).result, 'CbteNro'));
    expect(await last(1, 6)).toBe(0);
    expect((await solicitar(auth, { number: 1 })).resultado).toBe('A');
    expect((await solicitar(auth, { number: 2 }, 1, '1.2')).resultado).toBe('A');
    expect((await solicitar(auth, { number: 1 }, 2)).resultado).toBe('A');
    expect([await last(1, 6), await last(2, 6), await last(1, 11)]).toEqual([2, 1, 0]);
  });

  it('assigns a 14-digit CAE due 10 days after the voucher date, and FECompConsultar returns the stored voucher', async () => {
    const approved = await solicitar(auth, { number: 1 });
    expect(approved.cae).toMatch(/^\d{14}$/);
    const due = textOf(approved.detail, 'CAEFchVto') as string;
    const date = today();
    const expected = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6)) + 10));
    expect(due).toBe(expected.toISOString().slice(0, 10).replace(/-/g, ''));
    expect(textOf(child(approved.result, 'FeCabResp'), 'Resultado')).toBe('A');
    expect(textOf(child(approved.result, 'FeCabResp'), 'FchProceso')).toMatch(/^\d{14}$/);

    const { result } = await wsfe(
      'FECompConsultar',
      auth,
      '<FeCompConsReq><CbteTipo>6</CbteTipo><CbteNro>1</CbteNro><PtoVta>1</PtoVta></FeCompConsReq>',
    );
    const got = child(result, 'ResultGet');
    expect(textOf(got, 'CodAutorizacion')).toBe(approved.cae);
    expect([
      textOf(got, 'ImpTotal'),
      textOf(got, 'ImpNeto'),
      textOf(got, 'ImpIVA'),
      textOf(got, 'Resultado'),
      textOf(got, 'EmisionTipo'),
    ]).toEqual(['121.00', '100.00', '21.00', 'A', 'CAE']);
    expect(textOf(child(child(got, 'Iva'), 'AlicIva'), 'Id')).toBe('5');

    const missing = await wsfe(
      'FECompConsultar',
      auth,
      '<FeCompConsReq><CbteTipo>6</CbteTipo><CbteNro>2</CbteNro><PtoVta>1</PtoVta></FeCompConsReq>',
    );
    expect(errorsOf(missing.result)).toEqual([602]);
  });

  it('rejects a number that is not the next one, including an identical re-send (10016)', async () => {
    expect((await solicitar(auth, { number: 2 })).obs).toEqual([10016]);
    expect((await solicitar(auth, { number: 1 })).resultado).toBe('A');
    const resend = await solicitar(auth, { number: 1 });
    expect(resend.resultado).toBe('R');
    expect(resend.obs).toEqual([10016]);
    expect(resend.cae).toBe('');
    expect(textOf(child(resend.result, 'FeCabResp'), 'Resultado')).toBe('R');
    expect((await solicitar(auth, { number: 2, date: '20200101' })).obs).toEqual([10016]);
    expect(emulator.lastNumber(CUIT, 1, 6)).toBe(1);
  });

  it('validates the buyer document (10015) and CondicionIVAReceptorId (10246 missing, 10242 invalid for the class)', async () => {
    expect((await solicitar(auth, { number: 1, docType: 80, docNumber: '30500010911' })).obs).toEqual([10015]);
    expect((await solicitar(auth, { number: 1, docType: 99, docNumber: '123' })).obs).toEqual([10015]);
    expect((await solicitar(auth, { number: 1, type: 1, docType: 96, docNumber: '12345678', condition: 1 })).obs).toEqual([10015]);
    expect((await solicitar(auth, { number: 1, condition: null })).obs).toEqual([10246]);
    expect((await solicitar(auth, { number: 1, condition: 1 })).obs).toEqual([10242]);
    expect((await solicitar(auth, { number: 1, condition: 42 })).obs).toEqual([10242]);
    expect((await solicitar(auth, { number: 1, type: 1, docType: 80, docNumber: BUYER_CUIT, condition: 5 })).obs).toEqual([10242]);
    expect((await solicitar(auth, { number: 1, type: 1, docType: 80, docNumber: BUYER_CUIT, condition: 1 })).resultado).toBe('A');
  });

  it('approves a Factura A to a monotributista with observation 10217', async () => {
    const approved = await solicitar(auth, { number: 1, type: 1, docType: 80, docNumber: BUYER_CUIT, condition: 6 });
    expect(approved.resultado).toBe('A');
    expect(approved.obs).toEqual([10217]);
    expect(approved.cae).toMatch(/^\d{14}$/);
  });

  it('checks class A/B amounts: the total (10048), Iva required (10018), known rates (10019), rounding and sums (10051)', async () => {
    expect((await solicitar(auth, { number: 1, total: '121.01' })).obs).toEqual([10048]);
    expect((await solicitar(auth, { number: 1, vatLines: null })).obs).toEqual([10018]);
    expect((await solicitar(auth, { number: 1, vatLines: [{ id: 7, base: '100.00', amount: '21.00' }] })).obs).toEqual([10019]);
    expect(
      (await solicitar(auth, { number: 1, vatLines: [{ id: 5, base: '100.00', amount: '21.01' }], vat: '21.01', total: '121.01' })).obs,
    ).toEqual([10051]);
    expect(
      (await solicitar(auth, { number: 1, vatLines: [{ id: 5, base: '90.00', amount: '18.90' }], vat: '18.90', total: '118.90' })).obs,
    ).toEqual([10051]);
    // Several rates, exempt and non-taxed amounts, 0 % still as an AlicIva.
    const mixed = await solicitar(auth, {
      number: 1,
      net: '200.00',
      vat: '31.50',
      exempt: '10.00',
      nonTaxed: '0.01',
      total: '241.51',
      vatLines: [
        { id: 5, base: '100.00', amount: '21.00' },
        { id: 4, base: '50.00', amount: '5.25' },
        { id: 8, base: '50.00', amount: '2.50' },
        { id: 3, base: '0.00', amount: '0.00' },
      ].slice(0, 3),
    });
    expect(mixed.obs).toEqual([10051]);
    const good = await solicitar(auth, {
      number: 1,
      net: '200.00',
      vat: '28.75',
      exempt: '10.00',
      nonTaxed: '0.01',
      total: '238.76',
      vatLines: [
        { id: 5, base: '100.00', amount: '21.00' },
        { id: 4, base: '50.00', amount: '5.25' },
        { id: 8, base: '50.00', amount: '2.50' },
      ],
    });
    expect(good.resultado).toBe('A');
  });

  it('checks class C amounts: ImpOpEx 0 (10044), no VAT (10071), the total (10048)', async () => {
    const c = { type: 11, net: '121.00', vat: '0', total: '121.00', vatLines: [] };
    expect((await solicitar(auth, { number: 1, ...c, exempt: '5.00', total: '126.00' })).obs).toEqual([10044]);
    expect(
      (await solicitar(auth, { number: 1, ...c, vat: '21.00', net: '100.00', vatLines: [{ id: 5, base: '100.00', amount: '21.00' }] })).obs,
    ).toEqual([10071]);
    expect((await solicitar(auth, { number: 1, ...c, total: '120.00' })).obs).toEqual([10048]);
    expect((await solicitar(auth, { number: 1, ...c })).resultado).toBe('A');
  });

  it('checks other taxes: Tributos required (10024), known ids (10025), their sum (10029)', async () => {
    const base = { number: 1, otherTaxes: '3.00', total: '124.00' };
    expect((await solicitar(auth, base)).obs).toEqual([10024]);
    expect((await solicitar(auth, { ...base, taxes: [{ id: 42, base: '100.00', amount: '3.00' }] })).obs).toEqual([10025]);
    expect((await solicitar(auth, { ...base, taxes: [{ id: 2, base: '100.00', amount: '2.00' }] })).obs).toEqual([10029]);
    expect((await solicitar(auth, { ...base, taxes: [{ id: 2, base: '100.00', amount: '3.00' }] })).resultado).toBe('A');
  });

  it('requires the associated voucher on credit notes (10197) and accepts one with it', async () => {
    expect((await solicitar(auth, { number: 1 })).resultado).toBe('A');
    expect((await solicitar(auth, { number: 1, type: 8 })).obs).toEqual([10197]);
    const note = await solicitar(auth, { number: 1, type: 8, associated: [{ type: 6, pointOfSale: 1, number: 1 }] });
    expect(note.resultado).toBe('A');
    expect(emulator.vouchers(CUIT, 1, 8)[0]?.associated).toEqual([{ type: 6, pointOfSale: 1, number: 1 }]);
  });

  it('refuses an unknown voucher type (10007), a bad CantReg (10001) and a batch above RegXReq, which it reports as 250', async () => {
    expect((await solicitar(auth, { number: 1, type: 99 })).errors).toEqual([10007]);
    const bad = await wsfe(
      'FECAESolicitar',
      auth,
      `<FeCAEReq><FeCabReq><CantReg>2</CantReg><PtoVta>1</PtoVta><CbteTipo>6</CbteTipo></FeCabReq><FeDetReq>${detailXml({ number: 1 })}</FeDetReq></FeCAEReq>`,
    );
    expect(errorsOf(bad.result)).toEqual([10001]);
    const tooMany = Array.from({ length: 251 }, (_, i) => detailXml({ number: i + 1 })).join('');
    const big = await wsfe(
      'FECAESolicitar',
      auth,
      `<FeCAEReq><FeCabReq><CantReg>251</CantReg><PtoVta>1</PtoVta><CbteTipo>6</CbteTipo></FeCabReq><FeDetReq>${tooMany}</FeDetReq></FeCAEReq>`,
    );
    expect(errorsOf(big.result)).toEqual([10002]);
    expect(textOf((await wsfe('FECompTotXRequest', auth)).result, 'RegXReq')).toBe('250');
  });

  it('refuses a point of sale out of range (10004) and authorizes nothing', async () => {
    expect((await solicitar(auth, { number: 1 }, 0)).errors).toEqual([10004]);
    expect((await solicitar(auth, { number: 1 }, 100_000)).errors).toEqual([10004]);
    expect(emulator.lastNumber(CUIT, 0, 6)).toBe(0);
    expect(emulator.vouchers(CUIT, 100_000, 6)).toEqual([]);
  });

  it('answers a batch with P when only some vouchers pass', async () => {
    const { result } = await wsfe(
      'FECAESolicitar',
      auth,
      `<FeCAEReq><FeCabReq><CantReg>2</CantReg><PtoVta>1</PtoVta><CbteTipo>6</CbteTipo></FeCabReq><FeDetReq>${detailXml({ number: 1 })}${detailXml({ number: 3 })}</FeDetReq></FeCAEReq>`,
    );
    expect(textOf(child(result, 'FeCabResp'), 'Resultado')).toBe('P');
  });

  it('serves the parameter tables', async () => {
    const ids = async (method: string, row: string, inner = '') =>
      childrenNamed(child((await wsfe(method, auth, inner)).result, 'ResultGet'), row).map((r) => textOf(r, 'Id') ?? textOf(r, 'Nro'));
    expect(await ids('FEParamGetTiposIva', 'IvaTipo')).toEqual(['3', '4', '5', '6', '8', '9']);
    expect(await ids('FEParamGetTiposCbte', 'CbteTipo')).toEqual(expect.arrayContaining(['1', '6', '11', '3', '8', '13']));
    expect(await ids('FEParamGetTiposDoc', 'DocTipo')).toEqual(['80', '86', '87', '94', '96', '99']);
    expect(await ids('FEParamGetTiposConcepto', 'ConceptoTipo')).toEqual(['1', '2', '3']);
    expect(await ids('FEParamGetTiposMonedas', 'Moneda')).toContain('PES');
    expect(await ids('FEParamGetPtosVenta', 'PtoVenta')).toEqual(['1', '2']);
    expect(await ids('FEParamGetCondicionIvaReceptor', 'CondicionIvaReceptor', '<ClaseCmp>A</ClaseCmp>')).toEqual(['1', '6', '13', '16']);
    expect(await ids('FEParamGetCondicionIvaReceptor', 'CondicionIvaReceptor', '<ClaseCmp>B</ClaseCmp>')).toEqual([
      '4',
      '5',
      '7',
      '8',
      '9',
      '10',
      '15',
    ]);
  });

  it('injects faults: a response lost after committing, 501, a slow answer, a SOAP fault', async () => {
    emulator.injectFault({ kind: 'drop-after-commit', method: 'FECAESolicitar' });
    await expect(solicitar(auth, { number: 1 })).rejects.toThrow();
    expect(emulator.lastNumber(CUIT, 1, 6)).toBe(1);

    emulator.injectFault({ kind: 'error-501', method: 'FECAESolicitar' });
    expect((await solicitar(auth, { number: 2 })).errors).toEqual([501]);
    expect(emulator.lastNumber(CUIT, 1, 6)).toBe(1);

    emulator.injectFault({ kind: 'slow', method: 'FECAESolicitar', delayMs: 300 });
    const started = emulator.calls.length;
    expect((await solicitar(auth, { number: 2 })).resultado).toBe('A');
    expect(emulator.calls.length).toBe(started + 1);

    emulator.injectFault({ kind: 'soap-fault', method: 'FECompUltimoAutorizado' });
    const faulted = await wsfe('FECompUltimoAutorizado', auth, '<PtoVta>1</PtoVta><CbteTipo>6</CbteTipo>');
    expect(faulted.status).toBe(500);
    expect(faultOf(faulted.body).code).toBe('soap:Server');

    emulator.injectFault({ kind: 'drop-before', method: 'FECAESolicitar' });
    await expect(solicitar(auth, { number: 3 })).rejects.toThrow();
    expect(emulator.lastNumber(CUIT, 1, 6)).toBe(2);
  });

  it('injects a rejection: Resultado R with the given code, nothing authorized; the next request goes through', async () => {
    emulator.injectFault({ kind: 'reject', method: 'FECAESolicitar', code: 10004, message: 'El campo PtoVta no es valido.' });
    const refused = await solicitar(auth, { number: 1 });
    expect(refused.errors).toEqual([10004]);
    expect(textOf(child(refused.result, 'FeCabResp'), 'Resultado')).toBe('R');
    expect(emulator.lastNumber(CUIT, 1, 6)).toBe(0);
    expect((await solicitar(auth, { number: 1 })).resultado).toBe('A');
  });

  it('answers an unknown method with a SOAP client fault', async () => {
    const { status, body } = await wsfe('FENoSuchMethod', auth);
    expect(status).toBe(500);
    expect(faultOf(body).code).toBe('soap:Client');
  });
});
