import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = fileURLToPath(new URL('../src', import.meta.url));

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );

describe('core names no channel', () => {
  it('has no file under src that mentions a particular messaging app, comments included', () => {
    const files = filesUnder(SOURCE);
    const mentions = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (/telegram|whatsapp/i.test(line) ? [`${relative(SOURCE, file)}:${index + 1}: ${line.trim()}`] : [])),
    );

    expect(files.length).toBeGreaterThan(50);
    expect(mentions).toEqual([]);
  });
});
