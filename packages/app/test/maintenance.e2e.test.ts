import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

describe('one-shot CLI commands on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrate applies the schema and exits', async () => {
    const run = runCli(['migrate'], { MOSTRADOR_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(await run.exited(), run.output()).toBe(0);
    expect(run.output()).toMatch(/database schema: \d+ migrations applied, 0 pending/);
  }, 120_000);

  it('staff:create refuses to run without STAFF_PASSWORD and never takes a password argument', async () => {
    const run = runCli(['staff:create', '--email', 'ana@shop.example', '--name', 'Ana', '--role', 'manager'], {
      MOSTRADOR_DATA_DIR: dataDir,
    });
    expect(await run.exited()).toBe(2);
    expect(run.output()).toContain('STAFF_PASSWORD');
  });

  it('staff:create creates the account, and a second time reports the email as taken', async () => {
    const env = { MOSTRADOR_DATA_DIR: dataDir, LOG_LEVEL: 'info', STAFF_PASSWORD: 'correct-horse-battery' };
    const args = ['staff:create', '--email', 'Ana@Shop.example', '--name', 'Ana', '--role', 'manager'];
    const first = runCli(args, env);
    expect(await first.exited(), first.output()).toBe(0);
    expect(first.output()).toContain('created staff user ana@shop.example (manager)');
    expect(first.output()).not.toContain('correct-horse-battery');

    const second = runCli(args, env);
    expect(await second.exited()).toBe(1);
    expect(second.output()).toMatch(/already|taken/i);
  }, 120_000);
});
