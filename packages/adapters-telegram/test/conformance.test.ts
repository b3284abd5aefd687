import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundRoute } from '@mostrador/core';
import { type ConformanceChat, type ConformanceReply, channelConformance, pngOfSize } from '@mostrador/testkit/channel';
import { createInMemoryPersistence } from '@mostrador/testkit/memory';
import { TelegramEmulator, type TgMessage } from '@mostrador/testkit/telegram';
import { createTelegramChannel, TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute } from '../src/index.js';

/*
 * The Telegram adapter through the channel conformance suite, in both modes: the real adapter
 * (grammY; long polling, or the webhook route the app would mount) against the Bot API emulator,
 * connected to the suite's shop by core's chat driver.
 * Customers are the emulator's simulated users; refusals are the emulator's: a user who blocked
 * the bot answers 403, and a one-off 429 with retry_after stands for Telegram's flood control.
 */

/** Bot API methods that deliver or change a message in the chat (not chat actions, files or callback answers). */
const isDelivery = (method: string): boolean => (method.startsWith('send') && method !== 'sendChatAction') || method.startsWith('edit');

/** What changes when Telegram shows a message differently: its content, buttons or an edit. */
const signature = (message: TgMessage): string =>
  JSON.stringify([message.text, message.caption, message.photo?.length ?? 0, message.reply_markup, message.edit_date]);

const toReply = (message: TgMessage, emulator: TelegramEmulator): ConformanceReply => ({
  text: message.text ?? message.caption ?? '',
  options: (message.reply_markup?.inline_keyboard ?? [])
    .flat()
    .filter((button) => button.callback_data !== undefined)
    .map((button) => button.text),
  image: message.photo !== undefined,
  document: documentOf(message, emulator),
  ref: String(message.message_id),
});

/** The document a message carries, read back from the emulator's file store (what the person downloads). */
const documentOf = (message: TgMessage, emulator: TelegramEmulator): ConformanceReply['document'] => {
  if (!message.document) return null;
  const file = emulator.file(message.document.file_id);
  if (!file) throw new Error(`document ${message.document.file_id} is not in the emulator's file store`);
  return { fileName: message.document.file_name ?? '', bytes: new Uint8Array(file.bytes) };
};

const WEBHOOK_SECRET = 'conformance_secret-1';

/** A local HTTP server that hands every request to the channel's webhook route, as the app's HTTP adapter would. */
const serveRoute = async (route: () => InboundRoute): Promise<{ server: Server; url: string }> => {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let body: unknown = null;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        body = rawBody.toString('utf8');
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(',') : value]),
      );
      void route()
        .handler({ headers, query: {}, body, rawBody: new Uint8Array(rawBody) })
        .then((answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer.body ?? null));
        });
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${TELEGRAM_WEBHOOK_PATH}` };
};

for (const mode of ['polling', 'webhook'] as const) {
  channelConformance(`telegram (${mode})`, async (shop) => {
    const emulator = new TelegramEmulator({ webhook: { initialRetryMs: 20, maxRetryMs: 200 } });
    await emulator.start();
    const bot = emulator.createBot({ username: `conformance_${mode}_bot`, firstName: 'Almacén' });
    let route: InboundRoute | null = null;
    const hook = mode === 'webhook' ? await serveRoute(() => route as InboundRoute) : null;
    const channel = createTelegramChannel(
      {
        token: bot.token,
        mode,
        apiRoot: emulator.apiRoot,
        throttle: false,
        botInfo: { id: bot.id, first_name: bot.firstName, username: bot.username },
        ...(hook ? { webhookUrl: hook.url, webhookSecret: WEBHOOK_SECRET } : {}),
      },
      // The adapter's own cache of uploaded photos' file ids lives in a settings repository of its own here.
      { images: shop.images, settings: createInMemoryPersistence().uow.repositories.settings },
    );
    route = telegramWebhookRoute(channel);
    shop.connect(channel);
    await channel.start();
    let blockedMessageId = 1_000_000;

    return {
      capabilities: channel.capabilities,
      async customer({ locale, displayName }): Promise<ConformanceChat> {
        const user = emulator.user({ firstName: displayName, languageCode: locale });
        const chatId = String(user.chatId);
        const seen = new Map<number, string>();
        let blocked = false;
        const refused = (): number =>
          emulator.calls(
            (call) => isDelivery(call.method) && String(call.params.chat_id) === chatId && (call.status === 403 || call.status === 429),
          ).length;

        return {
          chatId,
          async sendText(text) {
            if (!blocked) {
              await user.sendText(text);
              return;
            }
            // A blocked bot still gets what the person sent just before blocking it: the update is queued as Telegram would.
            blockedMessageId += 1;
            emulator.injectRawUpdate(bot.token, {
              message: {
                message_id: blockedMessageId,
                from: { id: user.id, is_bot: false, first_name: displayName, language_code: locale },
                chat: { id: user.chatId, type: 'private', first_name: displayName },
                date: Math.floor(Date.now() / 1000),
                text,
              },
            });
          },
          async choose(label, on) {
            await user.tapButton(label, { message: Number(on.ref) });
          },
          async sendPhoto(sizeBytes) {
            await user.sendPhoto(pngOfSize(sizeBytes), { mimeType: 'image/png' });
          },
          async readReplies() {
            const replies: ConformanceReply[] = [];
            for (const message of user.botMessages()) {
              const now = signature(message);
              if (seen.get(message.message_id) === now) continue;
              seen.set(message.message_id, now);
              replies.push(toReply(message, emulator));
            }
            return replies;
          },
          block() {
            blocked = true;
            user.block();
          },
          rateLimitNextDelivery() {
            emulator.failNext('sendMessage', { retryAfter: 1 });
          },
          refusedDeliveries: refused,
        };
      },
      async stop() {
        await channel.stop();
        await emulator.stop();
        if (hook) {
          const { server } = hook;
          await new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          });
        }
      },
    };
  });
}
