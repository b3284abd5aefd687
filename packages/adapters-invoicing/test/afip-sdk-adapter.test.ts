import { AfipSdkServiceStandIn, ArcaEmulator, type ArcaTestPki, type ArcaTestSigner, createArcaTestPki } from '@mostrador/testkit/arca';
import { invoiceAuthorizerContract, voucherRequest } from '@mostrador/testkit/contracts';
import { RecordingLogger } from '@mostrador/testkit/memory';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AFIP_SDK_WARNING, AfipSdkInvoiceAuthorizer, resolveArcaOptions } from '../src/index.js';

/*
 * The Afip SDK adapter with the real `@afipsdk/afip.js`, its HTTP client pointed at a local
 * stand-in of the Afip SDK service, which relays to the ARCA emulator.
 */

const CUIT = '20111111112';
const ACCESS_TOKEN = 'afipsdk-test-token';
let pki: ArcaTestPki;
let signer: ArcaTestSigner;
beforeAll(() => {
  pki = createArcaTestPki();
  signer = pki.issueSigner(CUIT);
});

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

const setUp = async (accessToken = ACCESS_TOKEN) => {
  const emulator = await ArcaEmulator.start({ trustedCaPem: pki.ca.certificatePem });
  const service = await AfipSdkServiceStandIn.start({ wsaaUrl: emulator.wsaaUrl, wsfeUrl: emulator.wsfeUrl, accessToken: ACCESS_TOKEN });
  running.push(service, emulator);
  const logger = new RecordingLogger();
  const options = resolveArcaOptions({ cuit: CUIT, certificate: signer.certificatePem, privateKey: signer.privateKeyPem, pointOfSale: 1 });
  const authorizer = new AfipSdkInvoiceAuthorizer(options, { accessToken, baseUrl: service.baseUrl }, logger);
  return { emulator, service, logger, authorizer };
};

invoiceAuthorizerContract(
  async () => {
    const { emulator, service, authorizer } = await setUp();
    return {
      authorizer,
      pointOfSale: 1,
      loseNextAnswer: () => emulator.injectFault({ kind: 'drop-after-commit', method: 'FECAESolicitar' }),
      failNextWithInternalError: () => emulator.injectFault({ kind: 'error-501', method: 'FECAESolicitar' }),
      close: async () => {
        await service.stop();
        await emulator.stop();
      },
    };
  },
  { name: 'afip.js through a stand-in of the Afip SDK service' },
);

describe('afip.js adapter', () => {
  it('warns at creation that the certificate and key go to the Afip SDK service, and they do', async () => {
    const { service, logger, authorizer } = await setUp();
    expect(logger.lines.some((line) => line.startsWith('warn') && line.includes(AFIP_SDK_WARNING))).toBe(true);
    await authorizer.lastAuthorizedNumber(1, 'FACTURA_B');
    expect(service.receivedKeys).toContain(signer.privateKeyPem);
  });

  it('a bad access token is INVOICING.AUTH_FAILED, not retryable', async () => {
    const { authorizer } = await setUp('wrong-token');
    await expect(authorizer.lastAuthorizedNumber(1, 'FACTURA_B')).rejects.toMatchObject({
      code: 'INVOICING.AUTH_FAILED',
      retryable: false,
    });
  });

  it('authorizes through the service with the same amounts the direct adapter sends', async () => {
    const { emulator, authorizer } = await setUp();
    const result = await authorizer.authorize(
      voucherRequest({
        pointOfSale: 1,
        voucherType: 'FACTURA_B',
        number: 1,
        lines: [
          [12_345, 2100],
          [1_050, 1050],
        ],
      }),
    );
    expect(result.status).toBe('approved');
    expect(emulator.vouchers(CUIT, 1, 6)[0]).toMatchObject({ total: 13_395, docType: 99, receiverCondition: 5 });
  });
});
