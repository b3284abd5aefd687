import { fileURLToPath } from 'node:url';
import { AdapterError, type DocumentRenderer, type InvoiceDocument, type ReportDocument, type Startable } from '@mostrador/core';
import { type DocumentAssets, invoiceHtml, reportHtml } from './templates/index.js';
import { ProcessEngine, type RenderEngine, WorkerEngine } from './weasyprint-engines.js';

export type RenderMode = 'auto' | 'worker' | 'process';

export interface WeasyPrintRendererOptions {
  /** `auto` (default): the long-running worker, else one process per document when only the CLI is there. */
  readonly mode: RenderMode;
  /** Documents rendered at once (workers or processes). */
  readonly concurrency: number;
  /** Documents waiting beyond those being rendered; one more is refused (`DOCUMENT.QUEUE_FULL`). */
  readonly maxQueue: number;
  /** Per document; a worker that overruns is killed and replaced. */
  readonly timeoutMs: number;
  /** A Python 3 with WeasyPrint importable (Debian's `weasyprint` package installs it for /usr/bin/python3). */
  readonly python: string;
  /** The WeasyPrint command line tool, for `process` mode. */
  readonly command: string;
  readonly assets: DocumentAssets;
}

interface Job {
  readonly html: string;
  readonly resolve: (pdf: Uint8Array) => void;
  readonly reject: (error: unknown) => void;
}

const WORKER_SCRIPT = fileURLToPath(new URL('./worker/weasyprint_worker.py', import.meta.url));

export const WEASYPRINT_MISSING =
  'WeasyPrint is not installed: neither "{python} -c \'import weasyprint\'" nor "{command} --version" works. ' +
  'On Debian/Ubuntu: apt-get install -y --no-install-recommends weasyprint fonts-dejavu-core';

/**
 * `DocumentRenderer` on WeasyPrint: templates (../templates) turn core's data into HTML, and a
 * small pool renders it, by default in long-running Python workers (one per slot), with one
 * process per document as the fallback. A bounded queue in front: past `maxQueue` waiting
 * documents a render is refused at once rather than piling up.
 */
export class WeasyPrintRenderer implements DocumentRenderer, Startable {
  readonly name = 'pdf renderer';
  readonly phase = 'prepare' as const;
  #mode: 'worker' | 'process' | null = null;
  #starting: Promise<void> | null = null;
  #idle: WorkerEngine[] = [];
  #busy = 0;
  #process: ProcessEngine | null = null;
  #queue: Job[] = [];
  #stopped = false;
  #version = '';

  constructor(private readonly options: WeasyPrintRendererOptions) {}

  /** `worker` or `process` once started. */
  get mode(): 'worker' | 'process' | null {
    return this.#mode;
  }

  get version(): string {
    return this.#version;
  }

  /** Finds WeasyPrint and starts the workers; fails with how to install it when it is missing. */
  start(): Promise<void> {
    this.#stopped = false;
    this.#starting ??= this.#start().catch((error: unknown) => {
      this.#starting = null;
      throw error;
    });
    return this.#starting;
  }

  async #start(): Promise<void> {
    const { mode, python, command, concurrency } = this.options;
    let workerError: unknown = null;
    if (mode !== 'process') {
      try {
        const workers = await Promise.all(Array.from({ length: concurrency }, () => WorkerEngine.start(python, WORKER_SCRIPT)));
        this.#version = await workers[0]!.ready;
        // The first document of a worker loads fonts: do it now, not in someone's request.
        await Promise.all(workers.map((worker) => worker.render('<p>warm-up</p>', this.options.timeoutMs)));
        this.#idle = workers;
        this.#mode = 'worker';
        return;
      } catch (error) {
        if (mode === 'worker') throw new Error(`${this.#missing()} (${error instanceof Error ? error.message : String(error)})`);
        workerError = error;
      }
    }
    try {
      this.#version = await ProcessEngine.version(command);
    } catch (error) {
      const cause = [workerError, error].filter(Boolean).map((e) => (e instanceof Error ? e.message : String(e)));
      throw new Error(`${this.#missing()} (${cause.join('; ')})`);
    }
    this.#process = new ProcessEngine(command);
    this.#mode = 'process';
  }

  #missing(): string {
    return WEASYPRINT_MISSING.replace('{python}', this.options.python).replace('{command}', this.options.command);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const waiting = this.#queue.splice(0);
    for (const job of waiting) job.reject(new AdapterError('DOCUMENT.RENDERER_STOPPED', 'the PDF renderer is stopping', true));
    const workers = this.#idle.splice(0);
    await Promise.all(workers.map((worker) => worker.close()));
    await this.#process?.close();
    this.#starting = null;
    this.#mode = null;
  }

  renderInvoice(document: InvoiceDocument): Promise<Uint8Array> {
    return this.renderHtml(invoiceHtml(document, this.options.assets));
  }

  renderReport(report: ReportDocument): Promise<Uint8Array> {
    return this.renderHtml(reportHtml(report, this.options.assets));
  }

  /** Any HTML page to PDF (templates' output; tests). Starts the renderer on first use. */
  async renderHtml(html: string): Promise<Uint8Array> {
    if (this.#stopped) throw new AdapterError('DOCUMENT.RENDERER_STOPPED', 'the PDF renderer is stopped', true);
    if (this.#queue.length >= this.options.maxQueue) {
      throw new AdapterError(
        'DOCUMENT.QUEUE_FULL',
        `${this.#queue.length} documents are already waiting to be rendered; try again shortly`,
        true,
        {
          maxQueue: this.options.maxQueue,
        },
      );
    }
    const done = new Promise<Uint8Array>((resolve, reject) => this.#queue.push({ html, resolve, reject }));
    await this.start();
    this.#pump();
    return done;
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#stopped) {
      if (this.#mode === 'process') {
        if (this.#busy >= this.options.concurrency) return;
        const job = this.#queue.shift() as Job;
        this.#run(job, this.#process as ProcessEngine, null);
        continue;
      }
      const worker = this.#idle.pop();
      if (!worker) return;
      this.#run(this.#queue.shift() as Job, worker, worker);
    }
  }

  #run(job: Job, engine: RenderEngine, worker: WorkerEngine | null): void {
    this.#busy += 1;
    engine
      .render(job.html, this.options.timeoutMs)
      .then(job.resolve, job.reject)
      .finally(() => {
        this.#busy -= 1;
        if (worker) void this.#release(worker);
        else this.#pump();
      });
  }

  /** Back to the pool, or replaced when it died (a timeout kills it). */
  async #release(worker: WorkerEngine): Promise<void> {
    if (this.#stopped) {
      await worker.close();
      return;
    }
    if (worker.alive) {
      this.#idle.push(worker);
    } else {
      try {
        this.#idle.push(await WorkerEngine.start(this.options.python, WORKER_SCRIPT));
      } catch (error) {
        for (const job of this.#queue.splice(0)) job.reject(error);
        return;
      }
    }
    this.#pump();
  }
}
