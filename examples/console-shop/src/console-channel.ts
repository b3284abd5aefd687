import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  AdapterError,
  type ChannelAdapter,
  type ChannelCapabilities,
  type DeliveryReceipt,
  type ImageStore,
  type InboundEvent,
  type InboundPayload,
  type InboundSink,
  type MarkupNode,
  numberChoices,
  type OutboundMessage,
  parseMarkup,
} from '@mostrador/core';

/*
 * A channel adapter for a terminal: one local person types lines, the shop's replies are printed.
 * It is the smallest complete ChannelAdapter — read it as the template for your own channel:
 * inbound, it turns what arrives (here a typed line) into one InboundEvent and hands it to the
 * sink; outbound, it renders core's OutboundMessage with what it can show. Everything else
 * (one event at a time per chat, skipping redelivered events, "typing…", apologies, retrying a
 * refused delivery) is core's chat driver's.
 */

/** What a terminal can show. No buttons and no edits: options are numbered, and the person types the number. */
export const CONSOLE_CAPABILITIES: ChannelCapabilities = {
  inlineButtons: false,
  // URL choices arrive already turned into links in the text, by the engine.
  urlButtons: false,
  maxButtonsPerRow: 8,
  // A numbered list longer than this is hard to read; the engine pages lists to fit it.
  maxButtons: 16,
  maxChoiceLabelLength: 60,
  // The person types a number or a label, never a payload: the engine's ids only need to fit its own table.
  maxChoicePayloadBytes: 16,
  editInPlace: false,
  maxTextLength: 4000,
  maxCaptionLength: 4000,
  // Shown as "[image: …]" (saved to `filesDir` when an image store is given).
  images: true,
  documents: true,
  contactRequest: false,
  toasts: false,
  deepLinks: false,
};

/** The channel's default name: on events, customers' identities and orders. */
export const CONSOLE_CHANNEL_NAME = 'console';

/** The line printed before every message the shop sends: where one message ends and the next begins. */
export const MESSAGE_RULE = '─'.repeat(32);

/** The person at the keyboard, as the shop sees them. */
export interface ConsolePerson {
  /** Channel user id, also the chat id. Default "local". */
  readonly id?: string;
  /** Default: the `USER` environment variable, else "Cliente". */
  readonly displayName?: string;
  /** A language tag ("es", "en-US"); default: from `LANG`, else null (the shop's default, Spanish). */
  readonly language?: string | null;
}

/** A line starting with "/<name>" that the console itself handles instead of sending it to the shop. */
export type LocalCommand = (args: string) => Promise<string | null>;

export interface ConsoleChannelOptions {
  /** Default process.stdin. One line is one event. */
  readonly input?: Readable;
  /** Default process.stdout. */
  readonly output?: Writable;
  readonly person?: ConsolePerson;
  /** Channel name on events, customers and orders. Default "console". */
  readonly name?: string;
  /** Where documents the shop sends (and catalog images, with `images`) are saved. Default "./console-files". */
  readonly filesDir?: string;
  /** Catalog images, to save a message's picture to `filesDir` instead of only naming it. */
  readonly images?: ImageStore;
  /**
   * Console-side commands, by name without the slash ("pay"), answered with a line printed as is.
   * `/photo <path> [caption]` is always one: it sends that image file as a photo.
   */
  readonly localCommands?: Readonly<Record<string, LocalCommand>>;
  /** Printed when the shop takes a while to answer (`indicateActivity`); default nothing. */
  readonly activityMarker?: string | null;
  /** Called once the input has ended and every line typed has been answered. */
  readonly onInputEnd?: () => void;
}

const DRAIN_MS = 10_000;
/** A terminal that cannot take more output right now asks to be retried this soon. */
const BUSY_RETRY_SECONDS = 0.1;

const EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

const defaultLanguage = (): string | null => {
  const lang = process.env.LANG ?? process.env.LC_ALL ?? '';
  const tag = lang.split(/[.@]/)[0]?.replace('_', '-') ?? '';
  return tag === '' || tag === 'C' || tag === 'POSIX' ? null : tag;
};

const ANSI_STYLES: Readonly<Record<'bold' | 'italic' | 'strike', readonly [string, string]>> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  italic: ['\u001b[3m', '\u001b[23m'],
  strike: ['\u001b[9m', '\u001b[29m'],
};

const renderNode = (node: MarkupNode, ansi: boolean): string => {
  if (node.type === 'text') return node.text;
  if (node.type === 'newline') return '\n';
  const inner = renderConsoleMarkup(node.children, ansi);
  // Nothing is clickable in a terminal: the URL is written out.
  if (node.type === 'link') return inner === node.url ? node.url : `${inner} (${node.url})`;
  const [open, close] = ANSI_STYLES[node.type];
  return ansi ? `${open}${inner}${close}` : inner;
};

