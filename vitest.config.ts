import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'tools/test/**/*.test.ts'],
    pool: 'forks',
    // Two cores: database-heavy files contend for PostgreSQL; keep a modest parallelism.
    maxWorkers: 2,
    testTimeout: 30_000,
    // CI asks for a machine-readable report to print its closing "N passed, N failed" line.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : {},
    hookTimeout: 60_000,
  },
});
