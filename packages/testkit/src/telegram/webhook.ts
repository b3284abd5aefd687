import { type BotState, unixNow, type WebhookConfig } from './state.js';

export interface WebhookDeliveryOptions {
  /** First retry delay after a failed delivery; doubles on each failure. */
  initialRetryMs: number;
  /** Upper bound of the retry delay. */
  maxRetryMs: number;
  /** Give up on one request after this long ("Read timeout expired"). */
  timeoutMs: number;
  /**
   * Drop an update after this many failed attempts. Unset: keep retrying while
   * the webhook is set (Telegram keeps an update for up to 24 hours).
   */
  maxAttempts?: number;
}

export const DEFAULT_WEBHOOK_DELIVERY: WebhookDeliveryOptions = {
  initialRetryMs: 100,
  maxRetryMs: 5000,
  timeoutMs: 10_000,
};

type Outcome = { ok: true; reply: unknown } | { ok: false; error: string };

/**
 * Pushes queued updates to each bot's webhook, one at a time per bot and in
 * order: an update leaves the queue only after a 2xx answer, so
 * getWebhookInfo.pending_update_count counts it while retries go on.
 */
export class WebhookDispatcher {
  private readonly active = new Set<BotState>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly stopController = new AbortController();

  constructor(
    private readonly options: WebhookDeliveryOptions,
    /** Runs a method call answered in the webhook response body, as Telegram does. */
    private readonly onReply: (bot: BotState, body: Record<string, unknown>) => Promise<void>,
  ) {}

  kick(bot: BotState): void {
    if (this.stopController.signal.aborted || this.active.has(bot) || !bot.webhook || bot.updates.length === 0) return;
    this.active.add(bot);
    void this.pump(bot).finally(() => {
      this.active.delete(bot);
      // An update may have arrived between the loop's last check and now.
      if (bot.webhook && bot.updates.length > 0) this.kick(bot);
    });
  }

  stop(): void {
    this.stopController.abort();
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.resolve();
    }
    this.sleepers.clear();
  }

  private async pump(bot: BotState): Promise<void> {
    let attempts = 0;
    let currentId: number | undefined;
    while (!this.stopController.signal.aborted && bot.webhook && bot.updates.length > 0) {
      const entry = bot.updates[0];
      if (!entry) break;
      if (entry.updateId !== currentId) {
        currentId = entry.updateId;
        attempts = 0;
      }
      const outcome = await this.post(bot.webhook, entry.payload);
      if (this.stopController.signal.aborted) return;
      if (outcome.ok) {
        const index = bot.updates.indexOf(entry);
        if (index >= 0) bot.updates.splice(index, 1);
        if (isMethodCall(outcome.reply)) await this.onReply(bot, outcome.reply).catch(() => {});
        continue;
      }
      attempts++;
      bot.webhookError = { date: unixNow(), message: outcome.error };
      if (this.options.maxAttempts !== undefined && attempts >= this.options.maxAttempts) {
        const index = bot.updates.indexOf(entry);
        if (index >= 0) bot.updates.splice(index, 1);
        continue;
      }
      await this.sleep(Math.min(this.options.maxRetryMs, this.options.initialRetryMs * 2 ** (attempts - 1)));
    }
  }

  private async post(hook: WebhookConfig, payload: unknown): Promise<Outcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secretToken) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secretToken;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: AbortSignal.any([timeout, this.stopController.signal]),
      });
      const text = await response.text();
      if (response.status < 200 || response.status > 299) {
        return { ok: false, error: `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim() };
      }
      let reply: unknown;
      if (/json/i.test(response.headers.get('content-type') ?? '') && text.trim() !== '') {
        try {
          reply = JSON.parse(text);
        } catch {
          reply = undefined;
        }
      }
      return { ok: true, reply };
    } catch (error) {
      if (timeout.aborted) return { ok: false, error: 'Read timeout expired' };
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') return { ok: false, error: 'Connection refused' };
      if (code === 'ENOTFOUND') return { ok: false, error: 'Failed to resolve host: Name or service not known' };
      return { ok: false, error: `Connection failed: ${(error as Error).message}` };
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(sleeper);
    });
  }
}

function isMethodCall(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { method?: unknown }).method === 'string';
}
