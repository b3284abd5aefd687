import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './cli-process.js';

interface Page<T> {
  items: T[];
  total: number;
}
interface ProductJson {
  name: string;
  sku: string;
  price: { amount: number; currency: string };
  images: { url: string }[];
}

describe('mostrador demo, started as a person starts it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-demo-'));
  let demo: CliRun;
  let api = '';
  let chat = '';
  let password = '';
  let accessToken = '';

  beforeAll(async () => {
    demo = runCli(['demo'], { MOSTRADOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' });
    await demo.waitFor(/Owner login: +\S+ \/ \S+/, 90_000);
    api = demo.output().match(/API: +(http:\/\/\S+)\/api\/v1/)![1]!;
    chat = demo.output().match(/Chat with the shop's bot: (http:\/\/\S+)/)![1]!;
    password = demo.output().match(/Owner login: +owner@demo\.local \/ (\S+)/)![1]!;
  }, 120_000);

  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exited();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${api}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
  });

  it('logs the owner in with the printed password', async () => {
    const response = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.local', password }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { accessToken: string; refreshToken: string };
    expect(body.refreshToken).toBeTruthy();
    accessToken = body.accessToken;
    const me = await fetch(`${api}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(((await me.json()) as { email: string }).email).toBe('owner@demo.local');
  });

  it('lists the seeded catalog of about 200 products with ARS prices and generated images', async () => {
    const response = await fetch(`${api}/api/v1/products?limit=100`, { headers: { authorization: `Bearer ${accessToken}` } });
    const page = (await response.json()) as Page<ProductJson>;
    expect(page.total).toBeGreaterThanOrEqual(200);
    for (const product of page.items) {
      expect(Number.isInteger(product.price.amount)).toBe(true);
      expect(product.price.currency).toBe('ARS');
    }
    const image = await fetch(`${api}${page.items[0]!.images[0]!.url}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('searches the catalog tolerating plurals, case and typos', async () => {
    for (const q of ['taladro', 'TALADROS', 'taldro']) {
      const response = await fetch(`${api}/api/v1/products?q=${q}&limit=5`, { headers: { authorization: `Bearer ${accessToken}` } });
      const page = (await response.json()) as Page<ProductJson>;
      expect(page.items[0]?.name, q).toMatch(/^Taladro percutor/);
    }
  });

  it('serves the chat page, where the bot answers /start with the main menu', async () => {
    const page = await fetch(chat);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const emulatorRoot = new URL(chat).origin;
    await fetch(`${emulatorRoot}/chat/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bot: 'mostrador_demo_bot', text: '/start' }),
    });
    let html = '';
    for (let attempt = 0; attempt < 100 && !html.includes('Catálogo'); attempt++) {
      const state = (await (await fetch(`${emulatorRoot}/chat/api/state?bot=mostrador_demo_bot`)).json()) as {
        messages: { side: string; html: string; keyboard?: { text: string }[][] }[];
      };
      const reply = state.messages.find((m) => m.side === 'bot');
      html = reply ? `${reply.html} ${JSON.stringify(reply.keyboard ?? [])}` : '';
      if (!html.includes('Catálogo')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(html).toContain('Catálogo');
  });

  it("runs the Mercado Pago emulator for the chat's pay buttons, and says where", async () => {
    const mercadoPago = demo.output().match(/Mercado Pago \(emulator\): +(http:\/\/\S+)/)?.[1];
    expect(mercadoPago, demo.output()).toBeDefined();
    const refused = await fetch(`${mercadoPago}/v1/payments/1`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'unauthorized', status: 401 });
  });

  it('stops cleanly on SIGTERM', async () => {
    demo.child.kill('SIGTERM');
    expect(await demo.exited()).toBe(0);
  });
});

describe('mostrador start', () => {
  it('refuses an incomplete configuration, naming every missing variable', async () => {
    const run = runCli(['start'], { TELEGRAM_MODE: 'webhook' });
    expect(await run.exited()).toBe(2);
    for (const name of [
      'DATABASE_URL',
      'PUBLIC_URL',
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_WEBHOOK_URL',
      'TELEGRAM_WEBHOOK_SECRET',
      'SHOP_CUIT',
    ]) {
      expect(run.output()).toContain(name);
    }
  });

  it('rejects a malformed variable without echoing it', async () => {
    const run = runCli(['start'], { DATABASE_URL: 'mysql://admin:hunter2@db/shop' });
    expect(await run.exited()).toBe(2);
    expect(run.output()).toContain('DATABASE_URL');
    expect(run.output()).not.toContain('hunter2');
  });
});