/** Markup as a terminal shows it: no markup characters; links as "label (url)"; bold, italic and strikethrough in ANSI when the output is a TTY. */
export const renderConsoleMarkup = (nodes: readonly MarkupNode[], ansi: boolean): string =>
  nodes.map((node) => renderNode(node, ansi)).join('');

/** A write the terminal refused, in core's terms: a closed terminal is a person gone; a full one asks to retry. */
const refusal = (error: unknown): AdapterError => {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EAGAIN' || code === 'EWOULDBLOCK')
    return new AdapterError('CHANNEL.RATE_LIMITED', 'the terminal cannot take more output right now', true, {
      retryAfterSeconds: BUSY_RETRY_SECONDS,
    });
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END')
    return new AdapterError('CHANNEL.BLOCKED', 'the terminal is closed', false, { cause: String(code) });
  return new AdapterError(
    'CHANNEL.UNAVAILABLE',
    `writing to the terminal failed: ${error instanceof Error ? error.message : String(error)}`,
    true,
  );
};

/** A file name safe to create in `filesDir`: no folders, no control characters. */
const safeFileName = (name: string): string =>
  basename(name)
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(0, 120) || 'file';

/**
 * A terminal as a channel: stdin and stdout by default, any Readable and Writable otherwise.
 *
 * Inbound, every typed line is one event with its own idempotency key: "/name args" is a
 * `command`, anything else `text` (a number picks a numbered option: the engine resolves it).
 * `/photo <path> [caption]` sends an image file as an `image` event. Outbound, a message is
 * printed after a rule line: its text (markup rendered as plain text), "[image: …]" for a picture,
 * its options numbered "1. …" in the order core's `numberChoices` gives, and "[document: …]" for a
 * file, saved to `filesDir`.
 */
