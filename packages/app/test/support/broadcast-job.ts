/** The campaign queue of the broadcast crash tests and benchmark, and what each of its jobs carries. */
export const BROADCAST_QUEUE = 'broadcast.telegram';

export interface BroadcastJob {
  readonly campaign: string;
  readonly chatId: number;
  readonly text: string;
}
