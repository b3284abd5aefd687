import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdapterError } from '@mostrador/core';
import { createInMemoryPersistence, InMemoryImageStore } from '@mostrador/testkit/memory';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../src/index.js';

/*
 * Telegram may report no file_size (or a wrong one). The emulator always reports it, so this Bot
 * API server of a few lines answers getFile without a size and streams the file without a length.
 */

const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const startSizelessBotApi = async (fileBytes: number): Promise<string> => {
  server = createServer((req, res) => {
    if (req.url === `/bot${token}/getFile`) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: { file_id: 'f1', file_unique_id: 'u1', file_path: 'photos/file_1.jpg' } }));
      return;
    }
    if (req.url === `/file/bot${token}/photos/file_1.jpg`) {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      // Chunks with no content-length: the limit can only be enforced while reading.
      for (let sent = 0; sent < fileBytes; sent += 1000) res.write(Buffer.alloc(Math.min(1000, fileBytes - sent), 1));
      res.end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const channelFor = (apiRoot: string) =>
  createTelegramChannel(
    { token, mode: 'polling', apiRoot, throttle: false, botInfo: { id: 123456789, first_name: 'Shop', username: 'shop_bot' } },
    { images: new InMemoryImageStore(), settings: createInMemoryPersistence().uow.repositories.settings },
  );

describe('TelegramChannel.downloadFile when Telegram reports no size', () => {
  it('downloads a file within the limit', async () => {
    const channel = channelFor(await startSizelessBotApi(4500));

    const bytes = await channel.downloadFile('f1', 5000);

    expect(bytes.byteLength).toBe(4500);
  });

  it('stops reading and refuses once the limit is passed', async () => {
    const channel = channelFor(await startSizelessBotApi(50_000));

    const error = await channel.downloadFile('f1', 5000).then(
      () => null,
      (failure: unknown) => failure,
    );

    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).code).toBe('CHANNEL.FILE_TOO_BIG');
  });
});
