import { describe, expect, it } from 'vitest';
import { aCategory, anOrder, anOrderLine } from '../../../testkit/src/mothers/index.js';
import { type Actor, CAMPAIGN_LAUNCH_QUEUE, type Locale, money, type Role } from '../../src/index.js';
import { TELEGRAM_LIKE, TestChat } from '../conversation/chat-harness.js';
import { aPushShop } from './push-harness.js';

type PushShop = ReturnType<typeof aPushShop>;
const SYSTEM: Actor = { kind: 'system' };
const MANAGER: Actor = { kind: 'staff', userId: 'u-manager', roles: ['manager'] };

/** A customer who chatted once (user id = chat id), consenting or not. */
const aCustomer = async (shop: PushShop, userId: string, options: { consent?: boolean; language?: Locale } = {}) => {
  const customer = await shop.useCases.customers.identify(
    { channel: 'telegram', userId },
    { displayName: `Cliente ${userId}`, language: options.language ?? 'es' },
  );
  return options.consent === false ? customer : shop.useCases.marketing.setConsent(SYSTEM, customer.id, true);
};

const offerTexts = (shop: PushShop, chatId: string): string[] => shop.channel.to(chatId).map((message) => message.text);

describe('campaigns', () => {
  it('reaches every consenting customer exactly once, with product cards and an opt-out button, and reports progress', async () => {
    const shop = aPushShop();
    const yerba = await shop.seedProduct({
      name: 'Yerba 1 kg',
      price: money(5_000_00),
      discount: { kind: 'percent', basisPoints: 2000, validFrom: null, validUntil: null },
      images: [{ id: 'img-yerba', mimeType: 'image/png' }],
    });
    for (const id of ['8001', '8002', '8003']) await aCustomer(shop, id);
    await aCustomer(shop, '8004', { consent: false });

    const created = await shop.useCases.marketing.createCampaign(MANAGER, {
      name: 'Hot Sale',
      text: '*Hot Sale*: 20 % en yerba',
      productIds: [yerba.id],
      segment: { kind: 'all' },
    });
    expect(created.campaign).toMatchObject({ status: 'scheduled', createdBy: 'u-manager', resumes: 0 });
    await shop.dispatch();

    for (const id of ['8001', '8002', '8003']) {
      const [offer, ...rest] = shop.channel.to(id);
      expect(rest).toEqual([]);
      expect(offer?.text).toBe('*Hot Sale*: 20 % en yerba\n🛍️ *Yerba 1 kg* — $ 4.000,00 ~~$ 5.000,00~~');
      expect(offer?.imageId).toBe('img-yerba');
      expect(offer?.choices?.map((row) => row[0]?.label)).toEqual(['👀 Yerba 1 kg', '🔕 No quiero más ofertas']);
      expect(offer?.choices?.[1]).toEqual([{ id: '~out', label: '🔕 No quiero más ofertas' }]);
    }
    expect(shop.channel.to('8004')).toEqual([]);
    const done = await shop.useCases.marketing.getCampaign(MANAGER, created.campaign.id);
    expect(done?.campaign.status).toBe('completed');
    expect(done?.progress).toEqual({ total: 3, queued: 0, sent: 3, failed: 0, blocked: 0, skipped: 0, uncertain: 0 });
    const jobIds = shop.jobs
      .completed('bulk.telegram')
      .map((job) => job.id)
      .sort();
    expect(jobIds).toHaveLength(3);
    for (const id of jobIds) expect(id).toMatch(new RegExp(`^campaign:${created.campaign.id}:[0-9a-f-]+$`));

    // Every job delivered again (a crash before the acknowledgement): nobody gets it twice.
    for (const job of shop.jobs.completed('bulk.telegram')) await shop.campaigns.deliver(job.payload as never, 1);
    await shop.campaigns.launch(created.campaign.id);
    expect(shop.channel.sent).toHaveLength(3);
  });

  it('a recipient who blocked the bot (403) is counted blocked and loses consent; a rate-limited send is retried and sent once', async () => {
    const shop = aPushShop();
    const blocked = await aCustomer(shop, '8101');
    await aCustomer(shop, '8102');
    shop.channel.blocked.add('8101');
    shop.channel.flaky.set('8102', 2);
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    await shop.dispatch();

    expect(offerTexts(shop, '8102')).toEqual(['Promo']);
    expect((await shop.uow.repositories.customers.get(blocked.id))?.marketingConsent).toBe(false);
    const view = await shop.useCases.marketing.getCampaign(MANAGER, campaign.id);
    expect(view?.progress).toEqual({ total: 2, queued: 0, sent: 1, failed: 0, blocked: 1, skipped: 0, uncertain: 0 });
    expect(await shop.uow.repositories.campaigns.getRecipient(campaign.id, blocked.id)).toMatchObject({
      status: 'blocked',
      error: 'CHANNEL.BLOCKED',
    });

    // The next campaign leaves them out.
    shop.channel.blocked.delete('8101');
    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Otra', text: 'Otra', segment: { kind: 'all' } });
    await shop.dispatch();
    expect(offerTexts(shop, '8101')).toEqual([]);
    expect(offerTexts(shop, '8102')).toEqual(['Promo', 'Otra']);
  });

  it('a send whose connection was refused is retried, counted failed after its attempts; one that dropped after leaving is uncertain, never resent', async () => {
    const shop = aPushShop();
    await aCustomer(shop, '8201');
    shop.channel.down.set('8201', 99);
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    await shop.dispatch();
    const view = await shop.useCases.marketing.getCampaign(MANAGER, campaign.id);
    expect(view?.progress).toMatchObject({ sent: 0, failed: 1, queued: 0 });
    expect(
      await shop.uow.repositories.campaigns.getRecipient(
        campaign.id,
        (await shop.uow.repositories.customers.findByIdentity({ channel: 'telegram', userId: '8201' }))!.id,
      ),
    ).toMatchObject({ error: 'CHANNEL.UNAVAILABLE' });
    expect(view?.campaign.status).toBe('completed');
    expect(shop.jobs.deadLetters()).toEqual([]);

    // The request left and the connection dropped before the answer: it may have arrived (here it
    // did), so it is never sent again, and counted apart.
    const dropped = await aCustomer(shop, '8202');
    shop.channel.dropping.set('8202', 1);
    const second = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Otra', text: 'Otra', segment: { kind: 'all' } });
    await shop.dispatch();
    expect(shop.channel.dropped.map((pushed) => pushed.chatId)).toEqual(['8202']);
    expect(offerTexts(shop, '8202')).toEqual([]);
    const secondView = await shop.useCases.marketing.getCampaign(MANAGER, second.campaign.id);
    // 8201's connection is still refused: failed again after its attempts.
    expect(secondView?.progress).toMatchObject({ total: 2, sent: 0, failed: 1, uncertain: 1, queued: 0 });
    expect(secondView?.campaign.status).toBe('completed');
    expect(await shop.uow.repositories.campaigns.getRecipient(second.campaign.id, dropped.id)).toMatchObject({
      status: 'uncertain',
      error: 'CHANNEL.UNAVAILABLE',
    });
  });

  it('a worker that died mid-send leaves its recipient uncertain: the job run again sends nothing, the campaign completes', async () => {
    const shop = aPushShop();
    const first = await aCustomer(shop, '8251');
    await aCustomer(shop, '8252');
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    // The campaign started, and the worker that claimed 8251 died before its outcome was recorded: its row stays `sending`.
    const repositories = shop.uow.repositories.campaigns;
    const now = shop.clock.now();
    await repositories.transition(campaign.id, ['scheduled'], 'running', now, { startedAt: now });
    await repositories.addRecipients(campaign.id, await repositories.audience({ kind: 'all' }, null, 10), now);
    await repositories.claimRecipient(campaign.id, first.id, now);
    // The launch run again queues only who is still queued.
    await shop.campaigns.launch(campaign.id);
    await shop.jobs.drain();
    expect(offerTexts(shop, '8252')).toEqual(['Promo']);
    expect(offerTexts(shop, '8251')).toEqual([]);
    expect((await shop.useCases.marketing.getCampaign(MANAGER, campaign.id))?.campaign.status).toBe('running');

    // The queue delivers the dead worker's job again (at least once): in doubt, so not sent again.
    await shop.campaigns.deliver({ campaignId: campaign.id, customerId: first.id }, 1);
    await shop.campaigns.deliver({ campaignId: campaign.id, customerId: first.id }, 2);
    expect(offerTexts(shop, '8251')).toEqual([]);
    const view = await shop.useCases.marketing.getCampaign(MANAGER, campaign.id);
    expect(view?.progress).toEqual({ total: 2, queued: 0, sent: 1, failed: 0, blocked: 0, skipped: 0, uncertain: 1 });
    expect(view?.campaign.status).toBe('completed');
    expect(await shop.uow.repositories.campaigns.getRecipient(campaign.id, first.id)).toMatchObject({
      status: 'uncertain',
      error: 'DELIVERY.INTERRUPTED',
    });
  });

  it('paused with a recipient in doubt: the redelivered job marks it uncertain; resuming with nobody queued completes the campaign', async () => {
    const shop = aPushShop();
    const only = await aCustomer(shop, '8261');
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    const repositories = shop.uow.repositories.campaigns;
    const now = shop.clock.now();
    await repositories.transition(campaign.id, ['scheduled'], 'running', now, { startedAt: now });
    await repositories.addRecipients(campaign.id, await repositories.audience({ kind: 'all' }, null, 10), now);
    // Its worker claimed it and died; staff paused the campaign meanwhile.
    await repositories.claimRecipient(campaign.id, only.id, now);
    await shop.useCases.marketing.changeCampaign(MANAGER, campaign.id, 'pause');
    await shop.campaigns.deliver({ campaignId: campaign.id, customerId: only.id }, 1);
    const paused = await shop.useCases.marketing.getCampaign(MANAGER, campaign.id);
    expect(paused?.campaign.status).toBe('paused');
    expect(paused?.progress).toMatchObject({ total: 1, queued: 0, uncertain: 1 });

    await shop.useCases.marketing.changeCampaign(MANAGER, campaign.id, 'resume');
    await shop.dispatch();
    const resumed = await shop.useCases.marketing.getCampaign(MANAGER, campaign.id);
    expect(resumed?.campaign.status).toBe('completed');
    expect(shop.channel.sent).toEqual([]);
  });

  it('opt-out from an offer (button or /baja) stops further offers; /alta subscribes again', async () => {
    const shop = aPushShop();
    await aCustomer(shop, '8301');
    await aCustomer(shop, '8302');
    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Uno', text: 'Uno', segment: { kind: 'all' } });
    await shop.dispatch();

    const ana = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '8301', displayName: 'Ana', languageHint: 'es' }, 'telegram', '8301');
    await ana.send({ kind: 'choice', choiceId: '~out', messageRef: null });
    expect(ana.lastText).toBe('🔕 Listo, no te mandamos más ofertas. Si cambiás de idea, mandá /alta.');
    const beto = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '8302', displayName: 'Beto', languageHint: 'es' }, 'telegram', '8302');
    await beto.text('/baja');
    expect(beto.lastText).toBe('🔕 Listo, no te mandamos más ofertas. Si cambiás de idea, mandá /alta.');

    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Dos', text: 'Dos', segment: { kind: 'all' } });
    await shop.dispatch();
    expect(offerTexts(shop, '8301')).toEqual(['Uno']);
    expect(offerTexts(shop, '8302')).toEqual(['Uno']);

    // Beto asks for offers again where offers are shown: the button flips.
    await beto.text('/ofertas');
    await beto.tap('Avisame de las ofertas');
    expect(beto.lastText).toContain('🔔 ¡Listo! Te vamos a avisar de las ofertas. Para dejar de recibirlas, mandá /baja.');
    expect(beto.labels).toContain('🔕 No quiero más ofertas');
    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Tres', text: 'Tres', segment: { kind: 'all' } });
    await shop.dispatch();
    expect(offerTexts(shop, '8302')).toEqual(['Uno', 'Tres']);
    expect(offerTexts(shop, '8301')).toEqual(['Uno']);

    await ana.text('/alta');
    expect(ana.lastText).toBe('🔔 ¡Listo! Te vamos a avisar de las ofertas. Para dejar de recibirlas, mandá /baja.');
    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Cuatro', text: 'Cuatro', segment: { kind: 'all' } });
    await shop.dispatch();
    expect(offerTexts(shop, '8301')).toEqual(['Uno', 'Cuatro']);
  });

  it('a customer who withdraws consent after the audience was read is skipped', async () => {
    const shop = aPushShop();
    const ana = await aCustomer(shop, '8401');
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    await shop.uow.repositories.campaigns.transition(campaign.id, ['scheduled'], 'running', shop.clock.now(), {
      startedAt: shop.clock.now(),
    });
    await shop.uow.repositories.campaigns.addRecipients(
      campaign.id,
      [{ customerId: ana.id, channel: 'telegram', chatId: '8401', locale: 'es' }],
      shop.clock.now(),
    );
    await shop.useCases.marketing.setConsent({ kind: 'customer', customerId: ana.id }, ana.id, false);
    await shop.campaigns.deliver({ campaignId: campaign.id, customerId: ana.id }, 1);
    expect(shop.channel.sent).toEqual([]);
    expect((await shop.useCases.marketing.getCampaign(MANAGER, campaign.id))?.progress).toMatchObject({ skipped: 1, queued: 0 });
  });

  it('segments: by language and by past purchase category', async () => {
    const shop = aPushShop();
    const mates = aCategory({ name: 'Mates' });
    await shop.uow.repositories.categories.save(mates);
    const mate = await shop.seedProduct({ name: 'Mate', categoryId: mates.id });
    const es = await aCustomer(shop, '8501');
    await aCustomer(shop, '8502', { language: 'en' });
    await shop.uow.repositories.orders.save(
      anOrder({ customerId: es.id, status: 'delivered', lines: [anOrderLine({ productId: mate.id })] }),
    );

    await shop.useCases.marketing.createCampaign(MANAGER, {
      name: 'EN',
      text: 'English only',
      segment: { kind: 'language', language: 'en' },
    });
    await shop.useCases.marketing.createCampaign(MANAGER, {
      name: 'Mates',
      text: 'Para materos',
      segment: { kind: 'category', categoryId: mates.id },
    });
    await shop.dispatch();
    expect(offerTexts(shop, '8501')).toEqual(['Para materos']);
    expect(offerTexts(shop, '8502')).toEqual(['English only']);
  });

  it('pause keeps the rest queued; resume sends them, nobody twice; cancel skips what is left', async () => {
    const shop = aPushShop();
    for (let i = 0; i < 6; i += 1) await aCustomer(shop, `86${i}0`);
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    // Launch by hand, then pause before any recipient job runs.
    await shop.jobs.stop();
    const events = await (await import('./push-harness.js')).takeOutbox(shop.shop);
    await shop.campaigns.subscriber.handle(events[0]!);
    await shop.campaigns.launch(campaign.id);
    await shop.useCases.marketing.changeCampaign(MANAGER, campaign.id, 'pause');
    await shop.jobs.start();
    await shop.jobs.drain();
    let view = await shop.useCases.marketing.getCampaign(MANAGER, campaign.id);
    expect(view?.campaign.status).toBe('paused');
    expect(view?.progress).toMatchObject({ total: 6, queued: 6, sent: 0 });

    await expect(shop.useCases.marketing.changeCampaign(MANAGER, campaign.id, 'pause')).rejects.toMatchObject({
      code: 'CAMPAIGN.TRANSITION_INVALID',
    });
    view = await shop.useCases.marketing.changeCampaign(MANAGER, campaign.id, 'resume');
    expect(view.campaign).toMatchObject({ status: 'running', resumes: 1 });
    await shop.dispatch();
    view = (await shop.useCases.marketing.getCampaign(MANAGER, campaign.id))!;
    expect(view.progress).toMatchObject({ total: 6, queued: 0, sent: 6 });
    expect(view.campaign.status).toBe('completed');
    expect(new Set(shop.channel.sent.map((pushed) => pushed.chatId)).size).toBe(6);
    expect(shop.channel.sent).toHaveLength(6);
    expect(shop.jobs.completed('bulk.telegram').some((job) => job.id.endsWith(':r1'))).toBe(true);
    await expect(shop.useCases.marketing.changeCampaign(MANAGER, campaign.id, 'cancel')).rejects.toMatchObject({
      code: 'CAMPAIGN.TRANSITION_INVALID',
    });

    const second = await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Otra', text: 'Otra', segment: { kind: 'all' } });
    await shop.jobs.stop();
    const [scheduled] = await (await import('./push-harness.js')).takeOutbox(shop.shop);
    await shop.campaigns.subscriber.handle(scheduled!);
    await shop.campaigns.launch(second.campaign.id);
    const cancelled = await shop.useCases.marketing.changeCampaign(MANAGER, second.campaign.id, 'cancel');
    expect(cancelled.campaign.status).toBe('cancelled');
    expect(cancelled.progress).toMatchObject({ total: 6, queued: 0, skipped: 6 });
    await shop.jobs.start();
    await shop.jobs.drain();
    expect(shop.channel.sent).toHaveLength(6);
  });

  it('a scheduled campaign waits for its time', async () => {
    const shop = aPushShop();
    await aCustomer(shop, '8701');
    const at = new Date(shop.clock.now().getTime() + 60 * 60 * 1000);
    const { campaign } = await shop.useCases.marketing.createCampaign(MANAGER, {
      name: 'Luego',
      text: 'Luego',
      segment: { kind: 'all' },
      scheduledAt: at,
    });
    await shop.jobs.stop();
    const [event] = await (await import('./push-harness.js')).takeOutbox(shop.shop);
    const before = Date.now();
    await shop.campaigns.subscriber.handle(event!);
    const [launch] = shop.jobs.waiting(CAMPAIGN_LAUNCH_QUEUE);
    expect(launch?.id).toBe(`campaign:${campaign.id}:launch:0`);
    expect(launch!.runAt.getTime() - before).toBeGreaterThan(59 * 60 * 1000);
    expect(shop.channel.sent).toEqual([]);
  });

  it('validates input naming the field, and checks roles', async () => {
    const shop = aPushShop();
    const create = (input: object, actor: Actor = MANAGER) =>
      shop.useCases.marketing.createCampaign(actor, { name: 'X', text: 'Y', segment: { kind: 'all' }, ...input } as never);
    await expect(create({ name: '  ' })).rejects.toMatchObject({ code: 'CAMPAIGN.INVALID', details: { field: 'name' } });
    await expect(create({ text: '' })).rejects.toMatchObject({ code: 'CAMPAIGN.INVALID', details: { field: 'text' } });
    await expect(create({ segment: { kind: 'language', language: 'fr' } })).rejects.toMatchObject({
      details: { field: 'segment.language' },
    });
    await expect(create({ segment: { kind: 'category', categoryId: 'nope' } })).rejects.toMatchObject({
      code: 'CAMPAIGN.CATEGORY_UNKNOWN',
      details: { field: 'segment.categoryId' },
    });
    await expect(create({ productIds: ['nope'] })).rejects.toMatchObject({
      code: 'CAMPAIGN.PRODUCT_UNKNOWN',
      details: { field: 'productIds' },
    });
    await expect(create({ productIds: ['a', 'b', 'c', 'd'] })).rejects.toMatchObject({ details: { field: 'productIds' } });
    await expect(create({ scheduledAt: new Date('2020-01-01T00:00:00Z') })).rejects.toMatchObject({ details: { field: 'scheduledAt' } });
    const clerk: Actor = { kind: 'staff', userId: 'u-clerk', roles: ['clerk'] as Role[] };
    await expect(create({}, clerk)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(create({}, { kind: 'customer', customerId: 'c' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const { campaign } = await create({});
    expect(await shop.useCases.marketing.getCampaign(clerk, campaign.id)).not.toBeNull();
    await expect(shop.useCases.marketing.changeCampaign(clerk, campaign.id, 'pause')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(shop.useCases.marketing.changeCampaign(MANAGER, 'missing', 'pause')).rejects.toMatchObject({ code: 'CAMPAIGN.NOT_FOUND' });
  });
});

describe('campaigns in the staff menu', () => {
  it('a manager writes a campaign in the chat, schedules it and watches its progress', async () => {
    const shop = aPushShop();
    await shop.seedProduct({
      name: 'Yerba',
      price: money(5_000_00),
      discount: { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: null },
    });
    for (const id of ['8801', '8802', '8803']) await aCustomer(shop, id);
    // 8803's send gets no answer: maybe delivered, shown apart.
    shop.channel.dropping.set('8803', 1);
    const user = await shop.useCases.staff.createUser(SYSTEM, {
      email: 'marta@shop.example',
      name: 'Marta',
      password: 'correct horse battery',
      roles: ['manager'],
    });
    const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
    const staff = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '9001', displayName: 'Marta', languageHint: 'es' });
    await staff.text(`/vincular ${code}`);
    await staff.tap('Campañas');
    expect(staff.screen.text).toBe('📣 *Campañas*\nTodavía no hay campañas.');
    await staff.tap('Nueva campaña');
    await staff.text('*Semana del mate*: 10 % en yerba');
    expect(staff.labels).toEqual(['A todos', 'Clientes en español', 'Clientes en inglés', '⬅️ Volver', '🏠 Menú']);
    await staff.tap('A todos');
    await staff.tap('Sí, 1 producto en oferta');
    await staff.tap('Ahora');
    expect(staff.screen.text).toContain('Para: A todos\nProductos: 1');
    expect(staff.screen.text).toContain('*Semana del mate*: 10 % en yerba');
    await staff.tap('Programar campaña');
    expect(staff.lastText).toContain('✅ Campaña programada.');
    expect(staff.screen.text).toContain('Estado: Programada');

    await shop.dispatch();
    await staff.tap('Actualizar');
    expect(staff.screen.text).toContain('Estado: Terminada');
    expect(staff.screen.text).toContain('✅ Enviados: 2');
    expect(staff.screen.text).toContain('❔ Sin confirmar (no se reenvían): 1');
    expect(offerTexts(shop, '8801')[0]).toContain('*Semana del mate*: 10 % en yerba');
    await staff.tap('Volver');
  });

  it('a clerk sees campaigns but cannot create or steer them', async () => {
    const shop = aPushShop();
    await shop.useCases.marketing.createCampaign(MANAGER, { name: 'Promo', text: 'Promo', segment: { kind: 'all' } });
    const user = await shop.useCases.staff.createUser(SYSTEM, {
      email: 'c@shop.example',
      name: 'Caro',
      password: 'correct horse battery',
      roles: ['clerk'],
    });
    const { code } = await shop.useCases.staff.createChatLinkCode({ kind: 'staff', userId: user.id, roles: user.roles });
    const staff = new TestChat(shop.shop, TELEGRAM_LIKE, { id: '9002', displayName: 'Caro', languageHint: 'es' });
    await staff.text(`/vincular ${code}`);
    await staff.tap('Campañas');
    expect(staff.labels).not.toContain('➕ Nueva campaña');
    await staff.tap(/^Promo/);
    expect(staff.labels).toEqual(['🔄 Actualizar', '⬅️ Volver', '🏠 Menú']);
  });
});
