import { PassThrough, Writable } from 'node:stream';
import { MESSAGE_RULE } from '../../src/console-channel.js';

/** One message as printed by the console channel, read back. */
export interface PrintedMessage {
  readonly index: number;
  readonly text: string;
  /** Numbered option labels, in order (option n is `options[n - 1]`). */
  readonly options: readonly string[];
  readonly image: string | null;
  readonly document: string | null;
}

const OPTION_LINE = /^ {2}(\d+)\. (.*)$/;
const IMAGE_LINE = /^\[image: (.*)\]$/;
const DOCUMENT_LINE = /^\[document: (.*)\]$/;

/** Splits printed output into the console channel's messages (each starts with the rule line); other lines are ignored. */
export const parsePrinted = (output: string): PrintedMessage[] => {
  const blocks = output.split(`${MESSAGE_RULE}\n`).slice(1);
  return blocks.map((block, index) => {
    const lines = block.replace(/\n$/, '').split('\n');
    const options: string[] = [];
    let image: string | null = null;
    let document: string | null = null;
    const text: string[] = [];
    for (const line of lines) {
      const option = OPTION_LINE.exec(line);
      const picture = IMAGE_LINE.exec(line);
      const file = DOCUMENT_LINE.exec(line);
      if (option && Number(option[1]) === options.length + 1) options.push(option[2] ?? '');
      else if (picture && text.length === 0 && image === null) image = picture[1] ?? '';
      else if (file) document = file[1] ?? '';
      else text.push(line);
    }
    return { index, text: text.join('\n'), options, image, document };
  });
};

type WriteCallback = (error?: Error | null) => void;

/**
 * A terminal in memory: what the console channel prints accumulates here, and the terminal can
 * refuse writes the way a real one does — closed for good (EPIPE: the person is gone), or once
 * busy (EAGAIN: a full pipe) — without destroying the stream.
 */
export class MemoryTerminal extends Writable {
  readonly keyboard = new PassThrough();
  private printed = '';
  private readFrom = 0;
  private closed = false;
  private busyOnce = false;
  refused = 0;

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: WriteCallback): void {
    this.printed += chunk.toString();
    callback();
  }

  override write(chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    const refusal = this.closed ? 'EPIPE' : this.busyOnce ? 'EAGAIN' : null;
    if (refusal === null)
      return typeof encoding === 'function' ? super.write(chunk, encoding) : super.write(chunk, encoding ?? 'utf8', callback);
    this.busyOnce = false;
    this.refused += 1;
    const error = Object.assign(new Error(refusal === 'EPIPE' ? 'write EPIPE' : 'write EAGAIN'), { code: refusal });
    queueMicrotask(() => done?.(error));
    return false;
  }

  /** The person types a line. */
  type(line: string): void {
    this.keyboard.write(`${line}\n`);
  }

  /** Everything printed so far. */
  get all(): string {
    return this.printed;
  }

  /** The messages printed since the previous call. */
  readNew(): PrintedMessage[] {
    const fresh = this.printed.slice(this.readFrom);
    this.readFrom = this.printed.length;
    return parsePrinted(fresh);
  }

  close(): void {
    this.closed = true;
  }

  refuseNextOnce(): void {
    this.busyOnce = true;
  }
}
