import type { RecordedCall } from '@mostrador/testkit/telegram';

/** What the Telegram emulator received for one broadcast: its call log is the truth. */
export interface SendTally {
  readonly delivered: number;
  /** Messages beyond the first one a chat received. */
  readonly duplicates: number;
  /** Recipients that received nothing. */
  readonly missing: number;
  /** 429 answers the emulator gave. */
  readonly rateLimited: number;
  /** Epoch ms of the first and last delivered message. */
  readonly firstAt: number;
  readonly lastAt: number;
}

/** Tallies a bot's sendMessage calls (oldest first) against the chats that should each receive one message. */
export const tallySends = (sends: readonly RecordedCall[], chatIds: readonly number[]): SendTally => {
  const delivered = sends.filter((call) => call.status === 200);
  const perChat = new Map<number, number>();
  for (const call of delivered) perChat.set(Number(call.params.chat_id), (perChat.get(Number(call.params.chat_id)) ?? 0) + 1);
  let duplicates = 0;
  for (const count of perChat.values()) duplicates += count - 1;
  return {
    delivered: delivered.length,
    duplicates,
    missing: chatIds.filter((id) => !perChat.has(id)).length,
    rateLimited: sends.filter((call) => call.status === 429).length,
    firstAt: delivered[0]?.at ?? 0,
    lastAt: delivered.at(-1)?.at ?? 0,
  };
};
