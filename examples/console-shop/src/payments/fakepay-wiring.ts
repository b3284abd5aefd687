import {
  bindToken,
  type CheckoutSession,
  type InboundRoute,
  type Order,
  type PaymentGateway,
  resolveToken,
  type Startable,
  TOKENS,
  type TokenBinder,
  type TokenResolver,
} from '@mostrador/core';
import type { FakePayGateway } from './fakepay-gateway.js';
import type { FakePayProvider } from './fakepay-provider.js';
import { fakePayWebhookRoute } from './fakepay-route.js';

/**
 * A checkout for `order`, open until its stock reservation lapses. `attempt` counts the payer's
 * tries: the same attempt returns the same checkout (a retried call creates nothing new).
 */
export const checkoutFor = (gateway: PaymentGateway, order: Order, attempt = 1): Promise<CheckoutSession> =>
  gateway.createCheckout({
    order,
    payerEmail: null,
    notificationUrl: null,
    backUrl: null,
    expiresAt: order.reservationExpiresAt,
    idempotencyKey: `checkout:${order.id}:${attempt}`,
  });

/**
 * Binds FakePay in an app module: the gateway under `TOKENS.PaymentGateway`, its webhook route
 * under `TOKENS.InboundRoute` (mounted by the HTTP adapter when one is composed), and a Startable
 * (`fakepay`, phase `serve`) that, while the app runs, hands every notification FakePay sends
 * straight to that route: FakePay lives in the process, so it needs no HTTP to reach the shop.
 * The route applies payments through the bound `TOKENS.UseCases` and logs to `TOKENS.Logger`
 * (both bound by the app's core module).
 *
 *   const fakePay = createFakePay({ webhookSecret });
 *   const payments = new ContainerModule(({ bind }) => bindFakePay(bind, fakePay));
 *   const app = compose({ modules: [coreModule(...), persistenceModule(...), payments, ...] });
 */
export const bindFakePay = (bind: TokenBinder, { provider, gateway }: { provider: FakePayProvider; gateway: FakePayGateway }): void => {
  let route: InboundRoute | null = null;
  const routeOf = (context: TokenResolver): InboundRoute => {
    route ??= fakePayWebhookRoute({
      gateway,
      orders: resolveToken(context, TOKENS.UseCases).orders,
      logger: resolveToken(context, TOKENS.Logger),
    });
    return route;
  };

  bindToken(bind, TOKENS.PaymentGateway).toConstantValue(gateway);
  bindToken(bind, TOKENS.InboundRoute)
    .toDynamicValue((context) => routeOf(context))
    .inSingletonScope();
  bindToken(bind, TOKENS.Startable)
    .toDynamicValue((context): Startable => {
      const { handler } = routeOf(context);
      let stopDelivering: (() => void) | null = null;
      return {
        name: 'fakepay',
        phase: 'serve',
        async start() {
          stopDelivering ??= provider.onNotification(handler);
        },
        async stop() {
          stopDelivering?.();
          stopDelivering = null;
        },
      };
    })
    .inSingletonScope();
};
