/**
 * A campaign on the app's real delivery path, sent by worker processes (`campaign-worker.ts`: the
 * outbox dispatcher and core's campaign delivery over the persistence adapter on PostgreSQL and
 * the real Telegram adapter) to the Telegram emulator: what the campaign crash tests and
 * `pnpm bench broadcast` run. The emulator's call log is the truth: who received what, how often,
 * and every 429 it answered; the campaign's recipient rows are what the app believes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BullMqJobQueue } from '@mostrador/adapters-jobs';
import { createPersistence, type Persistence } from '@mostrador/adapters-persistence';
import { bulkQueueFor, CAMPAIGN_LAUNCH_QUEUE, type Campaign, type CampaignProgress, campaignScheduled } from '@mostrador/core';
import { aCampaign, aCustomer } from '@mostrador/testkit/mothers';
import type { RateLimitChange, RecordedCall, TelegramEmulator } from '@mostrador/testkit/telegram';
import { createTestDatabase, type TestDatabase } from './postgres-database.js';
import { type SendTally, tallySends } from './send-tally.js';

const workerPath = fileURLToPath(new URL('./campaign-worker.ts', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Backend = 'redis' | 'database';

export interface Worker {
  readonly child: ChildProcess;
  output(): string;
  /** Lets a worker started with `waitForGo` begin (so several start together). */
  go(): void;
  readonly exited: Promise<void>;
}

export type CampaignTally = SendTally;

export interface CampaignRun {
  readonly emulator: TelegramEmulator;
  readonly persistence: Persistence;
  readonly chatIds: readonly number[];
  readonly campaign: Campaign;
  /** Customer id → chat id. */
  readonly chatOf: ReadonlyMap<string, number>;
  startWorker(): Worker;
  /** Successful sendMessage calls of the bot, oldest first. */
  delivered(): RecordedCall[];
  /** How many `delivered()` would return, without copying the call log (cheap to poll in long runs). */
  deliveredCount(): number;
  /** What the emulator received: messages, duplicates, recipients missing, 429 answers, first and last delivery (epoch ms). */
  tally(): CampaignTally;
  progress(): Promise<CampaignProgress>;
  status(): Promise<string | undefined>;
  /** Chat ids of the recipients in `status`. */
  chatsIn(status: string): Promise<number[]>;
  close(): Promise<void>;
}

export interface RunOptions {
  readonly backend: Backend;
  readonly recipients: number;
  /** The queue's bulk rate (messages/s). */
  readonly rate: number;
  readonly concurrency: number;
  /** The emulator's limits (default: a token bucket of 30/s with one second's burst, Telegram's bulk limit). */
  readonly emulatorLimits?: RateLimitChange;
  /** After this long a dead worker's jobs run again (default 1,500 ms). */
  readonly leaseMs?: number;
  /** Workers wait for `go()` before they consume. */
  readonly waitForGo?: boolean;
  readonly log?: (line: string) => void;
}

export const setUpCampaign = async (options: RunOptions): Promise<CampaignRun> => {
  const { TelegramEmulator } = await import('@mostrador/testkit/telegram');
  const emulator = new TelegramEmulator({
    rateLimits: options.emulatorLimits ?? { enabled: true, global: { perSecond: 30, burst: 30 } },
  });
  await emulator.start();
  const bot = emulator.createBot({ username: 'campaign_bot', firstName: 'Ofertas' });
  const chatIds = Array.from({ length: options.recipients }, (_, index) => 910_000_001 + index);
  for (const id of chatIds) await emulator.user({ bot: bot.username, id, firstName: `Cliente ${id}` }).sendCommand('/start');
  options.log?.(`${chatIds.length} chats opened`);

  const database: TestDatabase = await createTestDatabase('mostrador_campaign');
  const persistence = await createPersistence({ url: database.url });
  await persistence.migrate();
  const chatOf = new Map<string, number>();
  const customers = chatIds.map((chatId) => {
    const customer = aCustomer({ identities: [{ channel: 'telegram', userId: String(chatId) }], marketingConsent: true });
    chatOf.set(customer.id, chatId);
    return customer;
  });
  for (let from = 0; from < customers.length; from += 20) {
    await Promise.all(customers.slice(from, from + 20).map((customer) => persistence.uow.repositories.customers.save(customer)));
  }
  options.log?.(`${customers.length} consenting customers saved`);
  const now = new Date();
  const campaign = aCampaign({ text: '*Hot Sale*: 20 % en taladros', scheduledAt: now, createdAt: now, updatedAt: now });
  // What `createCampaign` writes: the campaign and its event, in one transaction.
  await persistence.uow.transaction(async (tx) => {
    await tx.campaigns.save(campaign);
    await tx.outbox.add([campaignScheduled(campaign, now)]);
  });

  const redisPrefix = `test-campaign-${randomBytes(6).toString('hex')}`;
  const workers: Worker[] = [];
  const sends = () => emulator.calls((call) => call.token === bot.token && call.method === 'sendMessage');
  return {
    emulator,
    persistence,
    chatIds,
    campaign,
    chatOf,
    startWorker: () => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          DATABASE_URL: database.url,
          JOBS_BACKEND: options.backend,
          REDIS_URL,
          REDIS_PREFIX: redisPrefix,
          TELEGRAM_API_ROOT: emulator.apiRoot,
          TELEGRAM_BOT_TOKEN: bot.token,
          RATE: String(options.rate),
          CONCURRENCY: String(options.concurrency),
          LEASE_MS: String(options.leaseMs ?? 1_500),
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
      const worker: Worker = {
        child,
        output: () => output,
        go: () => child.stdin?.write('go\n'),
        exited: new Promise((resolve) => child.on('exit', () => resolve())),
      };
      workers.push(worker);
      return worker;
    },
    delivered: () => sends().filter((call) => call.status === 200),
    deliveredCount: () => emulator.countCalls((call) => call.token === bot.token && call.method === 'sendMessage' && call.status === 200),
    tally: () => tallySends(sends(), chatIds),
    progress: () => persistence.uow.repositories.campaigns.progress(campaign.id),
    status: async () => (await persistence.uow.repositories.campaigns.get(campaign.id))?.status,
    chatsIn: async (status) => {
      const rows = (await persistence.dataSource.query(
        'SELECT chat_id FROM campaign_recipients WHERE campaign_id = $1 AND status = $2 ORDER BY chat_id',
        [campaign.id, status],
      )) as { chat_id: string }[];
      return rows.map((row) => Number(row.chat_id));
    },
    close: async () => {
      for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((worker) => worker.exited));
      if (options.backend === 'redis') {
        const queue = new BullMqJobQueue({ url: REDIS_URL, prefix: redisPrefix });
        await queue.obliterate([CAMPAIGN_LAUNCH_QUEUE, bulkQueueFor('telegram'), 'events']).catch(() => undefined);
        await queue.stop();
      }
      await persistence.close();
      await emulator.stop();
      await database.drop();
    },
  };
};

/** Polls the database until the campaign is completed. */
export const untilCompleted = async (run: CampaignRun, worker: Worker, timeoutMs = 120_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while ((await run.status()) !== 'completed') {
    if (Date.now() > deadline)
      throw new Error(`campaign not completed: ${JSON.stringify(await run.progress())}; worker said:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** How often each chat received the campaign. */
export const receivedCounts = (run: CampaignRun): Map<number, number> => {
  const counts = new Map<number, number>();
  for (const call of run.delivered()) counts.set(Number(call.params.chat_id), (counts.get(Number(call.params.chat_id)) ?? 0) + 1);
  return counts;
};
