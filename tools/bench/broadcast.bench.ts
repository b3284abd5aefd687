/**
 * `pnpm bench broadcast`: a campaign to 10,000 Telegram chats (BENCH_BROADCAST_RECIPIENTS) sent by
 * two worker processes through the job queue, on Redis (BullMQ) and on the embedded queue
 * (PostgreSQL), to the Telegram emulator enforcing the bot's limit: a token bucket of
 * BENCH_BROADCAST_RATE messages per second (default 30, Telegram's bulk limit: 10,000 recipients
 * take about 5.5 minutes per queue) with one second's burst. The queue is configured at the same
 * rate. The baseline is the configured rate itself: the figure is
 * achieved / configured, measured at the emulator from the first delivered message to the last.
 * Target per queue: ratio ≥ 0.95, zero 429 answers, zero duplicates, zero missing recipients.
 */
import { type Backend, setUpBroadcast, waitUntil } from '../../packages/app/test/support/broadcast-harness.js';

export interface BroadcastFigures {
  readonly queue: Backend;
  readonly recipients: number;
  readonly workers: number;
  readonly configuredPerSecond: number;
  readonly achievedPerSecond: number;
  readonly ratio: number;
  readonly rateLimited: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly sendSeconds: number;
  readonly enqueueSeconds: number;
}

const WORKERS = 2;

const runOne = async (queue: Backend, recipients: number, rate: number, log: (line: string) => void): Promise<BroadcastFigures> => {
  log(`${queue}: setting up ${recipients} chats, the database and the queue...`);
  const broadcast = await setUpBroadcast({ backend: queue, recipients, rate, concurrency: 16, leaseMs: 10_000, waitForGo: true });
  try {
    const enqueueStarted = performance.now();
    await broadcast.enqueueAll();
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    log(`${queue}: ${recipients} jobs enqueued in ${enqueueSeconds.toFixed(1)} s; starting ${WORKERS} workers`);
    const workers = Array.from({ length: WORKERS }, () => broadcast.startWorker());
    // Both connected and registered before either takes a job: the rate is measured with both running.
    await waitUntil(
      () => workers.every((worker) => worker.output().includes('ready')),
      120_000,
      () => `workers ready; they said:\n${workers.map((w) => w.output()).join('\n')}`,
    );
    for (const worker of workers) worker.go();
    // Twice the time the rate needs, plus two minutes; what is missing then is reported as missing.
    const deadline = Date.now() + Math.ceil((recipients / rate) * 2_000) + 120_000;
    let lastReport = Date.now();
    for (;;) {
      // Counting, not copying, the emulator's log: this process is the emulator, keep it free.
      const delivered = broadcast.deliveredCount();
      if (delivered >= recipients || Date.now() > deadline || workers.every((worker) => worker.child.exitCode !== null)) break;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`${queue}: ${delivered} / ${recipients} delivered`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Anything sent twice would show up within the workers' lease.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const tally = broadcast.tally();
    if (tally.missing > 0) {
      const dead = (await broadcast.queue.listDeadLetters?.('broadcast.telegram')) ?? [];
      log(
        `${queue}: ${tally.missing} missing; dead letters: ${JSON.stringify(dead.slice(0, 5).map((letter) => [letter.jobId, letter.error]))}`,
      );
      log(`${queue}: workers said:\n${workers.map((worker) => worker.output()).join('\n')}`);
    }
    const sendSeconds = (tally.lastAt - tally.firstAt) / 1000;
    const achievedPerSecond = sendSeconds > 0 ? (tally.delivered - 1) / sendSeconds : 0;
    return {
      queue,
      recipients,
      workers: WORKERS,
      configuredPerSecond: rate,
      achievedPerSecond: Number(achievedPerSecond.toFixed(2)),
      ratio: Number((achievedPerSecond / rate).toFixed(3)),
      rateLimited: tally.rateLimited,
      duplicates: tally.duplicates,
      missing: tally.missing,
      sendSeconds: Number(sendSeconds.toFixed(1)),
      enqueueSeconds: Number(enqueueSeconds.toFixed(1)),
    };
  } finally {
    await broadcast.close();
  }
};

export const runBroadcastBenchmark = async (options: { readonly log: (line: string) => void }): Promise<BroadcastFigures[]> => {
  const recipients = Number(process.env.BENCH_BROADCAST_RECIPIENTS ?? 10_000);
  const rate = Number(process.env.BENCH_BROADCAST_RATE ?? 30);
  const figures: BroadcastFigures[] = [];
  for (const queue of ['redis', 'database'] as const) figures.push(await runOne(queue, recipients, rate, options.log));
  return figures;
};

export const broadcastTargetMet = (figure: BroadcastFigures): boolean =>
  figure.ratio >= 0.95 && figure.rateLimited === 0 && figure.duplicates === 0 && figure.missing === 0;

export const formatBroadcastBenchmark = (figures: readonly BroadcastFigures[]): string =>
  [
    '| queue | recipients | workers | configured /s | achieved /s | ratio | 429s | duplicates | missing | send s | enqueue s |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.queue} | ${f.recipients} | ${f.workers} | ${f.configuredPerSecond} | ${f.achievedPerSecond} | ${f.ratio} | ${f.rateLimited} | ${f.duplicates} | ${f.missing} | ${f.sendSeconds} | ${f.enqueueSeconds} |`,
    ),
  ].join('\n');
