#!/usr/bin/env node
// The `mostrador` command of an installed @mostrador/app: it runs the compiled CLI (dist/), as
// nothing installs a TypeScript loader beside it. In the repository use `pnpm mostrador <command>`
// (which runs the sources), or build first: `pnpm --filter @mostrador/app build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('mostrador: dist/cli.js is missing; build the package first (pnpm --filter @mostrador/app build)\n');
  process.exit(1);
}
await import(cli.href);
