import { afipSdkInvoicingModule, arcaInvoicingModule } from '@mostrador/adapters-invoicing';
import {
  bindToken,
  createInvoicingUseCases,
  type DocumentRenderer,
  type EventSubscriber,
  type IssuerProfile,
  invoiceDeliverySubscriber,
  invoicingSubscriber,
  resolveToken,
  type ScheduledTask,
  type Startable,
  TOKENS,
} from '@mostrador/core';
import { ContainerModule } from 'inversify';
import type { AppModule } from './compose.js';
import { ACTIVITY_START_REQUIRED, type AppConfig, ConfigError } from './config.js';

/*
 * Electronic invoicing: on when ARCA_CERT and ARCA_KEY are set (the demo sets them to its
 * emulator's test certificate), off otherwise — said once at start, never a failure. A bad value
 * (unreadable PEM, a key of another certificate, an invalid CUIT) fails at composition naming
 * the variable, like every other option.
 */

/** The issuer of the vouchers; ConfigError naming SHOP_ACTIVITY_START when it is missing (it has no default). */
export const issuerProfileFrom = (config: AppConfig): IssuerProfile => {
  const activityStartDate = config.SHOP_ACTIVITY_START;
  if (!activityStartDate) throw new ConfigError([ACTIVITY_START_REQUIRED]);
  const cuit = (config.ARCA_CUIT ?? config.SHOP_CUIT).replace(/\D/g, '');
  return {
    cuit,
    pointOfSale: config.ARCA_POINT_OF_SALE ?? config.SHOP_POINT_OF_SALE,
    legalName: config.SHOP_LEGAL_NAME,
    address: config.SHOP_ADDRESS,
    ivaCondition: config.SHOP_IVA_CONDITION,
    grossIncomeNumber: config.SHOP_GROSS_INCOME_NUMBER ?? cuit,
    activityStartDate,
  };
};

/** Announces at start that invoicing is off. */
const invoicingOffModule = (): AppModule =>
  new ContainerModule((load) => {
    bindToken(load, TOKENS.Startable).toDynamicValue((context) => {
      const logger = resolveToken(context, TOKENS.Logger);
      const startable: Startable = {
        name: 'invoicing (off)',
        phase: 'prepare',
        start: async () => logger.warn('electronic invoicing is off: set ARCA_CERT and ARCA_KEY to issue ARCA vouchers'),
        stop: async () => undefined,
      };
      return startable;
    });
  });

/**
 * The ARCA modules from the configuration: the direct adapter (`TOKENS.InvoiceAuthorizer`), the
 * issuance use cases (`TOKENS.InvoicingUseCases`), the `invoicing` subscriber of `order.paid`,
 * `order.refunded`, `order.cancelled` and `payment.refunded`, the `invoice-delivery` subscriber of
 * `invoice.authorized` (`TOKENS.EventSubscriber`), and a Startable that says invoicing is on and
 * reconciles vouchers left pending, at start and every ARCA_RECONCILE_INTERVAL_SECONDS.
 */
export function invoicingModulesFromConfig(config: AppConfig): AppModule[] {
  if (!config.ARCA_CERT || !config.ARCA_KEY) return [invoicingOffModule()];
  const issuer = issuerProfileFrom(config);
  const arca = {
    cuit: issuer.cuit,
    certificate: config.ARCA_CERT,
    privateKey: config.ARCA_KEY,
    production: config.ARCA_PRODUCTION,
    pointOfSale: issuer.pointOfSale,
    ...(config.ARCA_WSAA_URL ? { wsaaUrl: config.ARCA_WSAA_URL } : {}),
    ...(config.ARCA_WSFE_URL ? { wsfeUrl: config.ARCA_WSFE_URL } : {}),
  };
  // AFIPSDK_ACCESS_TOKEN chooses the Afip SDK service (it warns that the key is sent there); else the direct adapter.
  const adapter = config.AFIPSDK_ACCESS_TOKEN
    ? afipSdkInvoicingModule(arca, {
        accessToken: config.AFIPSDK_ACCESS_TOKEN,
        ...(config.AFIPSDK_API_URL ? { baseUrl: config.AFIPSDK_API_URL } : {}),
      })
    : arcaInvoicingModule(arca);
  const useCases = new ContainerModule((load) => {
    bindToken(load, TOKENS.InvoicingUseCases)
      .toDynamicValue((context) =>
        createInvoicingUseCases({
          uow: resolveToken(context, TOKENS.UnitOfWork),
          authorizer: resolveToken(context, TOKENS.InvoiceAuthorizer),
          locks: resolveToken(context, TOKENS.ExclusiveLocks),
          clock: resolveToken(context, TOKENS.Clock),
          ids: resolveToken(context, TOKENS.IdGenerator),
          issuer,
          anonymousThresholdCents: config.ANONYMOUS_INVOICE_THRESHOLD_CENTS,
          logger: resolveToken(context, TOKENS.Logger),
        }),
      )
      .inSingletonScope();
    bindToken(load, TOKENS.EventSubscriber).toDynamicValue((context) =>
      invoicingSubscriber(resolveToken(context, TOKENS.InvoicingUseCases), resolveToken(context, TOKENS.Logger)),
    );
    // The customer is told in the chat when a voucher is authorized, with its PDF when a renderer is configured.
    // Inversify's own context: the renderer is an optional port.
    load.bind<EventSubscriber>(TOKENS.EventSubscriber).toDynamicValue((context) =>
      invoiceDeliverySubscriber({
        uow: resolveToken(context, TOKENS.UnitOfWork),
        channels: resolveToken(context, TOKENS.Channels),
        clock: resolveToken(context, TOKENS.Clock),
        settings: resolveToken(context, TOKENS.ShopSettings),
        renderer: context.get<DocumentRenderer>(TOKENS.DocumentRenderer, { optional: true }) ?? null,
        logger: resolveToken(context, TOKENS.Logger),
      }),
    );
    bindToken(load, TOKENS.Startable).toDynamicValue(
      (context): Startable => ({
        name: 'invoicing',
        phase: 'serve',
        start: async () => {
          resolveToken(context, TOKENS.Logger).info('electronic invoicing is on', {
            environment: config.ARCA_PRODUCTION ? 'production' : 'homologation',
            cuit: issuer.cuit,
            pointOfSale: issuer.pointOfSale,
          });
        },
        stop: async () => {},
      }),
    );
    // Vouchers left pending (a crash, ARCA down or silent when they were sent) are reconciled by the
    // app's JobScheduler: at start and every ARCA_RECONCILE_INTERVAL_SECONDS, once per period across
    // every instance (so ARCA is not asked by each of them).
    bindToken(load, TOKENS.ScheduledTask).toDynamicValue(
      (context): ScheduledTask => ({
        name: 'invoicing.reconcile',
        everyMs: config.ARCA_RECONCILE_INTERVAL_SECONDS * 1000,
        run: async () => {
          const logger = resolveToken(context, TOKENS.Logger);
          try {
            const resolved = await resolveToken(context, TOKENS.InvoicingUseCases).recoverPending();
            if (resolved > 0) logger.info('pending vouchers reconciled', { resolved });
            return resolved;
          } catch (error) {
            logger.warn('pending vouchers not reconciled yet', { error: (error as Error).message });
            return 0;
          }
        },
      }),
    );
  });
  return [adapter, useCases];
}
