import { type ChildProcess, spawn } from 'node:child_process';
import { AdapterError } from '@mostrador/core';
import { FrameReader, frame } from './frame-reader.js';

/** Something that turns HTML into PDF bytes, one document at a time. */
export interface RenderEngine {
  render(html: string, timeoutMs: number): Promise<Uint8Array>;
  /** Ends the engine's process(es); pending renders fail. */
  close(): Promise<void>;
}

const STDERR_KEPT = 2_000;

/** The tail of a process's stderr, for error messages (documents' text is never logged there by us). */
const stderrTail = (child: ChildProcess): (() => string) => {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-STDERR_KEPT);
  });
  return () => text.trim();
};

const timeoutError = (timeoutMs: number): AdapterError =>
  new AdapterError('DOCUMENT.RENDER_TIMEOUT', `WeasyPrint did not finish the document within ${timeoutMs} ms`, true, { timeoutMs });

const renderFailed = (message: string): AdapterError =>
  new AdapterError('DOCUMENT.RENDER_FAILED', `WeasyPrint could not render the document: ${message}`, false);

type Pending = { resolve: (pdf: Uint8Array) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/**
 * One long-running Python process with WeasyPrint loaded, rendering documents in turn over
 * stdin/stdout (length-prefixed frames). Importing WeasyPrint and its fonts once is what makes it
 * several times faster than a process per document. A timeout kills the process: the owner starts
 * another.
 */
export class WorkerEngine implements RenderEngine {
  #child: ChildProcess;
  #pending: Pending | null = null;
  #header: { ok: boolean; size?: number; error?: string } | null = null;
  #dead: Error | null = null;
  readonly ready: Promise<string>;

  private constructor(python: string, script: string, startTimeoutMs: number) {
    this.#child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr = stderrTail(this.#child);
    const reader = new FrameReader();
    let onReady: { resolve: (version: string) => void; reject: (error: Error) => void } | null = null;
    this.ready = new Promise<string>((resolve, reject) => {
      onReady = { resolve, reject };
    });
    const startTimer = setTimeout(() => {
      onReady?.reject(new Error(`the WeasyPrint worker did not start within ${startTimeoutMs} ms`));
      this.#child.kill('SIGKILL');
    }, startTimeoutMs);

    this.#child.stdout?.on('data', (chunk: Buffer) => {
      for (const bytes of reader.push(chunk)) {
        if (onReady) {
          clearTimeout(startTimer);
          const hello = JSON.parse(bytes.toString('utf8')) as { ready: boolean; version?: string; error?: string };
          if (hello.ready) onReady.resolve(hello.version ?? 'unknown');
          else onReady.reject(new Error(`the WeasyPrint Python module is not available (${hello.error ?? 'unknown error'})`));
          onReady = null;
          continue;
        }
        this.#onFrame(bytes);
      }
    });
    this.#child.on('error', (error) => {
      // Python itself is missing (ENOENT): there will be no exit event.
      clearTimeout(startTimer);
      onReady?.reject(error);
      onReady = null;
      this.#fail(error);
    });
    this.#child.on('exit', (code, signal) => {
      clearTimeout(startTimer);
      const error = new Error(`the WeasyPrint worker exited (${signal ?? `code ${code}`})${stderr() ? `: ${stderr()}` : ''}`);
      onReady?.reject(error);
      onReady = null;
      this.#fail(error);
    });
    // A write to a worker that just died: the exit handler reports it.
    this.#child.stdin?.on('error', () => {});
  }

  /** Starts a worker and waits until WeasyPrint is imported. Rejects when Python or WeasyPrint is missing. */
  static async start(python: string, script: string, startTimeoutMs = 20_000): Promise<WorkerEngine> {
    const engine = new WorkerEngine(python, script, startTimeoutMs);
    await engine.ready;
    return engine;
  }

  get alive(): boolean {
    return this.#dead === null;
  }

  #onFrame(bytes: Buffer): void {
    const pending = this.#pending;
    if (this.#header === null) {
      const header = JSON.parse(bytes.toString('utf8')) as { ok: boolean; size?: number; error?: string };
      if (header.ok) {
        this.#header = header;
        return;
      }
      this.#pending = null;
      if (pending) {
        clearTimeout(pending.timer);
        pending.reject(renderFailed(header.error ?? 'unknown error'));
      }
      return;
    }
    this.#header = null;
    this.#pending = null;
    if (pending) {
      clearTimeout(pending.timer);
      pending.resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
  }

  #fail(error: Error): void {
    if (this.#dead) return;
    this.#dead = error;
    const pending = this.#pending;
    this.#pending = null;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(new AdapterError('DOCUMENT.RENDER_FAILED', error.message, true));
    }
  }

  render(html: string, timeoutMs: number): Promise<Uint8Array> {
    if (this.#dead) return Promise.reject(new AdapterError('DOCUMENT.RENDER_FAILED', this.#dead.message, true));
    if (this.#pending) return Promise.reject(new Error('a WeasyPrint worker renders one document at a time'));
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = null;
        this.#dead = timeoutError(timeoutMs); // not reused: its owner starts another
        reject(this.#dead);
        this.#child.kill('SIGKILL');
      }, timeoutMs);
      this.#pending = { resolve, reject, timer };
      this.#child.stdin?.write(frame(Buffer.from(JSON.stringify({ html }), 'utf8')));
    });
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin?.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The fallback: one `weasyprint - -` process per document (HTML on stdin, PDF on stdout). Several
 * times slower than the worker (the process imports WeasyPrint every time), but needs only the
 * command line tool.
 */
export class ProcessEngine implements RenderEngine {
  readonly #running = new Set<ChildProcess>();

  constructor(private readonly command: string) {}

  /** The version `weasyprint --version` prints; rejects when the command is missing. */
  static version(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${command} --version exited with code ${code}`))));
    });
  }

  render(html: string, timeoutMs: number): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const child = spawn(this.command, ['--quiet', '-', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
      this.#running.add(child);
      const stderr = stderrTail(child);
      const chunks: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        this.#running.delete(child);
        reject(renderFailed(error.message));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        this.#running.delete(child);
        if (timedOut) return reject(timeoutError(timeoutMs));
        if (code !== 0) return reject(renderFailed(stderr() || `exit code ${code}`));
        const pdf = Buffer.concat(chunks);
        resolve(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      });
      child.stdin?.on('error', () => {});
      child.stdin?.end(html, 'utf8');
    });
  }

  async close(): Promise<void> {
    for (const child of this.#running) child.kill('SIGKILL');
  }
}
