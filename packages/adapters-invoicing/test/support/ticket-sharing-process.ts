/*
 * A child process for the ticket-sharing tests: one app instance of its own (the direct adapter and
 * the database ticket store on a shared PostgreSQL database), that invoices the orders it is given
 * as soon as the parent says so, so that two of them need the WSAA ticket at the same moment.
 * Protocol: prints `READY` once built, waits for a `GO` line on stdin, invoices the orders in order,
 * prints `RESULT <json>` ({ statuses, vouchers: 'FACTURA_A 1'…, tokens }) and exits.
 * `tokens` are SHA-256 prefixes of the tokens this process presented to WSFEv1 (seen on the wire, so
 * whatever the adapter does internally, this is what it really used).
 * argv: orderId...; env: ARCA_TEST_DB_URL, ARCA_WSAA_URL, ARCA_WSFE_URL, ARCA_CERT, ARCA_KEY,
 * ARCA_TEST_CLOCK_OFFSET_MS (the emulator's clock offset, so both agree on when tickets expire).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createPersistence } from '@mostrador/adapters-persistence';
import { createInvoicingUseCases } from '@mostrador/core';
import { createDirectInvoiceAuthorizer, resolveArcaOptions } from '../../src/index.js';
import { ISSUER_CUIT, issuerProfile } from './issuance.js';

const orderIds = process.argv.slice(2);
const env = process.env;
const offsetMs = Number(env.ARCA_TEST_CLOCK_OFFSET_MS ?? 0);
const now = () => new Date(Date.now() + offsetMs);

const tokens = new Set<string>();
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const body = typeof init?.body === 'string' ? init.body : '';
  const token = /<Token>([^<]*)<\/Token>/.exec(body)?.[1];
  if (token) tokens.add(createHash('sha256').update(token).digest('hex').slice(0, 16));
  return realFetch(input, init);
};

const persistence = await createPersistence({ url: env.ARCA_TEST_DB_URL as string });
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const invoicing = createInvoicingUseCases({
  uow: persistence.uow,
  authorizer: createDirectInvoiceAuthorizer(
    resolveArcaOptions({
      cuit: ISSUER_CUIT,
      certificate: env.ARCA_CERT as string,
      privateKey: env.ARCA_KEY as string,
      pointOfSale: 1,
      wsaaUrl: env.ARCA_WSAA_URL as string,
      wsfeUrl: env.ARCA_WSFE_URL as string,
    }),
    { store: persistence.accessTickets, locks: persistence.locks, logger: silent, now },
  ),
  locks: persistence.locks,
  clock: { now },
  ids: { next: () => randomUUID(), code: (length) => 'X'.repeat(length) },
  issuer: issuerProfile(),
  logger: silent,
});

process.stdout.write('READY\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'GO') break;
lines.close();

// One after the other, in the given order: the parent gives each process a different voucher type
// first, so their first calls take different sequence locks and meet only at the ticket.
const outcomes = [];
for (const id of orderIds) outcomes.push(await invoicing.invoiceOrder(id));
const result = {
  statuses: outcomes.map((outcome) => outcome.status),
  vouchers: outcomes.map((outcome) =>
    outcome.status === 'authorized' ? `${outcome.invoice.voucherType} ${outcome.invoice.number}` : null,
  ),
  tokens: [...tokens],
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
await persistence.close();
process.exit(0);
