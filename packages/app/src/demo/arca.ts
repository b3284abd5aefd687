import type { Startable } from '@mostrador/core';
import type { AppConfig } from '../config.js';

/** The demo shop's start of activities, printed on its vouchers unless SHOP_ACTIVITY_START says otherwise. */
export const DEMO_ACTIVITY_START = '2019-07-01';

/**
 * The demo's stand-in for ARCA homologation: the testkit's WSAA/WSFEv1 emulator, a throwaway test
 * CA it trusts and a signing certificate for the shop's CUIT, made in memory now (nothing is
 * written to disk). Returns the configuration that points the direct adapter at it.
 */
export async function startDemoArca(
  config: AppConfig,
): Promise<{ readonly startable: Startable; readonly config: Partial<AppConfig>; readonly wsfeUrl: string }> {
  const { ArcaEmulator, createArcaTestPki } = await import('@mostrador/testkit/arca');
  const cuit = (config.ARCA_CUIT ?? config.SHOP_CUIT).replace(/\D/g, '');
  const pki = createArcaTestPki('Mostrador demo WSAA CA');
  const signer = pki.issueSigner(cuit, { commonName: 'mostrador-demo' });
  const emulator = await ArcaEmulator.start({
    trustedCaPem: pki.ca.certificatePem,
    host: config.HOST,
    port: config.PORT === 0 ? 0 : config.PORT + 3,
    pointsOfSale: [config.ARCA_POINT_OF_SALE ?? config.SHOP_POINT_OF_SALE],
  });
  let stopped: Promise<void> | null = null;
  return {
    startable: { name: 'arca emulator', phase: 'external', start: async () => {}, stop: () => (stopped ??= emulator.stop()) },
    config: {
      ARCA_CERT: signer.certificatePem,
      ARCA_KEY: signer.privateKeyPem,
      ARCA_CUIT: cuit,
      // The demo shop's own start of activities (invoicing requires one; a real shop sets its registered date).
      SHOP_ACTIVITY_START: config.SHOP_ACTIVITY_START ?? DEMO_ACTIVITY_START,
      ARCA_PRODUCTION: false,
      ARCA_WSAA_URL: emulator.wsaaUrl,
      ARCA_WSFE_URL: emulator.wsfeUrl,
    },
    wsfeUrl: emulator.wsfeUrl,
  };
}
