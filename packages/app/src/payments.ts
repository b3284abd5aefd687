import { MERCADOPAGO_WEBHOOK_PATH, type MercadoPagoOptions, mercadoPagoModule } from '@mostrador/adapters-payments';
import {
  bindToken,
  isDomainError,
  type JobQueue,
  PAYMENT_SYNC_QUEUE,
  type PaymentSyncJob,
  resolveToken,
  type ScheduledTask,
  type Startable,
  TOKENS,
} from '@mostrador/core';
import { ContainerModule } from 'inversify';
import type { AppModule } from './compose.js';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';

/** Mercado Pago's options from the configuration; null unless MP_ACCESS_TOKEN and MP_WEBHOOK_SECRET are set. */
export const mercadoPagoOptionsFrom = (config: AppConfig): MercadoPagoOptions | null =>
  config.MP_ACCESS_TOKEN && config.MP_WEBHOOK_SECRET
    ? {
        accessToken: config.MP_ACCESS_TOKEN,
        webhookSecret: config.MP_WEBHOOK_SECRET,
        apiBaseUrl: config.MP_API_BASE_URL,
        ...(config.PUBLIC_URL ? { notificationUrl: `${config.PUBLIC_URL.replace(/\/+$/, '')}${MERCADOPAGO_WEBHOOK_PATH}` } : {}),
      }
    : null;

/**
 * The payments worker: consumes `payments.sync` (verified webhooks) when a JobQueue is bound,
 * started before anything is served; and the reconciliation, a `TOKENS.ScheduledTask` run by the
 * app's JobScheduler every `reconcileIntervalSeconds` (once per period across every instance):
 * it re-reads the payments of orders awaiting payment and closes lapsed checkouts
 * (`PaymentUseCases.reconcile`).
 */
export const paymentsWorkerModule = (options: { readonly reconcileIntervalSeconds: number }, logger: Logger): AppModule =>
  new ContainerModule((load) => {
    load
      .bind<Startable>(TOKENS.Startable)
      .toDynamicValue(
        (context): Startable => ({
          name: 'payments worker',
          phase: 'prepare',
          start: async () => {
            const useCases = resolveToken(context, TOKENS.UseCases);
            if (useCases.payments.providers().length === 0) return;
            const queue = context.get<JobQueue>(TOKENS.JobQueue, { optional: true });
            queue?.consume<PaymentSyncJob>(PAYMENT_SYNC_QUEUE, async (job) => {
              await useCases.payments.sync(job);
            });
          },
          stop: async () => {},
        }),
      )
      .inSingletonScope();
    bindToken(load, TOKENS.ScheduledTask)
      .toDynamicValue(
        (context): ScheduledTask => ({
          name: 'payments.reconcile',
          everyMs: options.reconcileIntervalSeconds * 1000,
          run: async () => {
            const useCases = resolveToken(context, TOKENS.UseCases);
            if (useCases.payments.providers().length === 0) return 0;
            try {
              const report = await useCases.payments.reconcile();
              if (report.applied > 0 || report.checkoutsClosed > 0) logger.info(report, 'payments reconciled');
              return report.applied + report.checkoutsClosed;
            } catch (error) {
              logger.warn({ code: isDomainError(error) ? error.code : 'UNEXPECTED' }, 'payments reconciliation failed');
              return 0;
            }
          },
        }),
      )
      .inSingletonScope();
  });

/** Mercado Pago (when configured) and the payments worker. */
export const paymentModulesFromConfig = (config: AppConfig, logger: Logger, mercadoPago: MercadoPagoOptions | null): AppModule[] =>
  mercadoPago
    ? [mercadoPagoModule(mercadoPago), paymentsWorkerModule({ reconcileIntervalSeconds: config.MP_RECONCILE_INTERVAL_SECONDS }, logger)]
    : [];
