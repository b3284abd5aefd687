/**
 * The dependency rule of the architecture map, as code:
 * - core imports nothing outside itself: no npm package, no node: module;
 * - an adapter imports core and its own vendor SDKs, never another adapter, the app or the testkit;
 * - the testkit may import core, never an adapter or the app;
 * - the app may import everything, but the testkit only lazily (`await import(...)`) so that
 *   production start never loads emulators;
 * - no relative import may climb out of its package.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly rule: string;
}

interface ImportSite {
  readonly specifier: string;
  readonly line: number;
  readonly dynamic: boolean;
  readonly typeOnly: boolean;
}

const IMPORT_PATTERNS: readonly { regex: RegExp; dynamic: boolean }[] = [
  { regex: /^\s*(import|export)\s+(type\s+)?[^'"]*?\s+from\s+['"]([^'"]+)['"]/gm, dynamic: false },
  { regex: /^\s*import\s+['"]([^'"]+)['"]/gm, dynamic: false },
  { regex: /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, dynamic: true },
  { regex: /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, dynamic: false },
];

export function findImports(source: string): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const { regex, dynamic } of IMPORT_PATTERNS) {
    for (const match of source.matchAll(regex)) {
      const specifier = match[3] ?? match[1] ?? '';
      const typeOnly = Boolean(match[2]);
      const line = source.slice(0, match.index).split('\n').length;
      sites.push({ specifier, line, dynamic, typeOnly });
    }
  }
  return sites;
}

const sourceFiles = (dir: string): string[] => {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
};

const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);

function ruleFor(folder: string, site: ImportSite, fileDir: string, packageDir: string): string | null {
  const { specifier } = site;
  if (specifier.startsWith('.')) {
    const target = resolve(fileDir, specifier);
    return target === packageDir || target.startsWith(packageDir + sep) ? null : 'a relative import must not leave its package';
  }
  const name = packageOf(specifier);
  if (folder === 'core') {
    return 'core imports no package, framework, SDK or node: module';
  }
  if (folder.startsWith('adapters-')) {
    if (name === '@mostrador/core') return null;
    if (name === `@mostrador/${folder}`) return null;
    if (name.startsWith('@mostrador/')) return `an adapter imports only @mostrador/core, not ${name}`;
    return null;
  }
  if (folder === 'testkit') {
    if (name.startsWith('@mostrador/') && name !== '@mostrador/core' && name !== '@mostrador/testkit')
      return `the testkit imports only @mostrador/core, not ${name}`;
    return null;
  }
  if (folder === 'app') {
    if (name === '@mostrador/testkit' && !site.dynamic && !site.typeOnly)
      return 'the app loads the testkit only lazily (await import) so production start never loads emulators';
    return null;
  }
  return null;
}

/** Checks every package's production sources (`src/`) under `root/packages`. */
export function checkDependencyRule(root: string): Violation[] {
  const packagesDir = join(root, 'packages');
  const violations: Violation[] = [];
  for (const folder of readdirSync(packagesDir)) {
    const packageDir = join(packagesDir, folder);
    for (const file of sourceFiles(join(packageDir, 'src'))) {
      for (const site of findImports(readFileSync(file, 'utf8'))) {
        const rule = ruleFor(folder, site, dirname(file), packageDir);
        if (rule) violations.push({ file: relative(root, file), line: site.line, specifier: site.specifier, rule });
      }
    }
  }
  return violations;
}
