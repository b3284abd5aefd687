/**
 * A campaign to many Telegram chats, sent by worker processes (`broadcast-worker.ts`) through a
 * job queue, against the Telegram emulator: what the crash tests and `pnpm bench broadcast` run.
 * The emulator's call log is the truth: who received what, how often, and every 429 it answered.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BullMqJobQueue } from '@mostrador/adapters-jobs';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import type { JobQueue } from '@mostrador/core';
import type { RateLimitChange, TelegramEmulator } from '@mostrador/testkit/telegram';
import { BROADCAST_QUEUE, type BroadcastJob } from './broadcast-job.js';
import { type SendTally, tallySends } from './send-tally.js';

const workerPath = fileURLToPath(new URL('./broadcast-worker.ts', import.meta.url));
const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Backend = 'redis' | 'database';

export interface BroadcastOptions {
  readonly backend: Backend;
  readonly recipients: number;
  /** The queue's shared rate (messages per second). */
  readonly rate: number;
  readonly concurrency?: number;
  /** Lock/lease after which a dead worker's jobs run again. */
  readonly leaseMs?: number;
  /** Workers wait for `go()` before they consume (so several start together). */
  readonly waitForGo?: boolean;
  /** The emulator's limits (default: enforced at `rate`, a burst of one second's worth: Telegram's shape). */
  readonly emulatorLimits?: RateLimitChange;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Lets a worker started with `waitForGo` begin consuming. */
  go(): void;
  output(): string;
  exited: Promise<number | null>;
}

export type BroadcastTally = SendTally;

const onServer = async (sql: string): Promise<void> => {
  const admin = await createPersistence({ url: BASE_DATABASE_URL });
  try {
    await admin.dataSource.query(sql);
  } finally {
    await admin.close();
  }
};

export interface Broadcast {
  readonly emulator: TelegramEmulator;
  readonly campaign: string;
  readonly chatIds: readonly number[];
  /** The parent's queue (enqueues, reads dead letters); consumes nothing. */
  readonly queue: JobQueue;
  /** One job per recipient, id `campaign:<campaign>:<chat>`, with `attempts` (default 5). */
  enqueueAll(options?: { readonly attempts?: number }): Promise<void>;
  startWorker(): WorkerProcess;
  tally(): BroadcastTally;
  /** Sends delivered so far (distinct chats). Copies the call log: poll `deliveredCount` in long runs. */
  deliveredChats(): number;
  /** Successful sends so far (duplicates included), without copying the call log. */
  deliveredCount(): number;
  close(): Promise<void>;
}

export const setUpBroadcast = async (options: BroadcastOptions): Promise<Broadcast> => {
  const { TelegramEmulator } = await import('@mostrador/testkit/telegram');
  const emulator = new TelegramEmulator({
    rateLimits: options.emulatorLimits ?? { enabled: true, global: { perSecond: options.rate, burst: options.rate } },
  });
  await emulator.start();
  const bot = emulator.createBot({ username: 'broadcast_bot', firstName: 'Ofertas' });
  const chatIds = Array.from({ length: options.recipients }, (_, index) => 900_000_001 + index);
  for (const id of chatIds) await emulator.user({ bot: bot.username, id, firstName: `Cliente ${id}` }).sendCommand('/start');

  const suffix = randomBytes(6).toString('hex');
  const databaseName = `mostrador_bc_${suffix}`;
  await onServer(`CREATE DATABASE ${databaseName}`);
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const persistence: Persistence = await createPersistence({ url: databaseUrl });
  await persistence.migrate();
  const redisPrefix = `test-broadcast-${suffix}`;
  const queue: JobQueue =
    options.backend === 'redis' ? new BullMqJobQueue({ url: REDIS_URL, prefix: redisPrefix }) : persistence.jobQueue();
  const campaign = `c${suffix}`;
  const workers: WorkerProcess[] = [];

  const sends = () => emulator.calls({ method: 'sendMessage', bot: bot.username });

  return {
    emulator,
    campaign,
    chatIds,
    queue,
    enqueueAll: async (enqueueOptions = {}) => {
      for (const chatId of chatIds) {
        const job: BroadcastJob = { campaign, chatId, text: `¡Oferta de la semana! 20 % off en taladros (${campaign})` };
        await queue.enqueue(BROADCAST_QUEUE, job, {
          jobId: `campaign:${campaign}:${chatId}`,
          attempts: enqueueOptions.attempts ?? 5,
          backoffMs: 500,
        });
      }
    },
    startWorker: () => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          JOBS_BACKEND: options.backend,
          DATABASE_URL: databaseUrl,
          REDIS_URL,
          REDIS_PREFIX: redisPrefix,
          TELEGRAM_API_ROOT: emulator.apiRoot,
          TELEGRAM_BOT_TOKEN: bot.token,
          RATE: String(options.rate),
          CONCURRENCY: String(options.concurrency ?? 8),
          LEASE_MS: String(options.leaseMs ?? 2_000),
          WAIT_FOR_GO: options.waitForGo ? '1' : '0',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const worker: WorkerProcess = {
        child,
        go: () => child.stdin?.write('go\n'),
        output: () => output,
        exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
      };
      workers.push(worker);
      return worker;
    },
    deliveredChats: () =>
      new Set(
        sends()
          .filter((call) => call.status === 200)
          .map((call) => Number(call.params.chat_id)),
      ).size,
    deliveredCount: () => emulator.countCalls((call) => call.token === bot.token && call.method === 'sendMessage' && call.status === 200),
    tally: () => tallySends(sends(), chatIds),
    close: async () => {
      for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((worker) => worker.exited));
      if (options.backend === 'redis') {
        await (queue as BullMqJobQueue).obliterate([BROADCAST_QUEUE]).catch(() => undefined);
      }
      await queue.stop();
      await persistence.close();
      await emulator.stop();
      await onServer(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    },
  };
};

/** Resolves when `condition` holds; rejects after `timeoutMs` with `describe()` in the message. */
export const waitUntil = async (condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
