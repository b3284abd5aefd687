import type { OrderUseCases, PaymentUpdateOutcome } from '../application/use-cases.js';
import type { InboundRequest, InboundResponse } from '../ports/inbound-route.js';
import type { Logger, PaymentGateway } from '../ports/services.js';
import { AdapterError, ConflictError, type DomainError, isDomainError, NotFoundError, ValidationError } from '../shared/errors.js';

export interface PaymentWebhookDependencies {
  readonly gateway: PaymentGateway;
  /** `useCases.orders`: only `applyPayment` is used. */
  readonly orders: Pick<OrderUseCases, 'applyPayment'>;
  /** Told about refused notifications and payments staff must look at; ids and codes only. */
  readonly logger?: Logger;
}

export type PaymentWebhookHandler = (request: InboundRequest) => Promise<InboundResponse>;

/** Codes of a lost race with a concurrent delivery: applying again sees what the other one did. */
const RACE_CODES: ReadonlySet<string> = new Set(['ORDER.CONCURRENT_UPDATE', 'PAYMENT.DUPLICATE']);
const APPLY_ATTEMPTS = 3;

/** Runs `apply` again (up to 3 times) when it lost a race with a concurrent delivery. */
export const applyRetryingRaces = async <T>(apply: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await apply();
    } catch (error) {
      if (!(isDomainError(error) && RACE_CODES.has(error.code)) || attempt >= APPLY_ATTEMPTS) throw error;
    }
  }
};

const PROBLEM_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** An RFC 9457 problem with the error's stable code, as every other answer of the shop's API. */
export const webhookProblem = (status: number, code: string, detail: string): InboundResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  body: { type: 'about:blank', title: PROBLEM_TITLES[status] ?? 'Error', status, code, detail },
});

const ok = (body: Readonly<Record<string, unknown>>): InboundResponse => ({ status: 200, body });

/**
 * What a refused or failed notification is answered, or null for an unexpected error (rethrown:
 * the HTTP adapter logs it and answers 500). A caller's mistake is a 4xx; the provider retries
 * anything but a 2xx, which is right for a 409 (a race) and a 503 (the provider's API was down).
 */
export const webhookAnswerFor = (error: DomainError): InboundResponse | null => {
  const problem = webhookProblem;
  if (error.code === 'PAYMENT.SIGNATURE_INVALID')
    // Never echo what was sent: the detail is the same for a missing, wrong or stale signature.
    return problem(401, error.code, 'the notification is not signed by the provider, or its signature is too old');
  if (error.code === 'PAYMENT.WEBHOOK_MALFORMED' || error instanceof ValidationError) return problem(400, error.code, error.message);
  if (error instanceof NotFoundError || error.code.endsWith('.NOT_FOUND')) return problem(404, error.code, error.message);
  if (error instanceof ConflictError) return problem(409, error.code, error.message);
  if (error instanceof AdapterError) return problem(error.retryable ? 503 : 502, error.code, 'the payment provider could not be reached');
  return null;
};

/**
 * The handler of a payment provider's webhook route, with no web framework and no channel:
 *
 *   routes: [{ method: 'POST', path: '/webhooks/fakepay', handler: paymentWebhookHandler({ gateway, orders: useCases.orders }) }]
 *
 * 1. `gateway.parseWebhook` checks the signature: 401 when it is forged, altered, missing or stale;
 *    400 when an authentic notification cannot be read; 200 `ignored` for other topics.
 * 2. The payment is re-read with `gateway.fetchPayment`: the notification's content is never trusted.
 * 3. `orders.applyPayment(provider, payment, eventId)` records it and moves the order. A redelivered
 *    notification (same event id) is a `duplicate`, answered 200 like the first, so the provider
 *    stops sending it. A delivery that loses a race with a concurrent one is applied again.
 *
 * Answers 200 `{ status }` with the outcome's status (`order-paid`, `recorded`, `duplicate`, ...).
 */
export function paymentWebhookHandler({ gateway, orders, logger }: PaymentWebhookDependencies): PaymentWebhookHandler {
  const provider = gateway.provider;

  const apply = (providerPaymentId: string, eventId: string): Promise<PaymentUpdateOutcome> =>
    applyRetryingRaces(async () => orders.applyPayment(provider, await gateway.fetchPayment(providerPaymentId), eventId));

  return async (request) => {
    try {
      const outcome = await gateway.parseWebhook(request);
      if (outcome.kind === 'ignored') return ok({ status: 'ignored', reason: outcome.reason });
      const applied = await apply(outcome.providerPaymentId, outcome.eventId);
      if (applied.status === 'needs-refund' || applied.status === 'flagged') {
        logger?.warn('payment webhook: the payment needs staff attention (an order that cannot take it, or another amount)', {
          provider,
          providerPaymentId: outcome.providerPaymentId,
          orderId: applied.order.id,
          reason: applied.reason,
        });
      }
      return ok({ status: applied.status });
    } catch (error) {
      const answer = isDomainError(error) ? webhookAnswerFor(error) : null;
      if (!answer) throw error;
      logger?.warn('payment webhook refused', { provider, status: answer.status, code: (error as DomainError).code });
      return answer;
    }
  };
}
