import { type Catalog, catalogFor, formatMoney, type Locale, markupToPlainText, parseMarkup } from '@mostrador/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceChannel, ConformanceChat, ConformanceFactory, ConformanceReply } from './conformance-chat.js';
import { type ConformanceShop, createConformanceShop } from './conformance-shop.js';

/**
 * Registers the channel conformance suite: the same customer journeys and failure cases, in
 * Spanish and English, for any channel adapter, driven through that channel's emulator or fake by
 * the small driver its factory returns (`ConformanceChannel`, `ConformanceChat`).
 *
 * The suite builds the shop (core's real use cases and conversation engine over the in-memory
 * adapters, a seeded catalog) and hands it to the factory. The factory builds the adapter,
 * connects it with `shop.connect(adapter)` — core's chat driver, one per channel, as the app
 * composes it — starts it, and returns a driver that acts as a person on that channel.
 *
 * What an adapter must do to pass:
 *
 * 1. Be a `ChannelAdapter`: hand every inbound update to the sink it was connected to as one
 *    `InboundDelivery`, with a stable `idempotencyKey` (a redelivered update carries the same key),
 *    and the same `chatId` for every event of one person's chat. It does not serialize, retry,
 *    apologise or show activity itself: core's chat driver does.
 * 2. Declare its capabilities truthfully. With `inlineButtons` it renders `choices` as buttons
 *    and answers a tap with a `choice` event whose `choiceId` is the tapped choice's id and whose
 *    `messageRef` is the `DeliveryReceipt.messageRef` of the message the button was on. Without
 *    buttons it prints the id choices numbered in reading order (core's `numberChoices`: "1. …")
 *    and sends what the person types as a `text` event: the engine resolves a number or a label
 *    against the options it offered last. Such a channel never invents choice ids.
 * 3. URL choices: a channel with `urlButtons` shows them as link buttons. A channel without never
 *    sees them: the engine has already turned them into links in the text, which the adapter
 *    renders from the markup like any other link (with the URL visible where links are not
 *    clickable).
 * 4. Text is core's neutral markup (`parseMarkup`); the person must read it without markup
 *    characters. `editInPlace` channels replace the message `replaces` names; others send a new
 *    message. A message with `imageId` shows the catalog image (or a stand-in) with the text as
 *    its caption when the channel declares `images`.
 * 5. Refusals become core's error codes on `send`: a person who blocked the shop (or whose chat is
 *    gone) is an `AdapterError` `CHANNEL.BLOCKED` / `CHANNEL.CHAT_NOT_FOUND`, not retryable; a
 *    "too many requests" is `CHANNEL.RATE_LIMITED`, retryable, with `details.retryAfterSeconds`
 *    when the channel says how long to wait (the adapter's SDK may also retry it itself). The
 *    driver then retries the rate-limited message, and neither retries nor apologises to a
 *    blocked person: one refused attempt per reply, and the next person is served as usual.
 * 6. Photos arrive as `image` events with a `fileRef` its `downloadFile` understands and, when
 *    the channel knows it, `sizeBytes`; the engine refuses a photo above its limit politely,
 *    without downloading it when the size is known (otherwise `downloadFile(fileRef, maxBytes)`
 *    must itself refuse with `CHANNEL.FILE_TOO_BIG`).
 * 7. Documents: a channel declaring `documents` delivers a message's `document` as a file the
 *    person can open, under its `fileName` and with its bytes unchanged, the text as its caption
 *    (or next to it). Notifications push them (an invoice PDF when ARCA authorizes it).
 * 8. A tap on a button of an older message is sent like any tap (its id and that message's ref):
 *    the engine answers "no longer available" and changes nothing. On a channel without buttons
 *    an older message cannot be addressed: a typed number always means the latest options, and
 *    a typed label of an option no longer offered performs nothing.
 *
 * How the suite drives it: every step is one inbound event (a text, a tap or typed number, a
 * photo); the suite waits until the shop's chat driver has handled it (`shop.waitHandled`, so no
 * step depends on timing) and then reads what the person saw since the previous step. Each test
 * talks as new people (a new `customer`), so tests share the channel but no chat.
 */
