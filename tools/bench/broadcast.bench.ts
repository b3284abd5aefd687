/**
 * `pnpm bench broadcast`: an offer campaign to 10,000 Telegram chats (BENCH_BROADCAST_RECIPIENTS)
 * on the app's real delivery path, sent by two worker processes started together, on Redis
 * (BullMQ) and on the embedded queue (PostgreSQL): each worker runs the outbox dispatcher and
 * core's campaign delivery (launch: audience into `campaign_recipients`, one job per recipient on
 * `bulk.telegram`; each job renders, claims its recipient and sends through the real Telegram
 * adapter), with the persistence adapter's repositories (`support/campaign-worker.ts`). The
 * Telegram emulator enforces the bot's limit, a token bucket of BENCH_BROADCAST_RATE messages per
 * second (default 30, Telegram's bulk limit: 10,000 recipients take about 5.5 minutes per queue)
 * with one second's burst, and the campaign's bulk rate is configured the same. The baseline is
 * the configured rate itself: the figure is achieved / configured, measured at the emulator from
 * the first delivered message to the last. Target per queue: ratio ≥ 0.95, zero 429 answers, zero
 * duplicates, zero missing recipients. The campaign's own counters (sent, uncertain) are reported
 * beside what the emulator received.
 */

import { waitUntil } from '../../packages/app/test/support/broadcast-harness.js';
import { type Backend, setUpCampaign, untilCompleted } from '../../packages/app/test/support/campaign-harness.js';

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
  /** Whether the campaign reached the status `completed` (within a minute of the last delivery). */
  readonly completed: boolean;
  /** The campaign's counters at the end. */
  readonly campaignSent: number;
  readonly campaignUncertain: number;
  readonly sendSeconds: number;
  /** From "go" to the campaign's status `completed` (or to giving up on it). */
  readonly completedSeconds: number;
}

const WORKERS = 2;

const runOne = async (queue: Backend, recipients: number, rate: number, log: (line: string) => void): Promise<BroadcastFigures> => {
  log(`${queue}: setting up ${recipients} chats and customers, the database and the campaign...`);
  const run = await setUpCampaign({
    backend: queue,
    recipients,
    rate,
    concurrency: 4,
    leaseMs: 10_000,
    waitForGo: true,
    emulatorLimits: { enabled: true, global: { perSecond: rate, burst: rate } },
    log: (line) => log(`${queue}: ${line}`),
  });
  try {
    const workers = Array.from({ length: WORKERS }, () => run.startWorker());
    // Both composed before either takes a job: the rate is measured with both running.
    await waitUntil(
      () => workers.every((worker) => worker.output().includes('ready')),
      120_000,
      () => `workers ready; they said:\n${workers.map((w) => w.output()).join('\n')}`,
    );
    log(`${queue}: starting ${WORKERS} workers`);
    const started = performance.now();
    for (const worker of workers) worker.go();
    // Twice the time the rate needs, plus two minutes; what is missing then is reported as missing.
    const deadline = Date.now() + Math.ceil((recipients / rate) * 2_000) + 120_000;
    let lastReport = Date.now();
    for (;;) {
      // Counting, not copying, the emulator's log: this process is the emulator, keep it free.
      const delivered = run.deliveredCount();
      if (delivered >= recipients || Date.now() > deadline || workers.every((worker) => worker.child.exitCode !== null)) break;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`${queue}: ${delivered} / ${recipients} delivered`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const completed = await untilCompleted(run, workers[0]!, 60_000).then(
      () => true,
      (error: unknown) => {
        log(`${queue}: ${String(error)}`);
        return false;
      },
    );
    const completedSeconds = (performance.now() - started) / 1000;
    // Anything sent twice would show up within the workers' lease.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const tally = run.tally();
    const progress = await run.progress();
    if (tally.missing > 0 || tally.rateLimited > 0)
      log(`${queue}: workers said:\n${workers.map((worker) => worker.output().slice(-2_000)).join('\n')}`);
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
      completed,
      campaignSent: progress.sent,
      campaignUncertain: progress.uncertain,
      sendSeconds: Number(sendSeconds.toFixed(1)),
      completedSeconds: Number(completedSeconds.toFixed(1)),
    };
  } finally {
    await run.close();
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
  figure.ratio >= 0.95 &&
  figure.rateLimited === 0 &&
  figure.duplicates === 0 &&
  figure.missing === 0 &&
  figure.completed &&
  figure.campaignSent === figure.recipients &&
  figure.campaignUncertain === 0;

export const formatBroadcastBenchmark = (figures: readonly BroadcastFigures[]): string =>
  [
    '| queue | recipients | workers | configured /s | achieved /s | ratio | 429s | duplicates | missing | campaign sent | uncertain | send s | completed s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.queue} | ${f.recipients} | ${f.workers} | ${f.configuredPerSecond} | ${f.achievedPerSecond} | ${f.ratio} | ${f.rateLimited} | ${f.duplicates} | ${f.missing} | ${f.campaignSent} | ${f.campaignUncertain} | ${f.sendSeconds} | ${f.completedSeconds} |`,
    ),
  ].join('\n');
