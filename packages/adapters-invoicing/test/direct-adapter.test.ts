import { AdapterError, type InvoiceAuthorizer } from '@mostrador/core';
import { ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki } from '@mostrador/testkit/arca';
import { invoiceAuthorizerContract, voucherRequest } from '@mostrador/testkit/contracts';
import { InMemoryAccessTicketStore, InMemoryExclusiveLocks, RecordingLogger } from '@mostrador/testkit/memory';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDirectInvoiceAuthorizer, resolveArcaOptions } from '../src/index.js';

const CUIT = '20111111112';
let pki: ArcaTestPki;
let signer: ArcaTestSigner;

beforeAll(() => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(CUIT);
});

const emulators: ArcaEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.stop()));
});

const startEmulator = async () => {
  const emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
  emulators.push(emulator);
  return emulator;
};

const adapter = (
  emulator: ArcaEmulator,
  deps: {
    store?: InMemoryAccessTicketStore;
    locks?: InMemoryExclusiveLocks;
    logger?: RecordingLogger;
    who?: ArcaTestSigner;
    timeoutMs?: number;
  } = {},
): InvoiceAuthorizer => {
  const who = deps.who ?? signer;
  return createDirectInvoiceAuthorizer(
    resolveArcaOptions({
      cuit: who.cuit,
      certificate: who.certificatePem,
      privateKey: who.privateKeyPem,
      pointOfSale: 1,
      wsaaUrl: emulator.wsaaUrl,
      wsfeUrl: emulator.wsfeUrl,
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    }),
    {
      store: deps.store ?? new InMemoryAccessTicketStore(),
      locks: deps.locks ?? new InMemoryExclusiveLocks(),
      logger: deps.logger ?? new RecordingLogger(),
      now: () => emulator.now(),
      backoffMs: [5, 10, 20],
    },
  );
};

invoiceAuthorizerContract(
  async () => {
    const emulator = await startEmulator();
    return {
      authorizer: adapter(emulator),
      pointOfSale: 1,
      loseNextAnswer: () => emulator.injectFault({ kind: 'drop-after-commit', method: 'FECAESolicitar' }),
      failNextWithInternalError: () => emulator.injectFault({ kind: 'error-501', method: 'FECAESolicitar' }),
      close: () => emulator.stop(),
    };
  },
  { name: 'direct SOAP adapter against the ARCA emulator' },
);

const aVoucher = (number: number) => voucherRequest({ pointOfSale: 1, voucherType: 'FACTURA_B', number, lines: [[12_100, 2100]] });

