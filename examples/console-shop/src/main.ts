/**
 * A shop in the terminal: Mostrador's real core and conversation engine, the embedded PGlite
 * database, a stdin/stdout channel, and FakePay, a payment provider that signs its webhooks —
 * composed through `@mostrador/app`'s public entry, with no HTTP server.
 *
 *   pnpm --filter console-shop start
 *
 * Type "hola" for the menu, a number to pick an option, words to search. Once an order is placed,
 * "/pagar" pays it: FakePay approves the payment and posts its signed webhook to the shop's
 * payment route, in this process. Ctrl-D (end of input) stops the shop.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AppRuntime, compose, coreModule, createLogger, loadConfig, persistenceModuleFromConfig } from '@mostrador/app';
import {
  bindToken,
  type ChannelAdapter,
  DEFAULT_SHOP_SETTINGS,
  formatMoney,
  type ImageStore,
  type Order,
  resolveToken,
  type ShopSettings,
  TOKENS,
} from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { CONSOLE_CHANNEL_NAME, type ConsolePerson, createConsoleChannel } from './console-channel.js';
import { bindFakePay, checkoutFor, createFakePay, FakePayCheckoutError, type FakePayProvider } from './payments/index.js';
import { seedConsoleShop } from './seed.js';

export interface ConsoleShopOptions {
  /** Default process.stdin / process.stdout. */
  readonly input?: Readable;
  readonly output?: Writable;
  /** The database and saved files; default `data/` beside this example (git-ignored), or CONSOLE_SHOP_DATA_DIR when run as a script. */
  readonly dataDir?: string;
  readonly person?: ConsolePerson;
  /** Called once the input ended and the app stopped. */
  readonly onExit?: () => void;
}

export interface ConsoleShop {
  readonly app: AppRuntime;
  stop(): Promise<void>;
}

const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const SETTINGS: ShopSettings = { ...DEFAULT_SHOP_SETTINGS, shopName: 'Almacén de Consola' };

