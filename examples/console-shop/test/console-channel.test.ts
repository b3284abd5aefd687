import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConformanceChat, type ConformanceReply, channelConformance, pngOfSize } from '@mostrador/testkit/channel';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_CAPABILITIES, ConsoleChannel, renderConsoleMarkup } from '../src/console-channel.js';
import { MemoryTerminal, type PrintedMessage } from './support/terminal.js';

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
      const toReply = (message: PrintedMessage): ConformanceReply => ({
        text: message.text,
        options: message.options,
        image: message.image !== null,
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
          const replies = printed.map((message) => {
            const reply = toReply(message);
            replyRefs.set(reply.ref, message);
            return reply;
          });
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