export function channelConformance(name: string, factory: ConformanceFactory): void {
  describe(`channel conformance: ${name}`, () => {
    let shop: ConformanceShop;
    let channel: ConformanceChannel;
    let people = 0;

    beforeAll(async () => {
      shop = await createConformanceShop();
      channel = await factory(shop);
    });

    afterAll(async () => {
      await channel?.stop();
    });

    const plain = (markup: string): string => markupToPlainText(parseMarkup(markup));

    /** A person on the channel, with the replies of their latest step. */
    const customer = async (locale: Locale): Promise<Customer> => {
      people += 1;
      const first = locale === 'es' ? 'Ana' : 'Alice';
      const chat = await channel.customer({ locale, displayName: `${first} ${people}` });
      return new Customer(shop, chat, catalogFor(locale), `${first} Conformidad ${people}`);
    };

    /** Fails naming what was expected and listing what the person saw. */
    const expectSaw = (replies: readonly ConformanceReply[], expected: string): void => {
      const seen = replies.map((reply) => reply.text).join('\n');
      expect(seen.includes(expected), `expected the replies to show ${JSON.stringify(expected)}; they were:\n${transcript(replies)}`).toBe(
        true,
      );
    };

    const expectNoApology = (replies: readonly ConformanceReply[], t: Catalog): void => {
      for (const reply of replies) expect(reply.text).not.toContain(plain(t.common.apology));
    };

    for (const locale of ['es', 'en'] as const) {
      it(`${locale}: finds a product by text, adds it from its card, checks out for pickup and sees the order in "my orders"`, async () => {
        const person = await customer(locale);
        const { t } = person;
        const mateName = shop.mate.name[locale];
        const price = formatMoney(shop.mate.price, locale);
        const all: ConformanceReply[] = [];
        const keep = (replies: ConformanceReply[]): ConformanceReply[] => {
          all.push(...replies);
          return replies;
        };

        expectSaw(keep(await person.say('menu')), plain(t.menu.prompt));

        const results = keep(await person.say(shop.mate.searchWord[locale]));
        expectSaw(results, plain(t.search.results(shop.mate.searchWord[locale])));
        const card = keep(await person.choose((label) => label.startsWith(mateName) && label.includes(price)));
        const cardReply = card.find((reply) => reply.text.includes(mateName));
        expect(cardReply, `the product card; saw:\n${transcript(card)}`).toBeDefined();
        expect(cardReply?.text).toContain(price);
        expect(cardReply?.text).toContain(plain(t.product.inStock));
        expect(cardReply?.image).toBe(channel.capabilities.images);

        expectSaw(keep(await person.choose(t.product.add)), plain(t.product.added(1, mateName)));
        const cart = keep(await person.choose(t.product.viewCart(1)));
        expectSaw(cart, plain(t.cart.title));
        expectSaw(cart, plain(t.cart.line(1, mateName, price)));
        expectSaw(cart, plain(t.cart.total(price)));

        expectSaw(keep(await person.choose(t.cart.checkout)), plain(t.checkout.askName));
        // Channels that can offer a "share my phone" control are asked with the wording that mentions it.
        const askPhone = channel.capabilities.contactRequest ? t.checkout.askPhoneOrShare : t.checkout.askPhone;
        expectSaw(keep(await person.say(person.fullName)), plain(askPhone));
        expectSaw(keep(await person.say('11 5555-1234')), plain(t.checkout.askDelivery));
        expectSaw(keep(await person.choose(t.checkout.pickup)), plain(t.checkout.askInvoice));
        const summary = keep(await person.choose(t.checkout.invoiceFinal));
        expectSaw(summary, plain(t.checkout.confirmTitle));
        expectSaw(summary, plain(t.checkout.deliveryPickup));
        expectSaw(summary, plain(t.checkout.invoiceLineFinal));

        const placed = keep(await person.choose(t.checkout.confirm));
        const number = orderNumberIn(placed, (n) => plain(t.checkout.placedTitle(n)));
        expect(number, `an order number in:\n${transcript(placed)}`).not.toBeNull();
        const order = await shop.uow.repositories.orders.getByNumber(number as number);
        expect(order).toMatchObject({
          status: 'placed',
          total: shop.mate.price,
          contact: { name: person.fullName },
          delivery: { method: 'pickup' },
          billing: null,
        });
        expect(order?.contact.phone).toContain('55551234');
        expect(order?.lines.map((line) => [line.productId, line.quantity])).toEqual([[shop.mate.product.id, 1]]);

        keep(await person.say('menu'));
        const orders = keep(await person.choose(t.menu.orders));
        expectSaw(orders, plain(t.orders.title));
        const detail = keep(await person.choose((label) => label.startsWith(`#${number} · ${t.orders.statusShort.placed}`)));
        expectSaw(detail, plain(t.orders.detailTitle(number as number)));
        expectSaw(detail, plain(t.orders.status(t.orders.statusNames.placed)));

        expectNoApology(all, t);
        expect(shop.logs.filter((line) => line.level === 'error' && line.fields.chatId === person.chat.chatId)).toEqual([]);
      });
    }

    it('a person who blocked the shop: one refused delivery, no retry and no apology; the next person is served', async () => {
      const blocked = await customer('es');
      await blocked.say('menu');
      blocked.chat.block();
      const refusedBefore = blocked.chat.refusedDeliveries();

      await blocked.act(() => blocked.chat.sendText('hola'));

      expect(blocked.chat.refusedDeliveries() - refusedBefore).toBe(1);
      const next = await customer('en');
      const replies = await next.say('menu');
      expectSaw(replies, plain(next.t.menu.prompt));
      expectNoApology(replies, next.t);
      expect(shop.logs.filter((line) => line.message === 'chat apology not delivered')).toEqual([]);
    });

    it('a delivery refused as rate-limited is retried and the reply arrives, once', async () => {
      const person = await customer('es');
      await person.say('menu');
      person.chat.rateLimitNextDelivery();
      const refusedBefore = person.chat.refusedDeliveries();

      const replies = await person.say('menu');

      expect(person.chat.refusedDeliveries() - refusedBefore).toBe(1);
      expect(replies.filter((reply) => reply.text.includes(plain(person.t.menu.prompt)))).toHaveLength(1);
      expectNoApology(replies, person.t);
    });

    for (const locale of ['es', 'en'] as const) {
      it(`${locale}: a photo above the size limit gets a polite refusal`, async () => {
        const person = await customer(locale);
        await person.say('menu');

        const replies = await person.act(() => person.chat.sendPhoto(shop.maxPhotoBytes + 256 * 1024));

        expectSaw(replies, plain(person.t.search.photoTooBig(Math.floor(shop.maxPhotoBytes / (1024 * 1024)))));
        expectNoApology(replies, person.t);
      });
    }

    for (const locale of ['es', 'en'] as const) {
      it(`${locale}: a pushed message with a document (an invoice PDF) arrives as that file with its text`, async () => {
        const person = await customer(locale);
        await person.say('menu');
        // A small but real PDF header and body: the channel must pass the bytes through unchanged.
        const bytes = new TextEncoder().encode(`%PDF-1.7\n% ${person.fullName}\n%%EOF\n`);
        // One name per test: a channel that saves files (the console) numbers a name already taken.
        const number = locale === 'es' ? '00001-00000001' : '00001-00000002';
        const fileName = `factura-b-${number}.pdf`;
        const text = locale === 'es' ? `🧾 Tu factura *B ${number}*` : `🧾 Your invoice *B ${number}*`;
        await shop.push(person.chat.chatId, { text, document: { fileName, mimeType: 'application/pdf', bytes } });
        const replies = await person.chat.readReplies();
        const shown = replies.map((reply) => reply.text).join('\n');
        expect(shown, `the text, without markup; saw:\n${transcript(replies)}`).toContain(plain(text));
        const documents = replies.flatMap((reply) => (reply.document ? [reply.document] : []));
        if (channel.capabilities.documents) {
          expect(documents.map((document) => document.fileName)).toEqual([fileName]);
          expect(Buffer.from(documents[0]?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
        } else {
          // A channel that cannot carry files must still show the text, and not pretend a file arrived.
          expect(documents).toEqual([]);
        }
      });
    }

    it('an option of an older message changes nothing (and says so where buttons can be tapped)', async () => {
      const person = await customer('es');
      const { t } = person;
      await person.say(shop.mate.searchWord.es);
      const card = await person.choose((label) => label.startsWith(shop.mate.name.es));
      const cardReply = card.find((reply) => reply.options.includes(t.product.add));
      expect(cardReply, `the product card; saw:\n${transcript(card)}`).toBeDefined();
      await person.say('menu');

      const replies = await person.act(() => person.chat.choose(t.product.add, cardReply as ConformanceReply));

      if (channel.capabilities.inlineButtons) expectSaw(replies, plain(t.common.stale));
      for (const reply of replies) expect(reply.text).not.toContain(plain(t.product.added(1, shop.mate.name.es)));
      expectNoApology(replies, t);
      const menu = await person.say('menu');
      expect(menu.flatMap((reply) => reply.options)).toContain(t.menu.cart(0));
    });
  });
}

/** One person's chat, step by step: each step is one event, handled before its replies are read. */
class Customer {
  private latest: ConformanceReply[] = [];

  constructor(
    private readonly shop: ConformanceShop,
    readonly chat: ConformanceChat,
    readonly t: Catalog,
    readonly fullName: string,
  ) {}

  /** Performs one action and returns what the person saw because of it. */
  async act(action: () => Promise<void>): Promise<ConformanceReply[]> {
    const before = this.shop.handled(this.chat.chatId);
    await action();
    await this.shop.waitHandled(this.chat.chatId, before + 1);
    this.latest = await this.chat.readReplies();
    return this.latest;
  }

  say(text: string): Promise<ConformanceReply[]> {
    return this.act(() => this.chat.sendText(text));
  }

  /** Chooses an option of the latest step's replies: the label itself, or the first label the predicate accepts. */
  choose(option: string | ((label: string) => boolean)): Promise<ConformanceReply[]> {
    const accepts = typeof option === 'string' ? (label: string) => label === option : option;
    for (const reply of [...this.latest].reverse()) {
      const label = reply.options.find(accepts);
      if (label !== undefined) return this.act(() => this.chat.choose(label, reply));
    }
    throw new Error(
      `no option ${typeof option === 'string' ? JSON.stringify(option) : 'accepted by the predicate'} in the latest replies:\n${transcript(this.latest)}`,
    );
  }
}

const transcript = (replies: readonly ConformanceReply[]): string =>
  replies.length === 0
    ? '(no replies)'
    : replies
        .map((reply) => `- ${JSON.stringify(reply.text)}${reply.image ? ' [image]' : ''}${reply.options.map((o) => ` [${o}]`).join('')}`)
        .join('\n');

/** The order number in the "order #N placed" title, found through the title's own wording. */
const orderNumberIn = (replies: readonly ConformanceReply[], title: (number: number) => string): number | null => {
  const sample = 918273645;
  const [before = '', after = ''] = title(sample).split(String(sample));
  const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${literal(before)}(\\d+)${literal(after)}`);
  for (const reply of replies) {
    const match = pattern.exec(reply.text);
    if (match) return Number(match[1]);
  }
  return null;
};
