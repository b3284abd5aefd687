import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text of a PDF, as poppler's `pdftotext -layout` reads it. */
export const pdfText = async (pdf: Uint8Array): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'mostrador-pdf-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'doc.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/** Rasterizes the first page with `pdftoppm` and decodes every QR code on it with `zbarimg`. */
export const decodeQrCodes = async (pdf: Uint8Array, dpi = 200): Promise<string[]> => {
  const dir = await mkdtemp(join(tmpdir(), 'mostrador-qr-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-png', join(dir, 'doc.pdf'), join(dir, 'page')]);
    const [png] = (await readdir(dir)).filter((name) => name.endsWith('.png'));
    if (!png) throw new Error('pdftoppm wrote no page');
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', join(dir, png)]);
    return stdout.split('\n').filter((line) => line.length > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