describe('direct adapter: WSAA over real HTTP', () => {
  it('logs in with a CMS the emulator verifies against its CA (SOAP 1.1), then calls WSFEv1 over SOAP 1.2', async () => {
    const emulator = await startEmulator();
    const logger = new RecordingLogger();
    const authorizer = adapter(emulator, { logger });
    expect((await authorizer.authorize(aVoucher(1))).status).toBe('approved');
    expect(emulator.logins).toBe(1);
    expect(emulator.callsTo('loginCms').map((c) => c.soapVersion)).toEqual(['1.1']);
    expect(emulator.callsTo('FECAESolicitar').map((c) => c.soapVersion)).toEqual(['1.2']);
    // The ticket's token and sign, and the key, never reach the log.
    expect(logger.lines.join('\n')).not.toMatch(/PRIVATE KEY|token":|sign":/);
  });

  it('reuses the ticket for every call until it nears expiry, then renews it once', async () => {
    const emulator = await startEmulator();
    const authorizer = adapter(emulator);
    for (let number = 1; number <= 3; number++) expect((await authorizer.authorize(aVoucher(number))).status).toBe('approved');
    await authorizer.lastAuthorizedNumber(1, 'FACTURA_B');
    expect(emulator.logins).toBe(1);
    emulator.advanceTime(12 * 3_600_000 - 5 * 60_000);
    // Inside the renewal margin: ARCA still holds the ticket and refuses early renewal; the valid ticket is used.
    expect(await authorizer.lastAuthorizedNumber(1, 'FACTURA_B')).toBe(3);
    expect(await authorizer.lastAuthorizedNumber(1, 'FACTURA_B')).toBe(3);
    expect(emulator.callsTo('loginCms')).toHaveLength(2);
    emulator.advanceTime(6 * 60_000);
    expect(await authorizer.lastAuthorizedNumber(1, 'FACTURA_B')).toBe(3);
    expect(emulator.logins).toBe(2);
  });

  it('two instances sharing the ticket store log in once, even when they start together', async () => {
    const emulator = await startEmulator();
    const store = new InMemoryAccessTicketStore();
    const locks = new InMemoryExclusiveLocks();
    const a = adapter(emulator, { store, locks });
    const b = adapter(emulator, { store, locks });
    await Promise.all([a.lastAuthorizedNumber(1, 'FACTURA_B'), b.lastAuthorizedNumber(1, 'FACTURA_B'), a.lookup(1, 'FACTURA_B', 1)]);
    expect(emulator.logins).toBe(1);
    expect(emulator.callsTo('loginCms')).toHaveLength(1);
  });

  it('coe.alreadyAuthenticated with nothing usable stored: re-reads the store with back-off, never logs in again in a loop', async () => {
    const emulator = await startEmulator();
    await adapter(emulator).lastAuthorizedNumber(1, 'FACTURA_B');
    const stranger = adapter(emulator);
    const error = await stranger.lastAuthorizedNumber(1, 'FACTURA_B').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVOICING.TICKET_UNAVAILABLE', retryable: true });
    expect(emulator.callsTo('loginCms')).toHaveLength(2);
  });

  it('coe.alreadyAuthenticated while another instance is storing its ticket: picks that ticket up from the store', async () => {
    const emulator = await startEmulator();
    const store = new InMemoryAccessTicketStore();
    const first = adapter(emulator, { store });
    await first.lastAuthorizedNumber(1, 'FACTURA_B');
    const key = 'homologation:wsfe:';
    const saved = (store as unknown as { tickets: Map<string, unknown> }).tickets;
    const [ticketKey, ticket] = [...saved.entries()][0] as [string, unknown];
    expect(ticketKey.startsWith(key)).toBe(true);
    // The second instance's store is empty at first and gets the ticket while it backs off.
    const late = new InMemoryAccessTicketStore();
    const second = adapter(emulator, { store: late });
    setTimeout(() => void late.save(ticketKey, ticket as never), 8);
    expect(await second.lastAuthorizedNumber(1, 'FACTURA_B')).toBe(0);
    expect(emulator.logins).toBe(1);
    // The second instance did try to log in (and was refused): the branch under test ran.
    expect(emulator.callsTo('loginCms')).toHaveLength(2);
  });

  it('a ticket ARCA stops accepting (600) is renewed once and the call repeated', async () => {
    const emulator = await startEmulator();
    const authorizer = adapter(emulator);
    expect((await authorizer.authorize(aVoucher(1))).status).toBe('approved');
    emulator.expireTickets();
    expect((await authorizer.authorize(aVoucher(2))).status).toBe('approved');
    expect(emulator.logins).toBe(2);
    expect(emulator.lastNumber(CUIT, 1, 6)).toBe(2);
  });

  it('a certificate from another CA fails with INVOICING.AUTH_FAILED, not retryable', async () => {
    const emulator = await startEmulator();
    const stranger = createArcaTestPki('Elsewhere').issueSigner(CUIT);
    const error = await adapter(emulator, { who: stranger })
      .lastAuthorizedNumber(1, 'FACTURA_B')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ code: 'INVOICING.AUTH_FAILED', retryable: false, details: { faultCode: 'cms.cert.untrusted' } });
  });

  it('a slow answer beyond the timeout is INVOICING.OUTCOME_UNKNOWN for an authorization, INVOICING.UNAVAILABLE for a read', async () => {
    const emulator = await startEmulator();
    const authorizer = adapter(emulator, { timeoutMs: 150 });
    await authorizer.lastAuthorizedNumber(1, 'FACTURA_B');
    emulator.injectFault({ kind: 'slow', method: 'FECAESolicitar', delayMs: 400 });
    await expect(authorizer.authorize(aVoucher(1))).rejects.toMatchObject({ code: 'INVOICING.OUTCOME_UNKNOWN' });
    emulator.injectFault({ kind: 'slow', method: 'FECompUltimoAutorizado', delayMs: 400 });
    await expect(authorizer.lastAuthorizedNumber(1, 'FACTURA_B')).rejects.toMatchObject({ code: 'INVOICING.UNAVAILABLE' });
  });
});

describe('direct adapter options', () => {
  const valid = () => ({ cuit: CUIT, certificate: signer.certificatePem, privateKey: signer.privateKeyPem, pointOfSale: 1 });

  it('defaults to homologation endpoints and accepts PEMs with escaped newlines (as env vars carry them)', () => {
    const resolved = resolveArcaOptions({ ...valid(), certificate: signer.certificatePem.replace(/\n/g, '\\n') });
    expect(resolved.environment).toBe('homologation');
    expect(resolved.wsaaUrl).toBe('https://wsaahomo.afip.gov.ar/ws/services/LoginCms');
    expect(resolveArcaOptions({ ...valid(), production: true }).wsfeUrl).toBe('https://servicios1.afip.gov.ar/wsfev1/service.asmx');
  });

  it.each([
    [{ cuit: '20111111113' }, 'ARCA_CUIT'],
    [{ certificate: '/no/such/file.pem' }, 'ARCA_CERT'],
    [{ privateKey: 'not a key' }, 'ARCA_KEY'],
    [{ pointOfSale: 0 }, 'ARCA_POINT_OF_SALE'],
    [{ wsfeUrl: 'ftp://x' }, 'ARCA_WSFE_URL'],
  ])('names the bad option %j → %s, never echoing its value', (override, option) => {
    const error = (() => {
      try {
        resolveArcaOptions({ ...valid(), ...override });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toContain(option);
    for (const value of Object.values(override)) expect(error?.message).not.toContain(String(value));
  });

  it('refuses a key that does not belong to the certificate', () => {
    const other = pki.issueSigner(CUIT);
    expect(() => resolveArcaOptions({ ...valid(), privateKey: other.privateKeyPem })).toThrow(/ARCA_KEY does not belong/);
  });
});
