import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AfipSdkInvoiceAuthorizer } from '@mostrador/adapters-invoicing';
import { TOKENS } from '@mostrador/core';
import { Container } from 'inversify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { type DemoHandle, startDemo } from '../src/demo.js';
import { invoicingModulesFromConfig } from '../src/invoicing.js';
import { createLogger } from '../src/logger.js';
import { runCli } from './cli-process.js';

/*
 * The demo with its ARCA emulator, through the HTTP API: a counter sale, its invoice issued by the
 * `invoicing` subscriber (called here as the outbox dispatcher will call it), read back with its
 * CAE, and the OpenAPI document describing the new routes.
 */

interface VoucherJson {
  voucherType: string;
  letter: string;
  code: number;
  pointOfSale: number;
  number: number;
  formattedNumber: string | null;
  status: string;
  cae: string | null;
  caeDueDate: string | null;
  totals: { total: { amount: number } };
  qrUrl: string | null;
  errors: { code: string }[];
}

describe('electronic invoicing in the demo (ARCA emulator as homologation)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-arca-demo-'));
  let demo: DemoHandle;
  let token = '';
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${demo.urls.api}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });

  beforeAll(async () => {
    const config = loadConfig({ MOSTRADOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', DEMO_OWNER_PASSWORD: 'demo-password-1234' });
    demo = await startDemo(config, createLogger('silent'));
    const login = await fetch(`${demo.urls.api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo.owner.email, password: demo.owner.password }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }, 180_000);

  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sells at the counter, issues the Factura B on order.paid and serves it with its CAE', async () => {
    const products = (await (await call('/api/v1/products?limit=2')).json()) as { items: { id: string; sku: string }[] };
    const [first, second] = products.items;
    const sale = await call('/api/v1/orders', {
      method: 'POST',
      body: JSON.stringify({
        lines: [
          { sku: first?.sku, quantity: 1 },
          { productId: second?.id, quantity: 2 },
        ],
        payment: { method: 'cash' },
      }),
    });
    expect(sale.status).toBe(201);
    const order = (await sale.json()) as { id: string; status: string; total: { amount: number } };
    expect(order.status).toBe('paid');

    const before = (await (await call(`/api/v1/orders/${order.id}/invoice`)).json()) as { status: string; invoicing: string };
    expect(before.invoicing).toBe('on');
    const [subscriber] = demo.runtime.resolveAll(TOKENS.EventSubscriber).filter((s) => s.name === 'invoicing');
    expect(subscriber?.eventTypes).toContain('order.paid');

    // The demo's outbox dispatcher delivers the sale's order.paid to the invoicing subscriber.
    const response = await vi.waitFor(
      async () => {
        const answer = await call(`/api/v1/orders/${order.id}/invoice`);
        const peek = (await answer.clone().json()) as { status: string };
        if (peek.status !== 'authorized') throw new Error(`invoice ${peek.status}`);
        return answer;
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; invoice: VoucherJson };
    expect(body.status).toBe('authorized');
    expect(body.invoice).toMatchObject({
      voucherType: 'FACTURA_B',
      letter: 'B',
      code: 6,
      pointOfSale: 1,
      number: 1,
      formattedNumber: '00001-00000001',
    });
    expect(body.invoice.cae).toMatch(/^\d{14}$/);
    expect(body.invoice.totals.total.amount).toBe(order.total.amount);
    expect(body.invoice.qrUrl).toMatch(/^https:\/\/www\.afip\.gob\.ar\/fe\/qr\/\?p=/);
    expect(((await (await call(`/api/v1/orders/${order.id}`)).json()) as { status: string }).status).toBe('invoiced');

    // A retry of an invoiced order returns the same voucher: nothing is sent twice.
    const retry = await call(`/api/v1/orders/${order.id}/invoice/retry`, { method: 'POST' });
    const retried = (await retry.json()) as { status: string; voucher: VoucherJson };
    expect(retried, JSON.stringify(retried)).toMatchObject({ status: 'authorized' });
    expect(retried.voucher.cae).toBe(body.invoice.cae);
  });

  it('refuses a counter sale with a bad line naming the field, and an unknown order with 404', async () => {
    const bad = await call('/api/v1/orders', {
      method: 'POST',
      body: JSON.stringify({ lines: [{ quantity: 1 }], payment: { method: 'cash' } }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('lines');
    expect((await call('/api/v1/orders/nope/invoice')).status).toBe(404);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const spec = (await (await fetch(`${demo.urls.api}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/api/v1/orders'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(spec.paths['/api/v1/orders/{id}/invoice']?.get).toBeDefined();
    expect(spec.paths['/api/v1/orders/{id}/invoice/retry']?.post).toBeDefined();
  });
});

describe('invoicing configuration', () => {
  it('is off (one Startable saying so) without ARCA_CERT and ARCA_KEY', () => {
    const modules = invoicingModulesFromConfig(loadConfig({}));
    expect(modules).toHaveLength(1);
  });

  it('AFIPSDK_ACCESS_TOKEN selects the Afip SDK adapter, which warns that the key goes to that service', async () => {
    const { createArcaTestPki } = await import('@mostrador/testkit/arca');
    const signer = createArcaTestPki().issueSigner('20111111112');
    const config = loadConfig({
      ARCA_CERT: signer.certificatePem,
      ARCA_KEY: signer.privateKeyPem,
      AFIPSDK_ACCESS_TOKEN: 'token',
      SHOP_ACTIVITY_START: '2018-05-02',
    });
    const container = new Container();
    const warnings: string[] = [];
    container
      .bind(TOKENS.Logger as never)
      .toConstantValue({ info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined });
    for (const module of invoicingModulesFromConfig(config)) container.load(module);
    expect(container.get(TOKENS.InvoiceAuthorizer as never)).toBeInstanceOf(AfipSdkInvoiceAuthorizer);
    expect(warnings.join(' ')).toContain('PRIVATE KEY');
  });

  it('a certificate that is not a PEM fails naming ARCA_CERT, never echoing it', () => {
    const env = { ARCA_CERT: 'secret-ish value', ARCA_KEY: 'x', SHOP_ACTIVITY_START: '2018-05-02' };
    expect(() => invoicingModulesFromConfig(loadConfig(env))).toThrow(/ARCA_CERT/);
    expect(() => invoicingModulesFromConfig(loadConfig(env))).not.toThrow(/secret-ish/);
  });

  it('SHOP_ACTIVITY_START has no invented default: invoicing on without it is a ConfigError naming it, off it is not needed', async () => {
    const { createArcaTestPki } = await import('@mostrador/testkit/arca');
    const signer = createArcaTestPki().issueSigner('20111111112');
    const on = { ARCA_CERT: signer.certificatePem, ARCA_KEY: signer.privateKeyPem };
    expect(() => loadConfig(on)).toThrow(ConfigError);
    expect(() => loadConfig(on)).toThrow(/SHOP_ACTIVITY_START: required when electronic invoicing is on/);
    // Composed by hand (as the demo does after loading), the modules refuse it the same way.
    expect(() => invoicingModulesFromConfig({ ...loadConfig({}), ...on, SHOP_ACTIVITY_START: undefined })).toThrow(/SHOP_ACTIVITY_START/);
    expect(() => loadConfig({ ...on, SHOP_ACTIVITY_START: '2018-13-45' })).toThrow(/SHOP_ACTIVITY_START: must be a real calendar date/);
    expect(loadConfig({}).SHOP_ACTIVITY_START).toBeUndefined();
    expect(loadConfig({ ...on, SHOP_ACTIVITY_START: '2018-05-02' }).SHOP_ACTIVITY_START).toBe('2018-05-02');
  });

  it('the CLI says what is missing in one line and exits 2, without a stack', async () => {
    const { createArcaTestPki } = await import('@mostrador/testkit/arca');
    const signer = createArcaTestPki().issueSigner('20111111112');
    const run = runCli(['demo'], { ARCA_CERT: signer.certificatePem, ARCA_KEY: signer.privateKeyPem, LOG_LEVEL: 'silent' });
    const result = { status: await run.exited(), stderr: run.output() };
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('SHOP_ACTIVITY_START: required when electronic invoicing is on');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('PRIVATE KEY');
  }, 90_000);
});
