import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

/** The type checker and the linter are part of the test suite, so CI refuses what they refuse. */
describe('code quality gates', () => {
  it('type-checks the whole workspace in strict mode', async () => {
    const result = await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout.trim()).toBe('');
  }, 180_000);

  it('passes the Biome formatter and linter', async () => {
    const result = await run(bin('biome'), ['check', '.', '--max-diagnostics=20'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
      () => 'ok',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(result).toBe('ok');
  }, 60_000);
});
