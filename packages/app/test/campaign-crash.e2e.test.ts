import { describe, expect, it } from 'vitest';
import { waitUntil } from './support/broadcast-harness.js';
import { type Backend, receivedCounts, setUpCampaign, untilCompleted } from './support/campaign-harness.js';

/*
 * Campaigns on the real delivery path (ADR 0011, Session 5): worker processes run the outbox
 * dispatcher and core's campaign delivery over the persistence adapter on PostgreSQL and the real
 * Telegram adapter, on BullMQ (Redis) and on the embedded database queue. A worker is killed with
 * SIGKILL mid-campaign, at a deterministic point (the emulator holds the answer of the N-th
 * message, so the worker is stopped with that message delivered and unconfirmed) and at a random
 * one; a new worker finishes the campaign. What the emulator received is the truth: nobody twice,
 * and the progress counters say exactly what happened (a message in flight at the kill is
 * `uncertain`, never resent).
 */

describe.each<Backend>(['redis', 'database'])('a campaign on the real delivery path, %s queue', (backend) => {
  it('a worker killed (SIGKILL) when the emulator has received the 15th message, its answer held: a new worker completes it, nobody twice, none missing, the one in flight counted uncertain', async () => {
    const recipients = 40;
    const killAt = 15;
    // One message in flight per worker: the kill leaves exactly one recipient in doubt.
    const run = await setUpCampaign({ backend, recipients, rate: 25, concurrency: 1 });
    try {
      const hold = run.emulator.holdAnswers({
        afterCalls: killAt,
        filter: (call) => call.method === 'sendMessage' && call.status === 200,
      });
      const first = run.startWorker();
      await waitUntil(
        () => run.emulator.heldAnswers >= 1,
        90_000,
        () => `the ${killAt}th message held; worker said:\n${first.output()}`,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      hold.release();
      const atKill = run.delivered().map((call) => Number(call.params.chat_id));
      expect(atKill).toHaveLength(killAt);
      const inFlight = atKill[killAt - 1];
      // The dead worker never learnt that message arrived: its row is still `sending`.
      expect(await run.chatsIn('sending')).toEqual([inFlight]);

      const second = run.startWorker();
      await untilCompleted(run, second);
      // Past the dead worker's lease: had any of its jobs been going to run twice, it would have.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const counts = receivedCounts(run);
      expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
      expect(run.chatIds.filter((id) => !counts.has(id))).toEqual([]);
      expect(await run.chatsIn('uncertain')).toEqual([inFlight]);
      expect(await run.progress()).toEqual({
        total: recipients,
        queued: 0,
        sent: recipients - 1,
        failed: 0,
        blocked: 0,
        skipped: 0,
        uncertain: 1,
      });
      expect(second.output()).toContain('not sent again');
    } finally {
      await run.close();
    }
  }, 240_000);

  it('a worker killed at a random point: nobody twice; every recipient is sent and received, or uncertain (at most one per message in flight)', async () => {
    const recipients = 60;
    const concurrency = 4;
    const run = await setUpCampaign({ backend, recipients, rate: 25, concurrency });
    try {
      const killAfter = 5 + Math.floor(Math.random() * (recipients - 15));
      const first = run.startWorker();
      await waitUntil(
        () => run.emulator.countCalls((call) => call.method === 'sendMessage' && call.status === 200) >= killAfter,
        90_000,
        () => `${killAfter} delivered; worker said:\n${first.output()}`,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const second = run.startWorker();
      await untilCompleted(run, second);
      await new Promise((resolve) => setTimeout(resolve, 2_500));

      const counts = receivedCounts(run);
      const sent = await run.chatsIn('sent');
      const uncertain = await run.chatsIn('uncertain');
      const context = `killed after ${killAfter}; sent ${sent.length}, uncertain ${uncertain}`;
      expect(
        [...counts.values()].filter((n) => n > 1),
        context,
      ).toEqual([]);
      // Every `sent` row was received; whoever was not received is uncertain (the kill landed
      // between its claim and its request reaching Telegram), never silently missing.
      expect(
        sent.filter((id) => !counts.has(id)),
        context,
      ).toEqual([]);
      expect(
        run.chatIds.filter((id) => !counts.has(id) && !uncertain.includes(id)),
        context,
      ).toEqual([]);
      expect(uncertain.length, context).toBeLessThanOrEqual(concurrency);
      expect(sent.length + uncertain.length).toBe(recipients);
      expect(await run.progress()).toEqual({
        total: recipients,
        queued: 0,
        sent: sent.length,
        failed: 0,
        blocked: 0,
        skipped: 0,
        uncertain: uncertain.length,
      });
    } finally {
      await run.close();
    }
  }, 240_000);

  it("honours Telegram's 429 retry_after and turns consent off for a user who blocked the bot (403)", async () => {
    const recipients = 12;
    // The queue is told 40/s, the bot may send 5/s: the emulator answers 429s with retry_after.
    const run = await setUpCampaign({
      backend,
      recipients,
      rate: 40,
      concurrency: 2,
      emulatorLimits: { enabled: true, global: { perSecond: 5, burst: 2 } },
    });
    try {
      const blockedChat = run.chatIds[3] as number;
      run.emulator.user({ bot: 'campaign_bot', id: blockedChat, firstName: `Cliente ${blockedChat}` }).block();
      const blockedCustomer = [...run.chatOf].find(([, chat]) => chat === blockedChat)?.[0] as string;
      run.emulator.failNext('sendMessage', { retryAfter: 1 });
      const worker = run.startWorker();
      await untilCompleted(run, worker);
      await new Promise((resolve) => setTimeout(resolve, 500));

      const calls = run.emulator.calls('sendMessage');
      expect(calls.filter((call) => call.status === 429).length).toBeGreaterThan(0);
      // Each 429'd message was tried again, no sooner than its retry_after.
      for (const [index, call] of calls.entries()) {
        if (call.status !== 429) continue;
        const retryAfterMs = Number((call.response as { parameters?: { retry_after?: number } }).parameters?.retry_after) * 1000;
        const next = calls.slice(index + 1).find((later) => later.params.chat_id === call.params.chat_id);
        expect(next, `no retry after the 429 to ${call.params.chat_id}`).toBeDefined();
        expect((next?.at ?? 0) - call.at).toBeGreaterThanOrEqual(retryAfterMs - 5);
      }
      const counts = receivedCounts(run);
      expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
      expect(run.chatIds.filter((id) => id !== blockedChat && !counts.has(id))).toEqual([]);
      // Refused for good (403), never delivered, never tried again after it (a 429 before it may be).
      expect(calls.filter((call) => Number(call.params.chat_id) === blockedChat).map((call) => call.status)).toContain(403);
      expect(calls.filter((call) => Number(call.params.chat_id) === blockedChat).at(-1)?.status).toBe(403);
      expect(counts.has(blockedChat)).toBe(false);
      expect(await run.progress()).toEqual({
        total: recipients,
        queued: 0,
        sent: recipients - 1,
        failed: 0,
        blocked: 1,
        skipped: 0,
        uncertain: 0,
      });
      expect((await run.persistence.uow.repositories.customers.get(blockedCustomer))?.marketingConsent).toBe(false);
    } finally {
      await run.close();
    }
  }, 240_000);
});
