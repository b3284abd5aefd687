import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { InboundDelivery, InboundEvent } from '@mostrador/core';
import { type ConformanceChat, type ConformanceReply, channelConformance, pngOfSize } from '@mostrador/testkit/channel';
import { InMemoryImageStore } from '@mostrador/testkit/memory';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CONSOLE_CAPABILITIES, ConsoleChannel, renderConsoleMarkup } from '../src/console-channel.js';
import { MemoryTerminal, type PrintedMessage, parsePrinted } from './support/terminal.js';

/*
 * The console channel through the channel conformance suite: every customer is one terminal (a
 * console channel of their own, in-memory streams), all connected to the suite's shop.
 */

const folders: string[] = [];

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

channelConformance('console', async (shop) => {
  const filesDir = await mkdtemp(join(tmpdir(), 'console-channel-'));
  folders.push(filesDir);
  const channels: ConsoleChannel[] = [];
  let people = 0;

  return {
    capabilities: CONSOLE_CAPABILITIES,
    async customer({ locale, displayName }): Promise<ConformanceChat> {
      people += 1;
      const terminal = new MemoryTerminal();
      const chatId = `person-${people}`;
      const channel = new ConsoleChannel({
        input: terminal.keyboard,
        output: terminal,
        person: { id: chatId, displayName, language: locale },
        filesDir,
        images: shop.images,
      });
      shop.connect(channel);
      await channel.start();
      channels.push(channel);
      let latestWithOptions: PrintedMessage | null = null;
      const toReply = async (message: PrintedMessage): Promise<ConformanceReply> => ({
        text: message.text,
        options: message.options,
        image: message.image !== null,
        // The channel saved the document to its folder: the person opens that file.
        document: message.document
          ? { fileName: basename(message.document), bytes: new Uint8Array(await readFile(message.document)) }
          : null,
        ref: `${chatId}:${terminal.all.length}:${message.index}`,
      });
      const replyRefs = new Map<string, PrintedMessage>();

      return {
        chatId,
        sendText: async (text) => terminal.type(text),
        async choose(label, on) {
          const printed = replyRefs.get(on.ref);
          // Only the latest options can be picked by number; an older message's option can only be named.
          if (printed && printed === latestWithOptions) terminal.type(String(printed.options.indexOf(label) + 1));
          else terminal.type(label);
        },
        async sendPhoto(sizeBytes) {
          const path = join(filesDir, `photo-${chatId}-${sizeBytes}.png`);
          await writeFile(path, pngOfSize(sizeBytes));
          terminal.type(`/photo ${path}`);
        },
        async readReplies() {
          const printed = terminal.readNew();
          const replies: ConformanceReply[] = [];
          for (const message of printed) {
            const reply = await toReply(message);
            replyRefs.set(reply.ref, message);
            replies.push(reply);
          }
          const withOptions = printed.filter((message) => message.options.length > 0).pop();
          if (withOptions) latestWithOptions = withOptions;
          return replies;
        },
        block: () => terminal.close(),
        rateLimitNextDelivery: () => terminal.refuseNextOnce(),
        refusedDeliveries: () => terminal.refused,
      };
    },
    async stop() {
      await Promise.all(channels.map((channel) => channel.stop()));
    },
  };
});

describe('console channel rendering', () => {
  it('shows links with their URL, and no markup characters', () => {
    const text = renderConsoleMarkup(
      [
        { type: 'bold', children: [{ type: 'text', text: 'Pagá' }] },
        { type: 'text', text: ' en ' },
        { type: 'link', url: 'https://pay.example/c/1', children: [{ type: 'text', text: 'este link' }] },
        { type: 'newline' },
        { type: 'strike', children: [{ type: 'text', text: '$ 10' }] },
      ],
      false,
    );
    expect(text).toBe('Pagá en este link (https://pay.example/c/1)\n$ 10');
  });
});

/** A console channel on a memory terminal whose sink records the events it is handed. */
const recordingConsole = async (
  options: {
    localCommands?: Record<string, (args: string) => Promise<string | null>>;
    /** Deliveries are handled once this resolves (default: at once). */
    gate?: Promise<void>;
  } = {},
) => {
  const filesDir = await mkdtemp(join(tmpdir(), 'console-unit-'));
  folders.push(filesDir);
  const terminal = new MemoryTerminal();
  const images = new InMemoryImageStore();
  const channel = new ConsoleChannel({
    input: terminal.keyboard,
    output: terminal,
    person: { id: 'ana', displayName: 'Ana', language: 'en-US' },
    filesDir,
    images,
    ...(options.localCommands ? { localCommands: options.localCommands } : {}),
  });
  const events: InboundEvent[] = [];
  const started = { count: 0 };
  channel.connect({
    deliver: async (delivery: InboundDelivery) => {
      started.count += 1;
      await options.gate;
      events.push(delivery.event);
    },
  });
  await channel.start();
  return { channel, terminal, events, started, filesDir, images };
};

