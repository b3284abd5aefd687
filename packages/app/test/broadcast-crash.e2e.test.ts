import { describe, expect, it } from 'vitest';
import { type Backend, setUpBroadcast, waitUntil } from './support/broadcast-harness.js';

/*
 * A campaign sent by real worker processes through the job queue to the Telegram emulator, on
 * Redis (BullMQ) and on the embedded queue (PostgreSQL). The kill lands while the worker's
 * requests have reached Telegram and their answers have not reached the worker (the emulator
 * holds them): the moment a naive retry would send twice.
 */
describe.each<Backend>(['redis', 'database'])('broadcast on the %s queue', (backend) => {
  it('a worker killed mid-campaign (SIGKILL) and a new one started: every recipient gets the message exactly once', async () => {
    const recipients = 200;
    const broadcast = await setUpBroadcast({ backend, recipients, rate: 80, concurrency: 4, leaseMs: 1_500 });
    try {
      await broadcast.enqueueAll();
      const first = broadcast.startWorker();
      await waitUntil(
        () => broadcast.deliveredChats() >= 60,
        60_000,
        () => `60 delivered; worker said:\n${first.output()}`,
      );
      const hold = broadcast.emulator.holdAnswers();
      // Let the worker's in-flight sends (at most its concurrency) reach the emulator and wait there.
      await waitUntil(
        () => broadcast.emulator.heldAnswers >= 4,
        10_000,
        () => `held ${broadcast.emulator.heldAnswers}`,
      );
      const held = broadcast.emulator.heldAnswers;
      first.child.kill('SIGKILL');
      await first.exited;
      hold.release();
      const deliveredAtKill = broadcast.deliveredChats();
      expect(deliveredAtKill).toBeLessThan(recipients);

      const second = broadcast.startWorker();
      await waitUntil(
        () => broadcast.deliveredChats() === recipients,
        90_000,
        () => `all ${recipients} delivered (now ${broadcast.deliveredChats()}); worker said:\n${second.output()}`,
      );
      // Past the dead worker's lease: any job of it that were to run twice has run by now.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const tally = broadcast.tally();
      expect(held).toBeGreaterThanOrEqual(1);
      expect({ duplicates: tally.duplicates, missing: tally.missing, delivered: tally.delivered }).toEqual({
        duplicates: 0,
        missing: 0,
        delivered: recipients,
      });
      expect(await broadcast.queue.listDeadLetters?.('broadcast.telegram')).toEqual([]);
    } finally {
      await broadcast.close();
    }
  }, 180_000);

  it("honours Telegram's 429 retry_after: a rate above the bot's limit still delivers everyone once, no attempt is used up", async () => {
    const recipients = 20;
    // The queue is told 40/s but the bot may send 10/s: the emulator answers 429 with retry_after.
    const broadcast = await setUpBroadcast({
      backend,
      recipients,
      rate: 40,
      concurrency: 1,
      emulatorLimits: { enabled: true, global: { perSecond: 10, burst: 2 } },
    });
    try {
      // Every job has one attempt: a 429 that used it up would leave a dead letter and a missing recipient.
      await broadcast.enqueueAll({ attempts: 1 });
      // Besides the token bucket's own 429s, two injected in a row (the worker's adapter hands every
      // 429 to the queue: rateLimitWaitSeconds 0), so the queue must reschedule a job at least twice.
      for (let fault = 0; fault < 2; fault++) broadcast.emulator.failNext('sendMessage', { retryAfter: 1 });
      const worker = broadcast.startWorker();
      await waitUntil(
        () => broadcast.deliveredChats() === recipients,
        90_000,
        () => `all ${recipients} delivered (now ${broadcast.deliveredChats()}); worker said:\n${worker.output()}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const tally = broadcast.tally();
      expect(tally.rateLimited).toBeGreaterThan(0);
      expect(worker.output()).toContain('limited');
      expect({ duplicates: tally.duplicates, missing: tally.missing }).toEqual({ duplicates: 0, missing: 0 });
      expect(await broadcast.queue.listDeadLetters?.('broadcast.telegram')).toEqual([]);
      // Each 429'd message was tried again no sooner than its retry_after.
      const calls = broadcast.emulator.calls('sendMessage');
      for (const [index, call] of calls.entries()) {
        if (call.status !== 429) continue;
        const retryAfterMs = Number((call.response as { parameters?: { retry_after?: number } }).parameters?.retry_after) * 1000;
        const next = calls.slice(index + 1).find((later) => later.params.chat_id === call.params.chat_id);
        expect(next, `no retry after the 429 to ${call.params.chat_id}`).toBeDefined();
        expect((next?.at ?? 0) - call.at).toBeGreaterThanOrEqual(retryAfterMs - 5);
      }
    } finally {
      await broadcast.close();
    }
  }, 180_000);
});
