import {
  type AccessTicketStore,
  type Clock,
  createInvoicingUseCases,
  type ExclusiveLocks,
  type InvoiceAuthorizer,
  type InvoicingUseCases,
  type IssuerProfile,
  type Order,
  type UnitOfWork,
} from '@mostrador/core';
import type { ArcaEmulator, ArcaTestSigner } from '@mostrador/testkit/arca';
import { RecordingLogger } from '@mostrador/testkit/memory';
import { anOrder } from '@mostrador/testkit/mothers';
import { createDirectInvoiceAuthorizer, resolveArcaOptions } from '../../src/index.js';

export const ISSUER_CUIT = '20111111112';

export const issuerProfile = (overrides: Partial<IssuerProfile> = {}): IssuerProfile => ({
  cuit: ISSUER_CUIT,
  pointOfSale: 1,
  legalName: 'Almacén Mostrador SRL',
  address: 'Av. Santa Fe 1234, CABA',
  ivaCondition: 'RESPONSABLE_INSCRIPTO',
  grossIncomeNumber: '901-123456-7',
  activityStartDate: '2020-03-01',
  ...overrides,
});

export const directAuthorizer = (
  emulator: ArcaEmulator,
  signer: ArcaTestSigner,
  deps: { store: AccessTicketStore; locks: ExclusiveLocks; timeoutMs?: number },
): InvoiceAuthorizer =>
  createDirectInvoiceAuthorizer(
    resolveArcaOptions({
      cuit: signer.cuit,
      certificate: signer.certificatePem,
      privateKey: signer.privateKeyPem,
      pointOfSale: 1,
      wsaaUrl: emulator.wsaaUrl,
      wsfeUrl: emulator.wsfeUrl,
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    }),
    { store: deps.store, locks: deps.locks, logger: new RecordingLogger(), now: () => emulator.now(), backoffMs: [10, 20, 40] },
  );

let ids = 0;
const nextId = (): string => {
  ids += 1;
  return `inv-${process.pid}-${Date.now().toString(36)}-${ids}`;
};
export const invoicing = (input: {
  uow: UnitOfWork;
  locks: ExclusiveLocks;
  authorizer: InvoiceAuthorizer;
  issuer?: IssuerProfile;
  clock?: Clock;
  anonymousThresholdCents?: number;
}): InvoicingUseCases =>
  createInvoicingUseCases({
    uow: input.uow,
    authorizer: input.authorizer,
    locks: input.locks,
    clock: input.clock ?? { now: () => new Date() },
    ids: { next: nextId, code: (length) => 'X'.repeat(length) },
    issuer: input.issuer ?? issuerProfile(),
    ...(input.anonymousThresholdCents !== undefined ? { anonymousThresholdCents: input.anonymousThresholdCents } : {}),
    logger: new RecordingLogger(),
  });

/** A paid order (as the payment use case leaves it), stored. */
export const aPaidOrder = async (uow: UnitOfWork, overrides: Partial<Order> = {}): Promise<Order> => {
  const at = new Date();
  const placed = anOrder({ createdAt: at, ...overrides });
  const order: Order = {
    ...placed,
    status: 'paid',
    history: [...placed.history, { from: 'placed', to: 'paid', at, by: 'system', note: null }],
    version: 1,
  };
  await uow.repositories.orders.save(order);
  return order;
};
