import { DomainError } from '@mostrador/core';
import { documentRendererContract } from '@mostrador/testkit/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfModule, WeasyPrintRenderer, type WeasyPrintRendererOptions } from '../src/index.js';
import { invoiceDocument } from './fixtures.js';
import { pdfText } from './pdf-tools.js';

const OPTIONS: WeasyPrintRendererOptions = {
  mode: 'auto',
  concurrency: 1,
  maxQueue: 16,
  timeoutMs: 60_000,
  python: '/usr/bin/python3',
  command: 'weasyprint',
  assets: { logo: null },
};

const started: WeasyPrintRenderer[] = [];
const renderer = (options: Partial<WeasyPrintRendererOptions> = {}): WeasyPrintRenderer => {
  const created = new WeasyPrintRenderer({ ...OPTIONS, ...options });
  started.push(created);
  return created;
};
afterAll(async () => {
  await Promise.all(started.map((r) => r.stop()));
});

const worker = renderer();
documentRendererContract(async () => worker, { name: 'WeasyPrint worker', textOf: pdfText });
const perProcess = renderer({ mode: 'process', concurrency: 2 });
documentRendererContract(async () => perProcess, { name: 'WeasyPrint process per document', textOf: pdfText });

const caught = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('did not fail'),
    (error: unknown) => error,
  );

describe('WeasyPrintRenderer', () => {
  it('uses the long-running worker when the Python module is there, and one process per document in process mode', async () => {
    await worker.start();
    await perProcess.start();
    expect(worker.mode).toBe('worker');
    expect(perProcess.mode).toBe('process');
    expect(worker.version).toMatch(/\d+/);
  }, 60_000);

  it('fails at start, saying how to install it, when WeasyPrint is missing', async () => {
    const missing = renderer({ python: '/nonexistent/python3', command: '/nonexistent/weasyprint' });
    const error = await caught(missing.start());
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('WeasyPrint is not installed');
    expect((error as Error).message).toContain('apt-get install -y --no-install-recommends weasyprint');
  });

  it('falls back to one process per document when only the command line tool is there (auto mode)', async () => {
    const fallback = renderer({ python: '/nonexistent/python3' });
    await fallback.start();
    expect(fallback.mode).toBe('process');
    expect(await pdfText(await fallback.renderInvoice(invoiceDocument('FACTURA_B').doc))).toContain('COD. 06');
  }, 60_000);

  it('refuses a document past the bounded queue at once (DOCUMENT.QUEUE_FULL), and renders the others', async () => {
    const small = renderer({ maxQueue: 2 });
    await small.start();
    const doc = invoiceDocument('FACTURA_B').doc;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => small.renderInvoice(doc)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) expect(((r as PromiseRejectedResult).reason as DomainError).code).toBe('DOCUMENT.QUEUE_FULL');
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('times a slow document out (DOCUMENT.RENDER_TIMEOUT), replaces the killed worker and goes on rendering', async () => {
    const hasty = renderer({ timeoutMs: 60_000 });
    await hasty.start();
    // The options are read on every render: make the next one impossible to finish in time.
    (hasty as unknown as { options: WeasyPrintRendererOptions }).options = { ...OPTIONS, timeoutMs: 1 };
    const error = await caught(hasty.renderInvoice(invoiceDocument('FACTURA_A').doc));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('DOCUMENT.RENDER_TIMEOUT');
    (hasty as unknown as { options: WeasyPrintRendererOptions }).options = OPTIONS;
    expect(await pdfText(await hasty.renderInvoice(invoiceDocument('FACTURA_A').doc))).toContain('COD. 01');
  }, 120_000);

  it('reports a document WeasyPrint cannot render without losing the worker', async () => {
    const own = renderer();
    // Nesting this deep exhausts WeasyPrint's recursion: a real rendering failure, not a warning.
    const error = await caught(own.renderHtml(`${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}`));
    expect(error).toMatchObject({ code: 'DOCUMENT.RENDER_FAILED' });
    expect(await pdfText(await own.renderInvoice(invoiceDocument('FACTURA_B').doc))).toContain('COD. 06');
  }, 60_000);

  it('validates its module options, naming the bad one', () => {
    expect(() => pdfModule({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => pdfModule({ logoFile: '/nonexistent/logo.png' })).toThrow(/logoFile/);
  });
});