describe('console channel inbound', () => {
  it('turns each typed line into one event, in order, with its own key: commands, text, photos; blank lines are nothing', async () => {
    const { channel, terminal, events, filesDir } = await recordingConsole();
    const photo = join(filesDir, 'mate.png');
    await writeFile(photo, pngOfSize(300));

    for (const line of ['hola', '', '/buscar mate de calabaza', `/photo ${photo} el mío`, '2']) terminal.type(line);
    await vi.waitFor(() => expect(events).toHaveLength(4));

    expect(events.map(({ kind }) => kind)).toEqual(['text', 'command', 'image', 'text']);
    expect(events[1]).toMatchObject({ kind: 'command', command: 'buscar', args: 'mate de calabaza' });
    expect(events[2]).toMatchObject({ kind: 'image', fileRef: photo, caption: 'el mío', sizeBytes: 300 });
    expect(events[3]).toMatchObject({ kind: 'text', text: '2' });
    for (const event of events)
      expect(event).toMatchObject({ channel: 'console', chatId: 'ana', user: { id: 'ana', displayName: 'Ana', languageHint: 'en-US' } });
    expect(new Set(events.map((event) => event.idempotencyKey)).size).toBe(4);
    // The photo can be downloaded, within the limit only; other files cannot.
    expect((await channel.downloadFile(photo, 1000)).length).toBe(300);
    await expect(channel.downloadFile(photo, 100)).rejects.toMatchObject({ code: 'CHANNEL.FILE_TOO_BIG' });
    await expect(channel.downloadFile(join(filesDir, 'other.png'), 1000)).rejects.toMatchObject({ code: 'CHANNEL.FILE_UNAVAILABLE' });
    await channel.stop();
  });

  it('answers its local commands itself, after the lines typed before them, and says how to send a photo', async () => {
    const seenBefore: number[] = [];
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const shop = await recordingConsole({
      gate,
      localCommands: {
        pay: async (args) => {
          seenBefore.push(shop.events.length);
          return `paid ${args}`;
        },
      },
    });
    for (const line of ['hola', '/pay 7', '/photo', 'chau']) shop.terminal.type(line);
    // "hola" is being handled; /pay must wait for it.
    await vi.waitFor(() => expect(shop.started.count).toBe(1));
    expect(seenBefore).toEqual([]);
    release();
    await vi.waitFor(() => expect(shop.events).toHaveLength(2));
    await shop.channel.stop();

    expect(shop.events.map((event) => (event.kind === 'text' ? event.text : event.kind))).toEqual(['hola', 'chau']);
    expect(seenBefore).toEqual([1]);
    expect(shop.terminal.all).toContain('paid 7\n');
    expect(shop.terminal.all).toContain('/photo needs the path of an image file');
  });
});

describe('console channel outbound', () => {
  it('prints a message: its picture saved, its text without markup, numbered id options, the document saved under its name', async () => {
    const { channel, terminal, filesDir, images } = await recordingConsole();
    const imageId = await images.put(pngOfSize(64), 'image/png');

    const receipt = await channel.send('ana', {
      text: '*Mate* \\_curado\\_\n[Pagá acá](https://pay.example/c/1)',
      imageId,
      choices: [
        [
          { id: 'a1', label: '×1' },
          { id: 'a2', label: '×2' },
        ],
        [{ url: 'https://shop.example', label: 'Web' }],
        [{ id: 'a3', label: '🏠 Menú' }],
      ],
      document: { fileName: '../ventas.pdf', mimeType: 'application/pdf', bytes: new Uint8Array([37, 80, 68, 70]) },
    });
    await channel.send('ana', {
      text: 'otra',
      document: { fileName: 'ventas.pdf', mimeType: 'application/pdf', bytes: new Uint8Array([1]) },
    });

    const [first, second] = parsePrinted(terminal.all);
    expect(first?.text).toBe('Mate _curado_\nPagá acá (https://pay.example/c/1)');
    expect(first?.options).toEqual(['×1', '×2', '🏠 Menú']);
    expect(first?.image).toBe(join(filesDir, `image-${imageId}.png`));
    expect(await readFile(first?.image as string)).toEqual(Buffer.from(pngOfSize(64)));
    expect(first?.document).toBe(join(filesDir, 'ventas.pdf'));
    expect(await readFile(join(filesDir, 'ventas.pdf'))).toEqual(Buffer.from([37, 80, 68, 70]));
    expect(second?.document).toBe(join(filesDir, 'ventas (1).pdf'));
    expect(receipt.messageRef).toBe('1');
    await expect(channel.send('someone-else', { text: 'hola' })).rejects.toMatchObject({ code: 'CHANNEL.CHAT_NOT_FOUND' });
    await channel.stop();
  });

  it('reports a closed terminal as a blocked person and a full one as a retryable rate limit', async () => {
    const { channel, terminal } = await recordingConsole();
    terminal.refuseNextOnce();
    await expect(channel.send('ana', { text: 'uno' })).rejects.toMatchObject({ code: 'CHANNEL.RATE_LIMITED', retryable: true });
    await channel.send('ana', { text: 'dos' });
    terminal.close();
    await expect(channel.send('ana', { text: 'tres' })).rejects.toMatchObject({ code: 'CHANNEL.BLOCKED', retryable: false });
    expect(parsePrinted(terminal.all).map((message) => message.text)).toEqual(['dos']);
    await channel.stop();
  });
});
