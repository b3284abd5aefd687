import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersistence, type Persistence } from '../src/index.js';
import { createTestDatabase, openPGliteInMemory, type TestDatabase } from './support/databases.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-06T12:00:00.000Z');

let database: TestDatabase | null = null;
const opened: Record<string, Persistence> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const postgres = await createPersistence({ url: database.url });
  await postgres.migrate();
  opened.postgres = postgres;
  opened.pglite = (await openPGliteInMemory()).persistence;
}, 120_000);

afterAll(async () => {
  for (const persistence of Object.values(opened)) await persistence.close();
  await database?.drop();
});

describe.each(['postgres', 'pglite'])('TypeOrmMaintenanceStore (%s)', (name) => {
  it('prunes processed updates seen before the cut-off, in batches, and keeps the newer ones', async () => {
    const persistence = opened[name]!;
    const conversations = persistence.uow.repositories.conversations;
    for (let index = 0; index < 5; index++)
      await conversations.markProcessed('telegram', `old-${index}`, new Date(NOW.getTime() - 3 * DAY));
    await conversations.markProcessed('telegram', 'recent', new Date(NOW.getTime() - DAY));
    const before = new Date(NOW.getTime() - 2 * DAY);
    expect(await persistence.maintenance.pruneProcessedUpdates(before, 3)).toBe(3);
    expect(await persistence.maintenance.pruneProcessedUpdates(before, 3)).toBe(2);
    expect(await persistence.maintenance.pruneProcessedUpdates(before, 3)).toBe(0);
    // The recent one is still known: a redelivery of it is still refused.
    expect(await conversations.markProcessed('telegram', 'recent', NOW)).toBe(false);
    expect(await conversations.markProcessed('telegram', 'old-0', NOW)).toBe(true);
  });

  it('prunes refresh tokens that expired before the cut-off, used or not, and keeps live ones', async () => {
    const persistence = opened[name]!;
    const tokens = persistence.uow.repositories.refreshTokens;
    const record = (id: string, expiresAt: Date, usedAt: Date | null = null) => ({
      id: `${name}-${id}`,
      userId: 'u1',
      familyId: `${name}-f1`,
      tokenHash: `${name}-hash-${id}`,
      expiresAt,
      usedAt,
      revokedAt: null,
      createdAt: new Date(NOW.getTime() - 40 * DAY),
    });
    await tokens.save(record('expired', new Date(NOW.getTime() - DAY)));
    await tokens.save(record('expired-used', new Date(NOW.getTime() - DAY), new Date(NOW.getTime() - 2 * DAY)));
    await tokens.save(record('live', new Date(NOW.getTime() + DAY)));
    expect(await persistence.maintenance.pruneRefreshTokens(NOW, 100)).toBe(2);
    expect(await tokens.getByHash(`${name}-hash-expired`)).toBeNull();
    expect(await tokens.getByHash(`${name}-hash-live`)).not.toBeNull();
  });
});
