import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * @mostrador/app as someone outside the repository gets it: the packages are compiled, packed
 * with `pnpm pack` (which turns `workspace:*` into versions and `publishConfig.exports` into the
 * exports), installed from the tarballs into an empty folder, and used from there: the public
 * entry imported by plain Node and by the TypeScript compiler, and the `mostrador` bin run.
 *
 * Nothing is written inside the repository: the build goes to a temporary folder and each package
 * is packed from a staged copy (its package.json, dist/ and bin/) in a temporary pnpm workspace.
 * The install reuses the repository's pnpm store and prefers it to the registry.
 */

const execFileAsync = promisify(execFile);

/** Runs a command; a failure carries what the command printed, so the test report shows why. */
const run = async (file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) => {
  try {
    return await execFileAsync(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
};
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const PNPM = ['-y', 'pnpm@12.4.2'];
/** What @mostrador/app needs installed: itself and the workspace packages it depends on. */
const PACKAGES = [
  'core',
  'adapters-persistence',
  'adapters-http',
  'adapters-pdf',
  'adapters-telegram',
  'adapters-jobs',
  'adapters-payments',
  'adapters-invoicing',
  'adapters-ai',
  'testkit',
  'app',
] as const;

const pnpm = (args: readonly string[], cwd: string) => run('npx', [...PNPM, ...args], { cwd });

let work = '';
let consumer = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mostrador-pack-'));
  const out = join(work, 'out');
  const stage = join(work, 'stage');
  const tarballs = join(work, 'tarballs');
  consumer = join(work, 'consumer');

  // One compiler run for all the packages (faster than one each); each package's src/ lands in out/<package>/src.
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: join(repo, 'tsconfig.base.json'),
      compilerOptions: { rootDir: join(repo, 'packages'), outDir: out, sourceMap: false, typeRoots: [join(repo, 'node_modules/@types')] },
      include: PACKAGES.map((name) => join(repo, 'packages', name, 'src/**/*.ts')),
    }),
  );
  await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json')], { cwd: repo });

  // A throwaway workspace of the staged packages, linked to each other as `pnpm install` would, so
  // `pnpm pack` can resolve their `workspace:` ranges.
  mkdirSync(stage, { recursive: true });
  writeFileSync(join(stage, 'pnpm-workspace.yaml'), "packages:\n  - '*'\n");
  for (const name of PACKAGES) {
    const source = join(repo, 'packages', name);
    const target = join(stage, name);
    mkdirSync(join(target, 'node_modules/@mostrador'), { recursive: true });
    cpSync(join(source, 'package.json'), join(target, 'package.json'));
    cpSync(join(out, name, 'src'), join(target, 'dist'), { recursive: true });
    if (name === 'app') cpSync(join(source, 'bin'), join(target, 'bin'), { recursive: true });
    // The WeasyPrint worker is a Python file next to the compiled code (its package's build copies it too).
    if (name === 'adapters-pdf') {
      mkdirSync(join(target, 'dist/worker'), { recursive: true });
      cpSync(join(source, 'src/worker/weasyprint_worker.py'), join(target, 'dist/worker/weasyprint_worker.py'));
    }
    for (const other of PACKAGES)
      if (other !== name) symlinkSync(join(stage, other), join(target, 'node_modules/@mostrador', other), 'dir');
  }
  for (const name of PACKAGES) await pnpm(['pack', '--pack-destination', tarballs], join(stage, name));

  // An empty project that depends on the app's tarball only; the other packages come from theirs.
  const tarball = (name: string): string => `file:${join(tarballs, `mostrador-${name}-0.1.0.tgz`)}`;
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { '@mostrador/app': tarball('app') } }),
  );
  writeFileSync(
    join(consumer, 'pnpm-workspace.yaml'),
    `overrides:\n${PACKAGES.filter((name) => name !== 'app')
      .map((name) => `  "@mostrador/${name}": "${tarball(name)}"\n`)
      .join('')}` +
      // BullMQ's msgpackr builds an optional native addon; pnpm 12 refuses unapproved build scripts.
      'allowBuilds:\n  msgpackr-extract: true\n',
  );
  const store = (await pnpm(['store', 'path'], repo)).stdout.trim();
  // No lockfile to freeze (CI=true would ask for one): the tarballs and their registry ranges decide.
  await pnpm(['install', '--no-frozen-lockfile', '--prefer-offline', '--store-dir', store], consumer);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('@mostrador/app from its packed tarball, installed in an empty folder', () => {
  it('packs publishable manifests: no workspace: ranges, exports and bin pointing at files in the tarball', async () => {
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/@mostrador/app/package.json'), 'utf8'));
    expect(JSON.stringify(manifest.dependencies)).not.toContain('workspace:');
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(manifest.bin).toEqual({ mostrador: './bin/mostrador.js' });
    const installed = readdirSync(join(consumer, 'node_modules/@mostrador/app/dist'));
    expect(installed).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'cli.js']));
  });

  it('its public entry imports in plain Node: the config loader, compose and the modules, composing the reference app', async () => {
    const script = `
      import * as app from '@mostrador/app';
      const config = app.loadConfig({ MOSTRADOR_DATA_DIR: process.argv[1], LOG_LEVEL: 'silent' });
      const runtime = app.compose({ modules: app.modulesFromConfig(config) });
      console.log(JSON.stringify({
        functions: ['compose', 'coreModule', 'loadConfig', 'modulesFromConfig', 'persistenceModuleFromConfig', 'httpModuleFromConfig', 'createLogger']
          .filter((name) => typeof app[name] === 'function'),
        startables: runtime.startables.map((startable) => startable.phase + ' ' + startable.name),
      }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, join(work, 'data')], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual({
      functions: [
        'compose',
        'coreModule',
        'loadConfig',
        'modulesFromConfig',
        'persistenceModuleFromConfig',
        'httpModuleFromConfig',
        'createLogger',
      ],
      startables: [
        'storage persistence (pglite)',
        'prepare pdf renderer',
        'prepare invoicing (off)',
        'serve http',
        'connect chat drivers',
        'connect notification workers',
        'connect job queue (database, pglite)',
        'connect photo search index',
        'connect outbox dispatcher',
        'connect job scheduler',
      ],
    });
  });

  it('its type declarations resolve for a TypeScript consumer', async () => {
    writeFileSync(
      join(consumer, 'main.ts'),
      [
        "import { type AppRuntime, compose, coreModule, loadConfig, persistenceModuleFromConfig } from '@mostrador/app';",
        "const config = loadConfig({ LOG_LEVEL: 'silent' });",
        'const runtime: AppRuntime = compose({ modules: [coreModule(), persistenceModuleFromConfig(config)] });',
        'const port: number = config.PORT;',
        'export { port, runtime };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          typeRoots: [join(repo, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['main.ts'],
      }),
    );
    const compiled = await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', consumer], { cwd: consumer }).then(
      () => 'no errors',
      (error: Error) => error.message,
    );
    expect(compiled).toBe('no errors');
  });

  it('`mostrador config` runs from node_modules/.bin on the compiled JavaScript', async () => {
    const { stdout } = await run(join(consumer, 'node_modules/.bin/mostrador'), ['config'], {
      cwd: consumer,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(stdout).toMatch(/^\| variable \| default \| meaning \|/);
    expect(stdout).toContain('| `DATABASE_URL` | — |');
  });
});
