import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDependencyRule } from '../dependency-rule.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtureRoot = fileURLToPath(new URL('./fixtures/violations', import.meta.url));

describe('dependency rule', () => {
  it('holds for the whole repository', () => {
    expect(checkDependencyRule(repoRoot)).toEqual([]);
  });

  it('catches every kind of violation in a fixture tree', () => {
    const found = checkDependencyRule(fixtureRoot).map((v) => `${v.file.split('/').slice(1).join('/')}:${v.line} ${v.specifier}`);
    expect(found.sort()).toEqual(
      [
        'adapters-a/src/index.ts:2 @mostrador/adapters-b',
        'adapters-a/src/index.ts:3 ../../core/src/fine.js',
        'app/src/main.ts:2 @mostrador/testkit',
        'core/src/bad.ts:1 node:fs',
        'core/src/bad.ts:2 @mostrador/adapters-a',
        'core/src/bad.ts:3 zod',
        'testkit/src/index.ts:1 @mostrador/adapters-a',
      ].sort(),
    );
  });

  it('allows relative imports inside a package, core in adapters and vendor SDKs', () => {
    const files = checkDependencyRule(fixtureRoot).map((v) => v.specifier);
    expect(files).not.toContain('./fine.js');
    expect(files).not.toContain('@mostrador/core');
    expect(files).not.toContain('grammy');
  });
});

describe('package manifests', () => {
  it('core declares no runtime dependencies', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync(new URL('../../packages/core/package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
  });
});
