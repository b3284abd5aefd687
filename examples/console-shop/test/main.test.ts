import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type PrintedMessage, parsePrinted } from './support/terminal.js';

/*
 * The example as a person runs it: `tsx src/main.ts` in a child process (PGlite in a fresh data
 * folder), lines typed on its stdin, replies read from its stdout — from "hola" to a paid order.
 */

const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STEP_TIMEOUT_MS = 60_000;

/** The shop process and what it printed; `type` sends a line and waits until the output shows what it should. */
class ShopProcess {
  private output = '';
  private readFrom = 0;
  /** What the latest step printed, as is. */
  lastPrinted = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.output += chunk;
      for (const wake of [...this.waiters]) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.output += `[stderr] ${chunk.toString()}`;
    });
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  /** Types a line, then waits until the output printed since holds what `until` accepts; returns that output's messages. */
  async type(line: string, until: (printed: string) => boolean): Promise<PrintedMessage[]> {
    this.child.stdin.write(`${line}\n`);
    return this.waitFor(until);
  }

  async waitFor(until: (printed: string) => boolean): Promise<PrintedMessage[]> {
    const printed = await new Promise<string>((done, fail) => {
      const check = (): void => {
        const fresh = this.output.slice(this.readFrom);
        if (!until(fresh)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        this.readFrom = this.output.length;
        this.lastPrinted = fresh;
        done(fresh);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        fail(new Error(`the shop did not print what was expected within ${STEP_TIMEOUT_MS} ms; it printed:\n${this.output}`));
      }, STEP_TIMEOUT_MS);
      this.waiters.add(check);
      check();
    });
    return parsePrinted(printed);
  }

  endInput(): void {
    this.child.stdin.end();
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Done once the last message printed offers options: the reply to a step is complete (each screen ends with its options). */
const screenShown = (printed: string): boolean => {
  const messages = parsePrinted(printed);
  return (messages.at(-1)?.options.length ?? 0) > 0;
};

const numberOf = (messages: readonly PrintedMessage[], label: RegExp): string => {
  const last = messages.at(-1);
  const index = last?.options.findIndex((option) => label.test(option)) ?? -1;
  if (index < 0) throw new Error(`no option matching ${label} in:\n${JSON.stringify(last, null, 2)}`);
  return String(index + 1);
};

let shop: ShopProcess | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  shop?.kill();
  shop = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
});

describe('console-shop main.ts', () => {
  it('takes a customer from "hola" to a placed order, pays it with FakePay and shows it paid, then exits on end of input', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'console-shop-'));
    const child = spawn(join(EXAMPLE_DIR, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: EXAMPLE_DIR,
      env: { ...process.env, CONSOLE_SHOP_DATA_DIR: dataDir, LANG: 'es_AR.UTF-8', USER: 'ana', LOG_LEVEL: 'silent' },
    });
    shop = new ShopProcess(child);
    const running = shop;

    let messages = await running.type('hola', screenShown);
    expect(messages.at(-1)?.text).toContain('Te damos la bienvenida a Almacén de Consola');

    messages = await running.type('calabaza', screenShown);
    expect(messages.at(-1)?.text).toContain('Resultados para “calabaza”');
    messages = await running.type(numberOf(messages, /^Mate de calabaza · \$ 12\.500,00$/), screenShown);
    expect(messages.at(-1)?.text).toContain('✅ Hay stock');
    messages = await running.type(numberOf(messages, /Agregar al carrito/), screenShown);
    expect(messages.at(-1)?.text).toContain('Agregaste 1 × Mate de calabaza al carrito');
    messages = await running.type(numberOf(messages, /Ver carrito/), screenShown);
    expect(messages.at(-1)?.text).toContain('Total: $ 12.500,00');
    messages = await running.type(numberOf(messages, /Finalizar compra/), screenShown);
    messages = await running.type('Ana Pérez', screenShown);
    expect(messages.at(-1)?.text).toContain('¿A qué teléfono te contactamos?');
    messages = await running.type('11 5555-1234', screenShown);
    messages = await running.type(numberOf(messages, /Retiro en el local/), screenShown);
    messages = await running.type(numberOf(messages, /^Consumidor final$/), screenShown);
    expect(messages.at(-1)?.text).toContain('Revisá tu pedido');
    messages = await running.type(numberOf(messages, /Confirmar pedido/), screenShown);
    expect(messages.map((message) => message.text).join('\n')).toContain('Pedido #1 confirmado');

    // FakePay's answers are the console's own lines, not messages from the shop. A declined payment leaves the order open.
    await running.type('/pagar 1 rechazar', (printed) => printed.includes('💳'));
    expect(running.lastPrinted).toContain('💳 FakePay rechazó el pago de $ 12.500,00');
    await running.type('/pagar', (printed) => printed.includes('💳'));
    expect(running.lastPrinted).toContain('💳 Pagaste $ 12.500,00 con FakePay');
    expect(running.lastPrinted).toContain('El pedido #1 está pagado');
    messages = await running.type('/pedidos', screenShown);
    expect(messages.at(-1)?.options).toContain('#1 · Pagado · $ 12.500,00');
    messages = await running.type(numberOf(messages, /^#1 · Pagado/), screenShown);
    expect(messages.at(-1)?.text).toContain('Estado: Pagado');

    running.endInput();
    expect(await running.exited).toBe(0);
  }, 240_000);
});
