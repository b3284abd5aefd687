/*
 * A child process for the crash tests: it issues the invoice of one order against the emulator with
 * real persistence and hangs right before (`before`) or right after (`after`) ARCA authorizes, and
 * prints `HANG <number>` so the parent can SIGKILL it at that point.
 * argv: mode orderId; env: ARCA_TEST_DB_URL or ARCA_TEST_DATA_DIR, ARCA_WSAA_URL, ARCA_WSFE_URL, ARCA_CERT, ARCA_KEY.
 */
import { randomUUID } from 'node:crypto';
import { createPersistence } from '@mostrador/adapters-persistence';
import { createInvoicingUseCases, type InvoiceAuthorizer } from '@mostrador/core';
import { createDirectInvoiceAuthorizer, resolveArcaOptions } from '../../src/index.js';
import { ISSUER_CUIT, issuerProfile } from './issuance.js';

const [mode, orderId] = process.argv.slice(2) as [string, string];
const env = process.env;
const persistence = await createPersistence(
  env.ARCA_TEST_DB_URL ? { url: env.ARCA_TEST_DB_URL } : { dataDir: env.ARCA_TEST_DATA_DIR as string },
);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const direct = createDirectInvoiceAuthorizer(
  resolveArcaOptions({
    cuit: ISSUER_CUIT,
    certificate: env.ARCA_CERT as string,
    privateKey: env.ARCA_KEY as string,
    pointOfSale: 1,
    wsaaUrl: env.ARCA_WSAA_URL as string,
    wsfeUrl: env.ARCA_WSFE_URL as string,
  }),
  { store: persistence.accessTickets, locks: persistence.locks, logger: silent },
);
const hanging: InvoiceAuthorizer = {
  lastAuthorizedNumber: (pointOfSale, type) => direct.lastAuthorizedNumber(pointOfSale, type),
  lookup: (pointOfSale, type, number) => direct.lookup(pointOfSale, type, number),
  async authorize(request) {
    if (mode === 'after') await direct.authorize(request);
    process.stdout.write(`HANG ${request.number}\n`);
    return new Promise(() => undefined);
  },
};
const invoicing = createInvoicingUseCases({
  uow: persistence.uow,
  authorizer: hanging,
  locks: persistence.locks,
  clock: { now: () => new Date() },
  ids: { next: () => randomUUID(), code: (length) => 'X'.repeat(length) },
  issuer: issuerProfile(),
  logger: silent,
});
await invoicing.invoiceOrder(orderId);
