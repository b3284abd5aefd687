/** Audit trail of every change to stock on hand. */
export interface StockMovement {
  readonly id: string;
  readonly productId: string;
  /** Signed change to stock on hand. */
  readonly delta: number;
  readonly reason: 'adjustment' | 'sale' | 'refund' | 'import' | 'initial';
  readonly note: string | null;
  /** Staff user id or 'system'. */
  readonly by: string;
  readonly orderId: string | null;
  readonly at: Date;
}
