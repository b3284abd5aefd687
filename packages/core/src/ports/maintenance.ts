/**
 * Deleting what is no longer needed, run by the housekeeping jobs. Each call deletes at most
 * `limit` rows (so one run never holds a long transaction) and returns how many it deleted;
 * the job calls again while a full batch came back.
 *
 * Example: `pruneProcessedUpdates(twoDaysAgo, 5_000)` → 5000, then 1234, then 0.
 */
export interface MaintenanceStore {
  /** Records of channel updates seen before `before` (a redelivery that late no longer happens). */
  pruneProcessedUpdates(before: Date, limit: number): Promise<number>;
  /** Refresh tokens that expired before `before` (used, revoked or not: none can sign anyone in). */
  pruneRefreshTokens(before: Date, limit: number): Promise<number>;
}
