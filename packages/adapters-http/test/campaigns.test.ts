import {
  AdapterError,
  channelRegistry,
  createCampaignDelivery,
  type DeliveryReceipt,
  type DomainEvent,
  type MessagingChannel,
  type OutboundMessage,
} from '@mostrador/core';
import { InMemoryJobQueue, SequentialIdGenerator } from '@mostrador/testkit/memory';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { problemOf, startTestApp, type TestApp } from './support/test-app.js';

interface CampaignBody {
  id: string;
  name: string;
  status: string;
  segment: { kind: string };
  productIds: string[];
  scheduledAt: string;
  progress: { total: number; queued: number; sent: number; failed: number; blocked: number; skipped: number; uncertain: number };
}

/** Records sends; chat '6003' has blocked the bot; the connection drops after the request for '6004' reached the platform. */
class RecordingChannel implements MessagingChannel {
  readonly name = 'telegram';
  readonly capabilities = {
    inlineButtons: true,
    urlButtons: true,
    maxButtonsPerRow: 8,
    maxButtons: 100,
    editInPlace: true,
    maxTextLength: 4096,
    maxCaptionLength: 1024,
    images: true,
    documents: true,
    maxChoiceLabelLength: 64,
    maxChoicePayloadBytes: 64,
    contactRequest: true,
    toasts: true,
    deepLinks: true,
  };
  readonly sent: { chatId: string; message: OutboundMessage }[] = [];
  async send(chatId: string, message: OutboundMessage): Promise<DeliveryReceipt> {
    if (chatId === '6003') throw new AdapterError('CHANNEL.BLOCKED', 'Forbidden: bot was blocked by the user', false);
    if (chatId === '6004') throw new AdapterError('CHANNEL.UNAVAILABLE', 'socket hang up', true);
    this.sent.push({ chatId, message });
    return { messageRef: String(this.sent.length) };
  }
  async downloadFile(): Promise<Uint8Array> {
    throw new Error('no files');
  }
}

let t: TestApp;
let manager: string;

beforeEach(async () => {
  t = await startTestApp();
  manager = await t.tokenFor(['manager']);
  for (const userId of ['6001', '6002', '6003', '6004']) {
    const customer = await t.useCases.customers.identify({ channel: 'telegram', userId }, { displayName: `C ${userId}`, language: 'es' });
    await t.useCases.marketing.setConsent({ kind: 'system' }, customer.id, true);
  }
});
afterEach(async () => {
  await t.close();
});

const create = (json: unknown, token = manager) => t.call('POST', '/api/v1/campaigns', { token, json });