export class ConsoleChannel implements ChannelAdapter {
  readonly name: string;
  readonly phase = 'connect' as const;
  readonly capabilities = CONSOLE_CAPABILITIES;
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly chatId: string;
  private readonly displayName: string;
  private readonly language: string | null;
  private readonly filesDir: string;
  /** Keys of this run: a restart never repeats the key of a line already handled (the store remembers them). */
  private readonly session = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  private sink: InboundSink | null = null;
  private lines: Interface | null = null;
  private lineNumber = 0;
  private sent = 0;
  /** Photo files the person sent: the only files `downloadFile` reads. */
  private readonly offeredFiles = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The lines read so far, turned into events in order. */
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleChannelOptions = {}) {
    this.name = options.name ?? CONSOLE_CHANNEL_NAME;
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.chatId = options.person?.id ?? 'local';
    this.displayName = options.person?.displayName ?? process.env.USER ?? 'Cliente';
    this.language = options.person?.language === undefined ? defaultLanguage() : options.person.language;
    this.filesDir = resolve(options.filesDir ?? 'console-files');
    // A closed terminal must not crash the process: the failed write reports it as CHANNEL.BLOCKED.
    this.output.on('error', () => {});
  }

  connect(sink: InboundSink): void {
    this.sink = sink;
  }

  async start(): Promise<void> {
    if (!this.sink) throw new Error('the console channel must be connected to a sink before it starts');
    const lines = createInterface({ input: this.input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    this.lines = lines;
    lines.on('line', (line) => {
      // One after the other, so events reach the sink in typing order even when reading a photo's size takes a while.
      this.reading = this.reading.then(() => this.onLine(line)).catch(() => undefined);
    });
    lines.on('close', () => {
      void this.reading.then(() => Promise.allSettled([...this.inFlight])).then(() => this.options.onInputEnd?.());
    });
  }

  async stop(): Promise<void> {
    this.lines?.close();
    this.lines = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.reading.then(() => Promise.allSettled([...this.inFlight])),
      new Promise((resolve) => {
        timer = setTimeout(resolve, DRAIN_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  // ---- inbound ----

  /** Turns one typed line into an event and hands it over; the handling goes on while the next line is read. */
  private async onLine(raw: string): Promise<void> {
    const line = raw.trim();
    const sink = this.sink;
    if (line === '' || !sink) return;
    this.lineNumber += 1;
    const key = `${this.session}:${this.lineNumber}`;
    const payload = await this.payloadOf(line);
    if (payload === null) return;
    const event: InboundEvent = {
      channel: this.name,
      chatId: this.chatId,
      user: { id: this.chatId, displayName: this.displayName, languageHint: this.language },
      receivedAt: new Date(),
      idempotencyKey: key,
      ...payload,
    };
    const delivery = sink.deliver({ event });
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** What a typed line means; null when the console answered it itself. */
  private async payloadOf(line: string): Promise<InboundPayload | null> {
    const command = /^\/([\p{L}\p{N}_]+)(?:\s+([\s\S]*))?$/u.exec(line);
    if (!command) return { kind: 'text', text: line };
    const name = (command[1] ?? '').toLowerCase();
    const args = (command[2] ?? '').trim();
    if (name === 'photo' || name === 'foto') return this.photo(args);
    const local = this.options.localCommands?.[name];
    if (local) {
      // It acts after what was typed before it has been answered, as a person reading the replies would.
      await Promise.allSettled([...this.inFlight]);
      const answer = await local(args).catch((error: unknown) => `! ${error instanceof Error ? error.message : String(error)}`);
      if (answer !== null) await this.print(`${answer}\n`).catch(() => {});
      return null;
    }
    return { kind: 'command', command: name, args };
  }

  private async photo(args: string): Promise<InboundPayload | null> {
    const [path = '', ...caption] = args.split(/\s+/);
    const file = resolve(path);
    const size =
      path === ''
        ? null
        : await stat(file).then(
            (info) => (info.isFile() ? info.size : null),
            () => null,
          );
    if (size === null) {
      await this.print(`! /photo needs the path of an image file, e.g. /photo ./mate.jpg\n`).catch(() => {});
      return null;
    }
    this.offeredFiles.add(file);
    return { kind: 'image', fileRef: file, caption: caption.length > 0 ? caption.join(' ') : null, sizeBytes: size };
  }

  // ---- outbound ----

  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    if (chatId !== this.chatId) throw new AdapterError('CHANNEL.CHAT_NOT_FOUND', 'this console has one chat', false, { chatId });
    const ansi = (this.output as { isTTY?: boolean }).isTTY === true;
    const parts: string[] = [MESSAGE_RULE];
    if (message.imageId) parts.push(`[image: ${await this.imageName(message.imageId)}]`);
    if (message.text !== '') parts.push(renderConsoleMarkup(parseMarkup(message.text), ansi));
    for (const option of numberChoices(message.choices)) parts.push(`  ${option.number}. ${option.label}`);
    if (message.document) parts.push(`[document: ${await this.saveDocument(message.document.fileName, message.document.bytes)}]`);
    await this.print(`${parts.join('\n')}\n`);
    this.sent += 1;
    return { messageRef: String(this.sent) };
  }

  async indicateActivity(): Promise<void> {
    const marker = this.options.activityMarker;
    if (marker) await this.print(`${marker}\n`).catch(() => {});
  }

  async downloadFile(fileRef: string, maxBytes: number): Promise<Uint8Array> {
    if (!this.offeredFiles.has(fileRef)) throw new AdapterError('CHANNEL.FILE_UNAVAILABLE', 'not a file this person sent', false);
    const { size } = await stat(fileRef);
    if (size > maxBytes)
      throw new AdapterError('CHANNEL.FILE_TOO_BIG', `the file is larger than ${maxBytes} bytes`, false, { maxBytes, size });
    return new Uint8Array(await readFile(fileRef));
  }

  private print(text: string): Promise<void> {
    const output = this.output;
    if (output.destroyed || output.writableEnded) return Promise.reject(refusal({ code: 'ERR_STREAM_DESTROYED' }));
    return new Promise<void>((done, fail) => {
      try {
        output.write(text, (error) => (error ? fail(refusal(error)) : done()));
      } catch (error) {
        fail(refusal(error));
      }
    });
  }

  /** The saved image's path, or its id when there is no image store. */
  private async imageName(imageId: string): Promise<string> {
    const image = this.options.images ? await this.options.images.get(imageId) : null;
    if (!image) return imageId;
    const path = join(this.filesDir, `image-${safeFileName(imageId)}.${EXTENSIONS[image.mimeType] ?? 'bin'}`);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(this.filesDir, { recursive: true });
      await writeFile(path, image.bytes);
    }
    return path;
  }

  /** Saves a document under its own name (numbered when taken) and returns where. */
  private async saveDocument(fileName: string, bytes: Uint8Array): Promise<string> {
    await mkdir(this.filesDir, { recursive: true });
    const safe = safeFileName(fileName);
    const dot = safe.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    for (let copy = 0; ; copy += 1) {
      const path = join(this.filesDir, copy === 0 ? safe : `${stem} (${copy})${extension}`);
      try {
        await writeFile(path, bytes, { flag: 'wx' });
        return path;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      }
    }
  }
}

export function createConsoleChannel(options: ConsoleChannelOptions = {}): ConsoleChannel {
  return new ConsoleChannel(options);
}
