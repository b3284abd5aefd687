import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configMarkdownTable } from '../src/config-table.js';

describe('README', () => {
  it('documents every configuration variable exactly as the schema does', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- config-table:start -->');
    const end = readme.indexOf('<!-- config-table:end -->');
    expect(start).toBeGreaterThan(0);
    const table = readme.slice(start + '<!-- config-table:start -->'.length, end).trim();
    expect(table, 'run `pnpm mostrador config --markdown` and paste the table into README.md').toBe(configMarkdownTable());
  });

  it('keeps the two quick-start commands', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('npx -y pnpm@12.4.2 install && npx -y pnpm@12.4.2 demo');
    expect(readme).toContain('npx -y pnpm@12.4.2 install && npx -y pnpm@12.4.2 test');
  });
});
