import {
  DEFAULT_SHOP_SETTINGS,
  type Invoice,
  type InvoiceDocument,
  invoiceDocumentOf,
  money,
  type Order,
  type OrderLine,
  voucherTotals,
} from '@mostrador/core';
import { WeasyPrintRenderer, type WeasyPrintRendererOptions } from '../src/index.js';

export interface PdfBenchmarkFigures {
  readonly documents: number;
  readonly workerMedianMs: number;
  readonly workerP90Ms: number;
  readonly processMedianMs: number;
  readonly processP90Ms: number;
  /** processMedianMs / workerMedianMs. */
  readonly speedup: number;
  readonly workerPdfBytes: number;
  readonly weasyprint: string;
}

const OPTIONS: Omit<WeasyPrintRendererOptions, 'mode'> = {
  concurrency: 1,
  maxQueue: 4,
  timeoutMs: 120_000,
  python: process.env.PDF_BENCH_PYTHON ?? '/usr/bin/python3',
  command: process.env.PDF_BENCH_WEASYPRINT ?? 'weasyprint',
  assets: { logo: null },
};

/** A realistic invoice: a factura A with a handful of lines at two VAT rates, number `n`. */
const invoice = (n: number): InvoiceDocument => {
  const at = new Date('2025-03-10T15:00:00Z');
  const lines: OrderLine[] = Array.from({ length: 6 }, (_, i) => {
    const unitPrice = money(12_345 * (i + 1) + n);
    const quantity = 1 + (i % 3);
    return {
      productId: `p${i}`,
      sku: `SKU-${1000 + i}`,
      name: `Producto de prueba número ${i + 1} — ${n}`,
      quantity,
      unitPrice,
      unitDiscount: money(0),
      vatRate: i % 2 === 0 ? 2100 : 1050,
      total: money(unitPrice.amount * quantity),
    };
  });
  const order: Order = {
    id: `order-${n}`,
    number: 1000 + n,
    customerId: 'c',
    channel: 'telegram',
    status: 'invoiced',
    lines,
    total: money(lines.reduce((s, l) => s + l.total.amount, 0)),
    contact: { name: 'Ana', phone: '+5491155550000' },
    delivery: { method: 'pickup', address: null },
    billing: null,
    reservationExpiresAt: at,
    history: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const voucher: Invoice = {
    id: `inv-${n}`,
    orderId: order.id,
    issuerCuit: '20111111112',
    pointOfSale: 3,
    voucherType: 'FACTURA_A',
    number: n,
    issueDate: at,
    buyer: {
      documentType: 'CUIT',
      documentNumber: '30712345671',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      legalName: 'Cliente S.A.',
      address: 'Belgrano 1, Rosario',
    },
    totals: voucherTotals(lines, 'A'),
    status: 'authorized',
    cae: '75123456789012',
    caeDueDate: new Date('2025-03-20T03:00:00Z'),
    qrPayload: null,
    errors: [],
    createdAt: at,
    updatedAt: at,
  };
  return invoiceDocumentOf(voucher, order, DEFAULT_SHOP_SETTINGS, 'es');
};

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Milliseconds per invoice PDF: the long-running worker against one `weasyprint` process per
 * document, measured in the same run, alternating one document of each so a busy moment of the
 * machine hits both alike. Each side warms up first (the worker its fonts, the CLI the disk cache).
 */
export async function runPdfBenchmark(options: { log?: (line: string) => void; rounds?: number } = {}): Promise<PdfBenchmarkFigures> {
  const log = options.log ?? (() => {});
  const rounds = options.rounds ?? Number(process.env.PDF_BENCH_ROUNDS ?? 15);
  const worker = new WeasyPrintRenderer({ ...OPTIONS, mode: 'worker' });
  const perProcess = new WeasyPrintRenderer({ ...OPTIONS, mode: 'process' });
  try {
    await worker.start();
    await perProcess.start();
    log(`WeasyPrint ${worker.version}; ${rounds} invoices each way, alternating`);
    for (let i = 0; i < 3; i += 1) await worker.renderInvoice(invoice(90_000 + i));
    await perProcess.renderInvoice(invoice(91_000));
    const workerMs: number[] = [];
    const processMs: number[] = [];
    let bytes = 0;
    for (let i = 1; i <= rounds; i += 1) {
      let started = performance.now();
      bytes = (await worker.renderInvoice(invoice(i))).length;
      workerMs.push(performance.now() - started);
      started = performance.now();
      await perProcess.renderInvoice(invoice(10_000 + i));
      processMs.push(performance.now() - started);
      log(
        `  ${String(i).padStart(2)}  worker ${workerMs.at(-1)?.toFixed(0).padStart(6)} ms   process ${processMs.at(-1)?.toFixed(0).padStart(6)} ms`,
      );
    }
    const workerMedianMs = round(median(workerMs));
    const processMedianMs = round(median(processMs));
    return {
      documents: rounds,
      workerMedianMs,
      workerP90Ms: round(percentile(workerMs, 90)),
      processMedianMs,
      processP90Ms: round(percentile(processMs, 90)),
      speedup: Math.round((processMedianMs / workerMedianMs) * 100) / 100,
      workerPdfBytes: bytes,
      weasyprint: worker.version,
    };
  } finally {
    await worker.stop();
    await perProcess.stop();
  }
}

export const formatPdfBenchmark = (f: PdfBenchmarkFigures): string =>
  [
    'mode                       median ms    p90 ms',
    `long-running worker        ${String(f.workerMedianMs).padStart(9)} ${String(f.workerP90Ms).padStart(9)}`,
    `one process per document   ${String(f.processMedianMs).padStart(9)} ${String(f.processP90Ms).padStart(9)}`,
    `speedup (process / worker) ${String(f.speedup).padStart(9)}×`,
  ].join('\n');