/** The customer's own order to pay: the one numbered `typed`, else their newest order awaiting payment. */
const orderToPay = async (app: AppRuntime, userId: string, typed: string): Promise<Order | string> => {
  const { repositories } = app.resolve(TOKENS.UnitOfWork);
  const customer = await repositories.customers.findByIdentity({ channel: CONSOLE_CHANNEL_NAME, userId });
  if (!customer) return 'Todavía no hiciste pedidos: escribí "hola" para empezar.';
  const number = typed === '' ? null : Number(typed.replace(/^#/, ''));
  if (number !== null && !Number.isSafeInteger(number)) return 'Uso: /pagar [número de pedido], por ejemplo /pagar 1';
  const { items } = await repositories.orders.list({ customerId: customer.id }, { offset: 0, limit: 50 });
  const order = items.find((candidate) => (number === null ? candidate.status === 'placed' : candidate.number === number));
  if (!order) return number === null ? 'No tenés pedidos esperando el pago.' : `No encontré tu pedido #${number}.`;
  if (order.status !== 'placed') return `El pedido #${order.number} no está esperando el pago.`;
  return order;
};

/** What the person reads when FakePay's checkout page refuses to take the payment. */
const CHECKOUT_REFUSED: Readonly<Record<FakePayCheckoutError['reason'], (order: number) => string>> = {
  paid: (order) => `El pedido #${order} ya está pagado.`,
  expired: (order) => `La reserva del pedido #${order} venció: ya no se puede pagar.`,
  unknown: (order) => `FakePay no encontró el pago del pedido #${order}; probá de nuevo.`,
};

/**
 * "/pagar [n]" (or "/pay"): the person pays on FakePay's checkout page. The shop creates the
 * checkout through its PaymentGateway, FakePay approves the payment and posts its signed
 * notification to the shop's webhook route; the order is paid when the route has applied it.
 */
const payCommand =
  (app: AppRuntime, provider: FakePayProvider, userId: string) =>
  async (args: string): Promise<string> => {
    const [typed = '', decision = ''] = args.split(/\s+/);
    const order = await orderToPay(app, userId, typed);
    if (typeof order === 'string') return order;
    const session = await checkoutFor(app.resolve(TOKENS.PaymentGateway), order);
    const declined = /^(rechazar|decline)$/i.test(decision);
    try {
      await provider.pay(session.paymentUrl, declined ? 'decline' : 'approve');
    } catch (error) {
      if (!(error instanceof FakePayCheckoutError)) throw error;
      return CHECKOUT_REFUSED[error.reason](order.number);
    }
    const paid = await app.resolve(TOKENS.UnitOfWork).repositories.orders.get(order.id);
    const amount = formatMoney(order.total, 'es');
    if (declined) return `💳 FakePay rechazó el pago de ${amount} (${session.paymentUrl}).`;
    return paid?.status === 'paid'
      ? `💳 Pagaste ${amount} con FakePay (${session.paymentUrl}). El pedido #${order.number} está pagado: escribí /pedidos para verlo.`
      : `💳 FakePay aprobó el pago, pero el pedido #${order.number} sigue ${paid?.status ?? 'sin encontrar'}.`;
  };

/** Composes and starts the shop; it stops by itself when the input ends. */
export async function startConsoleShop(options: ConsoleShopOptions = {}): Promise<ConsoleShop> {
  const dataDir = resolve(options.dataDir ?? join(EXAMPLE_DIR, 'data'));
  const output = options.output ?? process.stdout;
  const userId = options.person?.id ?? 'local';
  // stdout is the chat: the app's logs stay off unless asked for (LOG_LEVEL), e.g. when stdout goes to a file.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const config = loadConfig({ MOSTRADOR_DATA_DIR: dataDir });

  const fakePay = createFakePay({ webhookSecret: randomBytes(32).toString('hex') });
  let app: AppRuntime | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (app?.stop() ?? Promise.resolve()).then(() => options.onExit?.());
    return stopping;
  };

  const pay = (args: string): Promise<string> => payCommand(app as AppRuntime, fakePay.provider, userId)(args);
  /** The console channel, built when the app connects its channels: it shows catalog pictures from the database's image store. */
  const consoleChannel = (images: ImageStore): ChannelAdapter =>
    createConsoleChannel({
      ...(options.input ? { input: options.input } : {}),
      output,
      person: { ...options.person, id: userId },
      filesDir: join(dataDir, 'files'),
      images,
      localCommands: { pagar: pay, pay },
      onInputEnd: () => void stop(),
    });

  app = compose({
    modules: [
      coreModule({ settings: SETTINGS, logger }),
      persistenceModuleFromConfig(config),
      new ContainerModule((load) => {
        bindToken(load, TOKENS.Channel)
          .toDynamicValue((context) => consoleChannel(resolveToken(context, TOKENS.ImageStore)))
          .inSingletonScope();
        bindFakePay(load, fakePay);
        // The catalog seed runs once the database is migrated, before the channel reads a line.
        bindToken(load, TOKENS.Startable).toDynamicValue(() => ({
          name: 'console-shop seed',
          phase: 'prepare',
          start: async () => {
            await seedConsoleShop((app as AppRuntime).resolve(TOKENS.UseCases));
          },
          stop: async () => {},
        }));
      }),
    ],
  });
  output.write(
    [
      `🧉 ${SETTINGS.shopName} — escribí "hola" para ver el menú, un número para elegir una opción,`,
      '   o lo que buscás. /pagar paga tu pedido con FakePay; Ctrl-D para salir.',
      '',
    ].join('\n'),
  );
  await app.start();
  return { app, stop };
}

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runAsScript) {
  const dataDir = process.env.CONSOLE_SHOP_DATA_DIR;
  const shop = await startConsoleShop({ ...(dataDir ? { dataDir } : {}), onExit: () => process.exit(0) });
  const onSignal = (): void => void shop.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
