import {
  AdapterError,
  type CheckoutRequest,
  type CheckoutSession,
  type Clock,
  ConflictError,
  CURRENCIES,
  type Currency,
  type Money,
  NotFoundError,
  PAYMENT_STATUSES,
  type PaymentGateway,
  type PaymentStatus,
  type ProviderPayment,
  ValidationError,
  type WebhookOutcome,
  type WebhookRequest,
} from '@mostrador/core';
import { MercadoPagoConfig, MercadoPagoError, Payment, PaymentRefund, Preference } from 'mercadopago';
import { AppConfig } from 'mercadopago/dist/utils/config/index.js';
import { checkMercadoPagoSignature } from './webhook-signature.js';

export const MERCADOPAGO_PROVIDER = 'mercadopago';
/** Mercado Pago Argentina (site MLA) charges in pesos only. */
const CURRENCY: Currency = 'ARS';

export interface MercadoPagoGatewayOptions {
  readonly accessToken: string;
  readonly webhookSecret: string;
  /** The API's origin; `https://api.mercadopago.com` in production, an emulator in tests and the demo. */
  readonly apiBaseUrl: string;
  /** Where Mercado Pago sends webhooks, when a checkout request names none (the public URL of `/webhooks/mercadopago`). */
  readonly notificationUrl: string | null;
  /** Where the payer's browser returns after paying, when a checkout request names none. */
  readonly backUrl: string | null;
  /** How old a signed notification may be. */
  readonly toleranceSeconds: number;
  /** Retries of the SDK on 429/5xx (it waits between them). */
  readonly maxRetries: number;
  readonly timeoutMs: number;
  /** What the payer's card statement shows. */
  readonly statementDescriptor: string | null;
  readonly clock?: Clock;
}

interface MpPaymentBody {
  readonly id?: number;
  readonly status?: string;
  readonly status_detail?: string;
  readonly transaction_amount?: number;
  readonly transaction_amount_refunded?: number;
  readonly currency_id?: string;
  readonly external_reference?: string;
}

const systemClock: Clock = { now: () => new Date() };
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const centavos = (amount: number | undefined): number => Math.round((amount ?? 0) * 100);
const decimal = (money: Money): number => money.amount / 100;
const isPaymentStatus = (status: unknown): status is PaymentStatus => PAYMENT_STATUSES.includes(status as PaymentStatus);

const signatureInvalid = (why: string): AdapterError =>
  // For logs only: nothing of the received signature, the secret or the body goes into it.
  new AdapterError('PAYMENT.SIGNATURE_INVALID', `mercadopago notification refused: ${why}`, false, { provider: MERCADOPAGO_PROVIDER });

const malformed = (field: string): ValidationError =>
  new ValidationError('PAYMENT.WEBHOOK_MALFORMED', `mercadopago notification: ${field} is missing or not valid`, { field });

/** A Mercado Pago API refusal or outage as core's codes; the access token never appears in it. */
const providerError = (error: unknown, operation: string, paymentId?: string): Error => {
  if (!(error instanceof MercadoPagoError)) return error instanceof Error ? error : new Error(String(error));
  const details = { provider: MERCADOPAGO_PROVIDER, operation, status: error.status, error: error.error };
  if (error.status === 404 && paymentId !== undefined) return new NotFoundError('payment', paymentId);
  if (error.status === 401 || error.status === 403)
    return new AdapterError('PAYMENT.PROVIDER_UNAUTHORIZED', `mercadopago refused the access token (${operation})`, false, details);
  if (error.status === 429 || error.status >= 500 || error.status === 0)
    return new AdapterError('PAYMENT.PROVIDER_UNAVAILABLE', `mercadopago is unavailable (${operation}: ${error.status})`, true, details);
  return new AdapterError('PAYMENT.PROVIDER_REFUSED', `mercadopago refused ${operation}: ${error.error ?? error.status}`, false, details);
};

/**
 * Core's `PaymentGateway` on Mercado Pago Checkout Pro, through the official SDK (`mercadopago`
 * 3.6.1). Two SDK traits shape it: the base URL is a static field (`AppConfig.BASE_URL`), set
 * right before each call (the SDK reads it synchronously when the call starts, so gateways with
 * different base URLs in one process do not interfere); and an idempotency key given once sticks to
 * a shared config, so every call builds its own `MercadoPagoConfig` and every write passes its key.
 */
