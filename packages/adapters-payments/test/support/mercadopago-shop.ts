import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_SHOP_SETTINGS,
  type InboundRoute,
  money,
  type Order,
  PAYMENT_SYNC_QUEUE,
  type PaymentSyncJob,
  type UseCases,
  type WebhookRequest,
} from '@mostrador/core';
import { createInMemoryUseCases, InMemoryJobQueue, type InMemoryUnitOfWork, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { MercadoPagoEmulator, type MercadoPagoEmulatorOptions } from '@mostrador/testkit/mercadopago';
import { aProduct } from '@mostrador/testkit/mothers';
import { MERCADOPAGO_WEBHOOK_PATH, MercadoPagoGateway, mercadoPagoWebhookRoute } from '../../src/index.js';

/** Serves one inbound route over plain node:http, with the raw body, as the HTTP adapter would. */
const serveRoute = async (route: InboundRoute): Promise<{ url: string; server: Server }> => {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://shop');
    let body: unknown = null;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : null;
    } catch {
      body = raw.toString('utf8');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const request: WebhookRequest = {
      headers,
      query: Object.fromEntries(url.searchParams),
      body,
      rawBody: raw.length ? new Uint8Array(raw) : null,
    };
    const answer = url.pathname === route.path && req.method === route.method ? await route.handler(request) : { status: 404, body: {} };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`, server };
};

export interface MercadoPagoShop {
  readonly emulator: MercadoPagoEmulator;
  readonly gateway: MercadoPagoGateway;
  readonly useCases: UseCases;
  readonly uow: InMemoryUnitOfWork;
  readonly queue: InMemoryJobQueue;
  /** The public URL of the webhook route (what preferences carry as notification_url). */
  readonly webhookUrl: string;
  /** A placed order of 2 × $ 1.750,00 for a new customer. */
  placeOrder(): Promise<Order>;
  /** Waits for the emulator's deliveries, then for the queue. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A shop on in-memory persistence whose one gateway is Mercado Pago on the emulator, webhooks served over HTTP. */
export async function mercadoPagoShop(
  options: { emulator?: MercadoPagoEmulatorOptions; maxRetries?: number } = {},
): Promise<MercadoPagoShop> {
  const emulator = new MercadoPagoEmulator({ webhookRetryDelayMs: 20, ...options.emulator });
  await emulator.start();
  const queue = new InMemoryJobQueue({ backoffMs: 5 });
  const clock = { now: () => new Date() };
  let webhookUrl = '';
  const gateway = new MercadoPagoGateway({
    accessToken: emulator.accessToken,
    webhookSecret: emulator.webhookSecret,
    apiBaseUrl: emulator.baseUrl,
    notificationUrl: null,
    backUrl: 'https://t.me/mostrador_demo_bot',
    toleranceSeconds: 300,
    maxRetries: options.maxRetries ?? 0,
    timeoutMs: 5_000,
    statementDescriptor: 'MOSTRADOR',
  });
  const { uow, useCases } = createInMemoryUseCases({
    clock,
    ids: new SequentialIdGenerator(),
    settings: DEFAULT_SHOP_SETTINGS,
    payments: { gateways: [gateway], queue, notificationUrl: () => webhookUrl },
  });
  queue.consume<PaymentSyncJob>(PAYMENT_SYNC_QUEUE, async (job) => {
    await useCases.payments.sync(job);
  });
  await queue.start();
  const served = await serveRoute(mercadoPagoWebhookRoute(useCases.payments));
  webhookUrl = served.url;
  let customers = 0;
  return {
    emulator,
    gateway,
    useCases,
    uow,
    queue,
    webhookUrl,
    async placeOrder() {
      customers += 1;
      const customer = await useCases.customers.identify(
        { channel: 'telegram', userId: `tg-${customers}-${Math.random().toString(36).slice(2)}` },
        { displayName: 'Ana', language: 'es' },
      );
      const product = aProduct({ name: 'Yerba mate 1 kg', price: money(1_750_00), stockOnHand: 10 });
      await uow.repositories.products.save(product);
      await useCases.cart.add(customer.id, 'telegram', product.id, 2);
      return useCases.orders.place({
        customerId: customer.id,
        channel: 'telegram',
        contact: { name: 'Ana Pérez', phone: '+5491155550123' },
        delivery: { method: 'pickup', address: null },
        billing: null,
      });
    },
    async settle() {
      await emulator.settled();
      await queue.drain();
    },
    async close() {
      await queue.stop();
      await emulator.stop();
      await new Promise<void>((resolve) => served.server.close(() => resolve()));
    },
  };
}

export { MERCADOPAGO_WEBHOOK_PATH };
