import type { AudienceMember, Repositories } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { aCampaign, aCategory, aCustomer, anOrder, anOrderLine, aProduct } from '../mothers/index.js';
import type { ContractContext } from './persistence-under-test.js';

const AT = new Date('2025-03-10T12:00:00.000Z');
const later = (seconds: number): Date => new Date(AT.getTime() + seconds * 1000);

const member = (customerId: string, chatId = `chat-${customerId}`): AudienceMember => ({
  customerId,
  channel: 'telegram',
  chatId,
  locale: 'es',
});

/** Campaigns with their delivery ledger, back-in-stock subscriptions and the notification log. */
export const marketingRepositoriesContract = ({ persistence }: ContractContext): void => {
  const repositories = (): Repositories => persistence().uow.repositories;

  describe('campaigns', () => {
    it('saves, reads back and lists newest first', async () => {
      const { campaigns } = repositories();
      const older = aCampaign({ productIds: ['p-1', 'p-2'], segment: { kind: 'language', language: 'en' }, createdAt: AT });
      const newer = aCampaign({ segment: { kind: 'category', categoryId: 'cat-1' }, createdAt: later(60) });
      await campaigns.save(older);
      await campaigns.save(newer);
      expect(await campaigns.get(older.id)).toEqual(older);
      expect(await campaigns.get('missing')).toBeNull();
      const page = await campaigns.list({ offset: 0, limit: 1 });
      expect(page.total).toBe(2);
      expect(page.items.map((c) => c.id)).toEqual([newer.id]);
      expect((await campaigns.list({ offset: 1, limit: 5 })).items.map((c) => c.id)).toEqual([older.id]);
      await campaigns.save({ ...older, name: 'Renamed', status: 'cancelled', finishedAt: later(5) });
      expect(await campaigns.get(older.id)).toMatchObject({ name: 'Renamed', status: 'cancelled', finishedAt: later(5) });
    });

    it('transitions only from the given statuses, and exactly one of concurrent transitions wins', async () => {
      const { campaigns } = repositories();
      const campaign = aCampaign();
      await campaigns.save(campaign);
      expect(await campaigns.transition(campaign.id, ['paused'], 'running', AT)).toBeNull();
      expect(await campaigns.get(campaign.id)).toEqual(campaign);
      const running = await campaigns.transition(campaign.id, ['scheduled'], 'running', later(1), { startedAt: later(1) });
      expect(running).toMatchObject({ status: 'running', startedAt: later(1), updatedAt: later(1), finishedAt: null });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => campaigns.transition(campaign.id, ['running'], 'paused', later(2), { resumes: i + 1 })),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await campaigns.get(campaign.id))?.status).toBe('paused');
      expect(await campaigns.transition('missing', ['scheduled'], 'running', AT)).toBeNull();
    });

    it('audience: consenting customers of the segment, by id, in keyset pages, on their first identity', async () => {
      const { campaigns, customers, products, categories, orders } = repositories();
      const tools = aCategory();
      await categories.save(tools);
      const drill = aProduct({ categoryId: tools.id });
      const other = aProduct();
      await products.save(drill);
      await products.save(other);
      await customers.save(
        aCustomer({
          id: 'c-1',
          marketingConsent: true,
          language: 'es',
          identities: [
            { channel: 'telegram', userId: '11' },
            { channel: 'whatsapp', userId: '5491' },
          ],
        }),
      );
      await customers.save(
        aCustomer({ id: 'c-2', marketingConsent: true, language: 'en', identities: [{ channel: 'telegram', userId: '22' }] }),
      );
      await customers.save(aCustomer({ id: 'c-3', marketingConsent: false, identities: [{ channel: 'telegram', userId: '33' }] }));
      await customers.save(
        aCustomer({ id: 'c-4', marketingConsent: true, language: 'es', identities: [{ channel: 'telegram', userId: '44' }] }),
      );
      await customers.save(aCustomer({ id: 'c-5', marketingConsent: true, identities: [] }));
      // c-1 bought a drill; c-4 only reserved one (not a purchase); c-2 bought something else.
      await orders.save(anOrder({ customerId: 'c-1', status: 'delivered', lines: [anOrderLine({ productId: drill.id })] }));
      await orders.save(anOrder({ customerId: 'c-4', status: 'placed', lines: [anOrderLine({ productId: drill.id })] }));
      await orders.save(anOrder({ customerId: 'c-2', status: 'paid', lines: [anOrderLine({ productId: other.id })] }));

      const all = await campaigns.audience({ kind: 'all' }, null, 10);
      expect(all).toEqual([
        { customerId: 'c-1', channel: 'telegram', chatId: '11', locale: 'es' },
        { customerId: 'c-2', channel: 'telegram', chatId: '22', locale: 'en' },
        { customerId: 'c-4', channel: 'telegram', chatId: '44', locale: 'es' },
      ]);
      expect((await campaigns.audience({ kind: 'all' }, null, 2)).map((m) => m.customerId)).toEqual(['c-1', 'c-2']);
      expect((await campaigns.audience({ kind: 'all' }, 'c-2', 2)).map((m) => m.customerId)).toEqual(['c-4']);
      expect((await campaigns.audience({ kind: 'language', language: 'en' }, null, 10)).map((m) => m.customerId)).toEqual(['c-2']);
      expect((await campaigns.audience({ kind: 'category', categoryId: tools.id }, null, 10)).map((m) => m.customerId)).toEqual(['c-1']);
    });

    it('recipients: added once, claimed by exactly one of concurrent claimers, finished, counted', async () => {
      const { campaigns } = repositories();
      const campaign = aCampaign({ status: 'running' });
      await campaigns.save(campaign);
      expect(await campaigns.progress(campaign.id)).toEqual({
        total: 0,
        queued: 0,
        sent: 0,
        failed: 0,
        blocked: 0,
        skipped: 0,
        uncertain: 0,
      });
      expect(await campaigns.addRecipients(campaign.id, [member('a'), member('b'), member('c'), member('d')], AT)).toBe(4);
      expect(await campaigns.addRecipients(campaign.id, [member('a', 'other-chat'), member('e')], AT)).toBe(1);
      expect(await campaigns.addRecipients(campaign.id, [], AT)).toBe(0);
      expect(await campaigns.getRecipient(campaign.id, 'a')).toEqual({
        campaignId: campaign.id,
        customerId: 'a',
        channel: 'telegram',
        chatId: 'chat-a',
        locale: 'es',
        status: 'queued',
        error: null,
        updatedAt: AT,
      });
      expect(await campaigns.getRecipient(campaign.id, 'zzz')).toBeNull();

      const claims = await Promise.all(Array.from({ length: 8 }, () => campaigns.claimRecipient(campaign.id, 'a', later(1))));
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      expect(claims.find((c) => c !== null)).toMatchObject({ status: 'sending', chatId: 'chat-a' });
      expect(await campaigns.claimRecipient(campaign.id, 'a', later(2))).toBeNull();
      expect(await campaigns.claimRecipient(campaign.id, 'nobody', later(2))).toBeNull();
      await campaigns.finishRecipient(campaign.id, 'a', 'sent', later(3));

      await campaigns.claimRecipient(campaign.id, 'b', later(3));
      await campaigns.finishRecipient(campaign.id, 'b', 'blocked', later(4), 'CHANNEL.BLOCKED');
      expect(await campaigns.getRecipient(campaign.id, 'b')).toMatchObject({
        status: 'blocked',
        error: 'CHANNEL.BLOCKED',
        updatedAt: later(4),
      });
      await campaigns.claimRecipient(campaign.id, 'c', later(3));
      // A retryable failure gives the claim back: claimable again.
      await campaigns.finishRecipient(campaign.id, 'c', 'queued', later(4), 'CHANNEL.RATE_LIMITED');
      expect(await campaigns.claimRecipient(campaign.id, 'c', later(5))).not.toBeNull();

      expect(await campaigns.queuedRecipients(campaign.id, null, 10)).toEqual(['d', 'e']);
      expect(await campaigns.queuedRecipients(campaign.id, 'd', 10)).toEqual(['e']);
      expect(await campaigns.queuedRecipients(campaign.id, null, 1)).toEqual(['d']);
      expect(await campaigns.progress(campaign.id)).toEqual({
        total: 5,
        queued: 3,
        sent: 1,
        failed: 0,
        blocked: 1,
        skipped: 0,
        uncertain: 0,
      });

      expect(await campaigns.skipQueued(campaign.id, later(6))).toBe(2);
      expect(await campaigns.progress(campaign.id)).toEqual({
        total: 5,
        queued: 1,
        sent: 1,
        failed: 0,
        blocked: 1,
        skipped: 2,
        uncertain: 0,
      });
      expect(await campaigns.getRecipient(campaign.id, 'd')).toMatchObject({ status: 'skipped', error: 'CAMPAIGN.CANCELLED' });
    });

    it('finishing with `from` is conditional: of concurrent finishers one wins; uncertain recipients are counted apart', async () => {
      const { campaigns } = repositories();
      const campaign = aCampaign({ status: 'running' });
      await campaigns.save(campaign);
      await campaigns.addRecipients(campaign.id, [member('a'), member('b'), member('c')], AT);
      // Not claimed: a finish that expects `sending` changes nothing.
      expect(await campaigns.finishRecipient(campaign.id, 'a', 'uncertain', later(1), 'DELIVERY.INTERRUPTED', ['sending'])).toBe(false);
      expect(await campaigns.getRecipient(campaign.id, 'a')).toMatchObject({ status: 'queued', error: null });
      await campaigns.claimRecipient(campaign.id, 'a', later(1));
      const marks = await Promise.all(
        Array.from({ length: 6 }, () =>
          campaigns.finishRecipient(campaign.id, 'a', 'uncertain', later(2), 'DELIVERY.INTERRUPTED', ['sending']),
        ),
      );
      expect(marks.filter(Boolean)).toHaveLength(1);
      expect(await campaigns.getRecipient(campaign.id, 'a')).toMatchObject({ status: 'uncertain', error: 'DELIVERY.INTERRUPTED' });
      // Never claimable again; a give-back expecting `sending` does not apply; the sender's own late outcome does.
      expect(await campaigns.claimRecipient(campaign.id, 'a', later(3))).toBeNull();
      expect(await campaigns.finishRecipient(campaign.id, 'a', 'queued', later(3), 'CHANNEL.RATE_LIMITED', ['sending'])).toBe(false);
      expect(await campaigns.queuedRecipients(campaign.id, null, 10)).toEqual(['b', 'c']);
      await campaigns.claimRecipient(campaign.id, 'b', later(3));
      await campaigns.finishRecipient(campaign.id, 'b', 'uncertain', later(4), 'DELIVERY.INTERRUPTED', ['sending']);
      expect(await campaigns.finishRecipient(campaign.id, 'b', 'sent', later(5), null, ['sending', 'uncertain'])).toBe(true);
      expect(await campaigns.getRecipient(campaign.id, 'b')).toMatchObject({ status: 'sent', error: null });
      expect(await campaigns.finishRecipient(campaign.id, 'nobody', 'sent', later(5))).toBe(false);
      expect(await campaigns.progress(campaign.id)).toEqual({
        total: 3,
        queued: 1,
        sent: 1,
        failed: 0,
        blocked: 0,
        skipped: 0,
        uncertain: 1,
      });
    });

    it('recipients of one campaign are not another’s', async () => {
      const { campaigns } = repositories();
      const one = aCampaign();
      const two = aCampaign();
      await campaigns.save(one);
      await campaigns.save(two);
      await campaigns.addRecipients(one.id, [member('a')], AT);
      await campaigns.addRecipients(two.id, [member('a')], AT);
      expect(await campaigns.claimRecipient(one.id, 'a', AT)).not.toBeNull();
      expect(await campaigns.claimRecipient(two.id, 'a', AT)).not.toBeNull();
      expect((await campaigns.progress(two.id)).queued).toBe(1);
      expect(await campaigns.queuedRecipients(one.id, null, 10)).toEqual([]);
    });

    it('a campaign saved in a rolled-back transaction is not there', async () => {
      const { uow } = persistence();
      const campaign = aCampaign();
      await expect(
        uow.transaction(async (tx) => {
          await tx.campaigns.save(campaign);
          throw new Error('planned');
        }),
      ).rejects.toThrow('planned');
      expect(await uow.repositories.campaigns.get(campaign.id)).toBeNull();
    });
  });

  describe('stock alerts', () => {
    it('subscribes once per (product, customer), lists oldest first, removes', async () => {
      const { stockAlerts } = repositories();
      expect(await stockAlerts.subscribe('p-1', 'c-2', later(2))).toBe(true);
      expect(await stockAlerts.subscribe('p-1', 'c-1', later(5))).toBe(true);
      expect(await stockAlerts.subscribe('p-1', 'c-2', later(9))).toBe(false);
      expect(await stockAlerts.subscribe('p-2', 'c-1', later(1))).toBe(true);
      expect(await stockAlerts.subscribers('p-1', 10)).toEqual(['c-2', 'c-1']);
      expect(await stockAlerts.subscribers('p-1', 1)).toEqual(['c-2']);
      expect(await stockAlerts.isSubscribed('p-1', 'c-1')).toBe(true);
      await stockAlerts.remove('p-1', 'c-2');
      await stockAlerts.remove('p-1', 'never');
      expect(await stockAlerts.subscribers('p-1', 10)).toEqual(['c-1']);
      expect(await stockAlerts.isSubscribed('p-1', 'c-2')).toBe(false);
      expect(await stockAlerts.subscribers('p-2', 10)).toEqual(['c-1']);
    });

    it('concurrent subscriptions of the same pair store one', async () => {
      const { stockAlerts } = repositories();
      const results = await Promise.all(Array.from({ length: 8 }, () => stockAlerts.subscribe('p-9', 'c-9', AT)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await stockAlerts.subscribers('p-9', 10)).toEqual(['c-9']);
    });
  });

  describe('notification log', () => {
    it('claims a key once, even concurrently; a released key can be claimed again', async () => {
      const { notificationLog } = repositories();
      const results = await Promise.all(Array.from({ length: 8 }, () => notificationLog.claim('order.shipped:o-1|customer:c-1', AT)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await notificationLog.claim('order.shipped:o-1|customer:c-2', AT)).toBe(true);
      await notificationLog.release('order.shipped:o-1|customer:c-1');
      expect(await notificationLog.claim('order.shipped:o-1|customer:c-1', later(1))).toBe(true);
      await notificationLog.release('never-claimed');
    });
  });
};