describe('campaigns API', () => {
  test('staff create a campaign, it is delivered, and GET shows its live progress', async () => {
    const response = await create({ name: 'Hot Sale', text: '*Hot Sale*: 20 %', segment: { kind: 'all' } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CampaignBody;
    expect(response.headers.get('location')).toBe(`/api/v1/campaigns/${created.id}`);
    expect(created).toMatchObject({
      name: 'Hot Sale',
      status: 'scheduled',
      productIds: [],
      segment: { kind: 'all' },
      scheduledAt: '2025-03-10T12:00:00.000Z',
    });
    expect(created.progress).toEqual({ total: 0, queued: 0, sent: 0, failed: 0, blocked: 0, skipped: 0, uncertain: 0 });

    // What the outbox dispatcher and the workers do, over the same store.
    const channel = new RecordingChannel();
    const jobs = new InMemoryJobQueue({ backoffMs: 1 });
    const delivery = createCampaignDelivery({
      uow: t.uow,
      channels: channelRegistry([channel]),
      clock: t.clock,
      ids: new SequentialIdGenerator(),
      jobs,
      ratePerSecond: { telegram: 1000 },
    });
    delivery.register();
    await jobs.start();
    const pending = await t.uow.repositories.outbox.pending(10);
    const events = pending.map((record) => JSON.parse(JSON.stringify(record.event)) as DomainEvent);
    expect(events.map((event) => event.type)).toEqual(['campaign.scheduled']);
    for (const event of events) await delivery.subscriber.handle(event);
    await jobs.drain();

    const read = await t.call('GET', `/api/v1/campaigns/${created.id}`, { token: await t.tokenFor(['viewer']) });
    expect(read.status).toBe(200);
    const body = (await read.json()) as CampaignBody;
    expect(body.status).toBe('completed');
    // 6004's message may have arrived (no answer): counted apart, never sent again.
    expect(body.progress).toEqual({ total: 4, queued: 0, sent: 2, failed: 0, blocked: 1, skipped: 0, uncertain: 1 });
    expect(channel.sent.map((sent) => sent.chatId).sort()).toEqual(['6001', '6002']);

    const list = (await (await t.call('GET', '/api/v1/campaigns', { token: manager })).json()) as { items: CampaignBody[]; total: number };
    expect(list.total).toBe(1);
    expect(list.items[0]?.progress.sent).toBe(2);
  });

  test('pause, resume and cancel; an illegal change is a 409 naming the state', async () => {
    const created = (await (
      await create({
        name: 'Promo',
        text: 'Promo',
        segment: { kind: 'language', language: 'es' },
        scheduledAt: '2025-03-11T13:00:00-03:00',
      })
    ).json()) as CampaignBody;
    expect(created.scheduledAt).toBe('2025-03-11T16:00:00.000Z');
    const paused = await t.call('POST', `/api/v1/campaigns/${created.id}/pause`, { token: manager });
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as CampaignBody).status).toBe('paused');
    const again = await t.call('POST', `/api/v1/campaigns/${created.id}/pause`, { token: manager });
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({ code: 'CAMPAIGN.TRANSITION_INVALID', details: { status: 'paused', command: 'pause' } });
    expect(
      ((await (await t.call('POST', `/api/v1/campaigns/${created.id}/resume`, { token: manager })).json()) as CampaignBody).status,
    ).toBe('scheduled');
    expect(
      ((await (await t.call('POST', `/api/v1/campaigns/${created.id}/cancel`, { token: manager })).json()) as CampaignBody).status,
    ).toBe('cancelled');
    const missing = await t.call('POST', '/api/v1/campaigns/nope/cancel', { token: manager });
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).code).toBe('CAMPAIGN.NOT_FOUND');
  });

  test('is role-checked: clerks and viewers read, only owners and managers write', async () => {
    const clerk = await t.tokenFor(['clerk']);
    const refused = await create({ name: 'X', text: 'Y', segment: { kind: 'all' } }, clerk);
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).code).toBe('AUTH.FORBIDDEN');
    expect((await t.call('POST', '/api/v1/campaigns', { json: { name: 'X', text: 'Y', segment: { kind: 'all' } } })).status).toBe(401);
    const created = (await (await create({ name: 'X', text: 'Y', segment: { kind: 'all' } })).json()) as CampaignBody;
    expect((await t.call('GET', `/api/v1/campaigns/${created.id}`, { token: clerk })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/campaigns/${created.id}/pause`, { token: clerk })).status).toBe(403);
  });

  test('bad input is a 4xx problem naming the field, and nothing is stored', async () => {
    const cases: { json: unknown; status: number; field: string }[] = [
      { json: { text: 'Y', segment: { kind: 'all' } }, status: 400, field: 'name' },
      { json: { name: 'X', text: '', segment: { kind: 'all' } }, status: 400, field: 'text' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'everyone' } }, status: 400, field: 'segment.kind' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'language', language: 'fr' } }, status: 400, field: 'segment.language' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'all' }, scheduledAt: 'mañana' }, status: 400, field: 'scheduledAt' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'all' }, productIds: ['a', 'b', 'c', 'd'] }, status: 400, field: 'productIds' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'all' }, scheduledAt: '2020-01-01T00:00:00Z' }, status: 422, field: 'scheduledAt' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'category', categoryId: 'nope' } }, status: 422, field: 'segment.categoryId' },
      { json: { name: 'X', text: 'Y', segment: { kind: 'all' }, productIds: ['nope'] }, status: 422, field: 'productIds' },
    ];
    for (const { json, status, field } of cases) {
      const response = await create(json);
      expect(response.status, JSON.stringify(json)).toBe(status);
      const problem = await problemOf(response);
      expect(
        problem.errors?.map((error) => error.field),
        JSON.stringify(json),
      ).toContain(field);
    }
    const list = (await (await t.call('GET', '/api/v1/campaigns', { token: manager })).json()) as { total: number };
    expect(list.total).toBe(0);
    expect(await t.uow.repositories.outbox.pending(10)).toEqual([]);
  });
});
