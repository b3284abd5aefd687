import type { ChannelName } from '../shared/types.js';

export interface CartLine {
  readonly productId: string;
  readonly quantity: number;
}

/** One open cart per customer and channel. Prices are not stored: they are read when shown or ordered. */
export interface Cart {
  readonly id: string;
  readonly customerId: string;
  readonly channel: ChannelName;
  readonly lines: readonly CartLine[];
  readonly updatedAt: Date;
}