export class MercadoPagoGateway implements PaymentGateway {
  readonly provider = MERCADOPAGO_PROVIDER;
  readonly displayName = 'Mercado Pago';
  readonly #options: MercadoPagoGatewayOptions;
  readonly #clock: Clock;

  constructor(options: MercadoPagoGatewayOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** A config of its own for one call, the base URL pointed at this gateway's API. */
  #config(idempotencyKey?: string): MercadoPagoConfig {
    (AppConfig as { BASE_URL: string }).BASE_URL = this.#options.apiBaseUrl;
    return new MercadoPagoConfig({
      accessToken: this.#options.accessToken,
      options: {
        timeout: this.#options.timeoutMs,
        maxRetries: this.#options.maxRetries,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      },
    });
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const { order } = request;
    if (order.total.currency !== CURRENCY || order.total.amount <= 0) {
      throw new ValidationError('PAYMENT.AMOUNT_UNSUPPORTED', `mercadopago charges positive amounts in ${CURRENCY}`, { orderId: order.id });
    }
    // One item per order line at its unit price after discount; when those do not add up to the
    // order's total to the centavo (a line with a fraction of a centavo per unit), one item for the order.
    const lines = order.lines.filter((line) => line.total.amount > 0);
    const perUnit = lines.map((line) => ({ line, unit: line.total.amount / line.quantity }));
    const exact =
      perUnit.every(({ unit }) => Number.isInteger(unit)) && lines.reduce((sum, line) => sum + line.total.amount, 0) === order.total.amount;
    const items = exact
      ? perUnit.map(({ line, unit }) => ({
          id: line.sku,
          title: line.name,
          quantity: line.quantity,
          unit_price: unit / 100,
          currency_id: CURRENCY,
        }))
      : [
          {
            id: `order-${order.number}`,
            title: `Pedido #${order.number}`,
            quantity: 1,
            unit_price: decimal(order.total),
            currency_id: CURRENCY,
          },
        ];
    const notificationUrl = request.notificationUrl ?? this.#options.notificationUrl;
    const backUrl = request.backUrl ?? this.#options.backUrl;
    const now = this.#clock.now();
    try {
      const preference = await new Preference(this.#config(request.idempotencyKey)).create({
        body: {
          items,
          external_reference: order.id,
          metadata: { order_number: order.number },
          ...(request.payerEmail ? { payer: { email: request.payerEmail } } : {}),
          ...(notificationUrl ? { notification_url: notificationUrl } : {}),
          ...(backUrl ? { back_urls: { success: backUrl, failure: backUrl, pending: backUrl }, auto_return: 'approved' } : {}),
          expires: true,
          expiration_date_from: new Date(Math.min(now.getTime(), request.expiresAt.getTime())).toISOString(),
          expiration_date_to: request.expiresAt.toISOString(),
          ...(this.#options.statementDescriptor ? { statement_descriptor: this.#options.statementDescriptor } : {}),
        },
        requestOptions: { idempotencyKey: request.idempotencyKey },
      });
      if (!preference.id || !preference.init_point)
        throw new AdapterError('PAYMENT.PROVIDER_REFUSED', 'mercadopago answered a preference without id', false);
      return { providerReference: preference.id, paymentUrl: preference.init_point };
    } catch (error) {
      throw providerError(error, 'create preference');
    }
  }

  /** The signature first (over `data.id` of the query, the request id and ts); only then the body. */
  async parseWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
    const body = isRecord(request.body) ? request.body : {};
    const bodyData = isRecord(body.data) ? body.data : {};
    const dataId =
      request.query['data.id'] ?? (typeof bodyData.id === 'string' || typeof bodyData.id === 'number' ? String(bodyData.id) : null);
    const check = checkMercadoPagoSignature({
      secret: this.#options.webhookSecret,
      header: request.headers['x-signature'],
      requestId: request.headers['x-request-id'],
      dataId,
      nowSeconds: Math.floor(this.#clock.now().getTime() / 1000),
      toleranceSeconds: this.#options.toleranceSeconds,
    });
    if (check !== 'valid') throw signatureInvalid(check === 'stale' ? 'older than the tolerance' : `signature ${check}`);
    // The body is not signed: it must name what the signed query names, or it was altered.
    if (bodyData.id !== undefined && String(bodyData.id) !== dataId)
      throw signatureInvalid('the body names another resource than the signature');

    const topic = request.query.type ?? request.query.topic ?? (typeof body.type === 'string' ? body.type : null);
    if (!topic) throw malformed('type');
    if (topic !== 'payment') return { kind: 'ignored', reason: `mercadopago topic ${topic}` };
    if (!dataId || !/^\d{1,20}$/.test(dataId)) throw malformed('data.id');
    // Mercado Pago's notification id stays the same on redeliveries; each state change gets a new one.
    const notificationId = typeof body.id === 'number' || typeof body.id === 'string' ? String(body.id) : request.headers['x-request-id'];
    if (!notificationId) throw malformed('id');
    return { kind: 'payment', providerPaymentId: dataId, eventId: `mercadopago:${notificationId}` };
  }

  async fetchPayment(providerPaymentId: string): Promise<ProviderPayment> {
    if (!/^\d{1,20}$/.test(providerPaymentId)) throw new NotFoundError('payment', providerPaymentId);
    try {
      return this.#toProviderPayment((await new Payment(this.#config()).get({ id: providerPaymentId })) as MpPaymentBody);
    } catch (error) {
      throw providerError(error, 'get payment', providerPaymentId);
    }
  }

  /** Every payment made for the order (its `external_reference`), newest first: how reconciliation finds missed ones. */
  async paymentsForOrder(orderId: string): Promise<ProviderPayment[]> {
    try {
      const found = await new Payment(this.#config()).search({
        options: { external_reference: orderId, sort: 'date_created', criteria: 'desc', limit: 100 },
      });
      return ((found.results ?? []) as MpPaymentBody[]).map((payment) => this.#toProviderPayment(payment));
    } catch (error) {
      throw providerError(error, 'search payments');
    }
  }

  async refund(providerPaymentId: string, amount: Money | null, idempotencyKey: string): Promise<ProviderPayment> {
    if (amount !== null && (!Number.isInteger(amount.amount) || amount.amount <= 0 || amount.currency !== CURRENCY)) {
      throw new ValidationError('PAYMENT.REFUND_AMOUNT_INVALID', `a refund must be a positive amount in ${CURRENCY}`, {
        providerPaymentId,
      });
    }
    if (!/^\d{1,20}$/.test(providerPaymentId)) throw new NotFoundError('payment', providerPaymentId);
    try {
      await new PaymentRefund(this.#config(idempotencyKey)).create({
        payment_id: providerPaymentId,
        body: amount === null ? {} : { amount: decimal(amount) },
        requestOptions: { idempotencyKey },
      });
    } catch (error) {
      if (error instanceof MercadoPagoError && error.status === 400) {
        if (error.error === 'invalid_payment_status')
          throw new ConflictError(
            'PAYMENT.NOT_REFUNDABLE',
            `mercadopago payment ${providerPaymentId} is not approved or already refunded`,
            {
              providerPaymentId,
            },
          );
        if (error.error === 'amount_exceeded')
          throw new ConflictError(
            'PAYMENT.REFUND_EXCEEDS_REMAINING',
            `the refund is more than what remains of mercadopago payment ${providerPaymentId}`,
            {
              providerPaymentId,
            },
          );
        if (error.error === 'invalid_refund_amount')
          throw new ValidationError('PAYMENT.REFUND_AMOUNT_INVALID', 'mercadopago refused the refund amount', { providerPaymentId });
      }
      throw providerError(error, 'refund payment', providerPaymentId);
    }
    return this.fetchPayment(providerPaymentId);
  }

  #toProviderPayment(payment: MpPaymentBody): ProviderPayment {
    const id = payment.id === undefined ? '' : String(payment.id);
    if (!isPaymentStatus(payment.status)) {
      throw new AdapterError('PAYMENT.PROVIDER_REFUSED', `mercadopago payment ${id} has an unknown status`, false, {
        status: payment.status,
      });
    }
    const currency = CURRENCIES.find((known) => known === payment.currency_id);
    if (!currency)
      throw new AdapterError('PAYMENT.PROVIDER_REFUSED', `mercadopago payment ${id} is in an unknown currency`, false, {
        currency: payment.currency_id,
      });
    return {
      providerPaymentId: id,
      orderId: payment.external_reference ?? '',
      status: payment.status,
      statusDetail: payment.status_detail ?? null,
      amount: { amount: centavos(payment.transaction_amount), currency },
      refundedAmount: { amount: centavos(payment.transaction_amount_refunded), currency },
    };
  }
}
