import { describe, expect, it } from 'vitest';
import { InMemoryJobQueue } from '../src/memory/index.js';

describe('InMemoryJobQueue', () => {
  it('runs each job once, de-duplicates by jobId and retries a failing handler before dead-lettering it', async () => {
    const queue = new InMemoryJobQueue({ backoffMs: 1 });
    const seen: string[] = [];
    let flaky = 0;
    queue.consume<{ to: string }>('send', async ({ to }, { attempt }) => {
      if (to === 'flaky' && ++flaky < 2) throw new Error(`try ${attempt}`);
      if (to === 'broken') throw new Error('always');
      seen.push(to);
    });
    await queue.start();
    await queue.enqueue('send', { to: 'a' }, { jobId: 'a' });
    await queue.enqueue('send', { to: 'a' }, { jobId: 'a' });
    await queue.enqueue('send', { to: 'flaky' });
    await queue.enqueue('send', { to: 'broken' }, { attempts: 2 });
    await queue.drain();
    expect(seen.sort()).toEqual(['a', 'flaky']);
    expect(queue.deadLetters('send')).toMatchObject([{ payload: { to: 'broken' }, attempts: 2 }]);
    await queue.stop();
  });

  it('holds a delayed job until its time and spaces jobs by ratePerSecond', async () => {
    const queue = new InMemoryJobQueue();
    const startedAt: number[] = [];
    queue.consume('tick', async () => void startedAt.push(Date.now()), { ratePerSecond: 50, concurrency: 5 });
    await queue.start();
    const before = Date.now();
    await queue.enqueue('tick', {}, { delayMs: 30 });
    for (let i = 0; i < 4; i++) await queue.enqueue('tick', {});
    expect(queue.waiting('tick').length).toBeGreaterThan(0);
    await queue.drain();
    expect(startedAt).toHaveLength(5);
    const sorted = [...startedAt].sort((a, b) => a - b);
    // Five starts at 50/s need at least four 20 ms gaps.
    expect((sorted[4] as number) - (sorted[0] as number)).toBeGreaterThanOrEqual(4 * 20 - 2);
    expect(Math.max(...startedAt) - before).toBeGreaterThanOrEqual(30);
    await queue.stop();
  });
});
