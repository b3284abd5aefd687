import { readFileSync } from 'node:fs';
import { bindToken, type DocumentRenderer, type Startable, TOKENS, token } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { dataUrl } from './templates/html.js';
import { WeasyPrintRenderer } from './weasyprint-renderer.js';

export const PDF_TOKENS = {
  /** The concrete renderer (also bound as `TOKENS.DocumentRenderer` and a `TOKENS.Startable`). */
  Renderer: token<WeasyPrintRenderer>('pdf.Renderer'),
} as const;

export const PdfModuleOptionsSchema = z.strictObject({
  mode: z.enum(['auto', 'worker', 'process']).default('auto'),
  concurrency: z.number().int().min(1).max(16).default(1),
  maxQueue: z.number().int().min(1).max(10_000).default(64),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
  python: z.string().min(1).default('/usr/bin/python3'),
  command: z.string().min(1).default('weasyprint'),
  /** The shop's logo (PNG, JPEG or SVG file), printed on every document; absent: a monogram. */
  logoFile: z.string().min(1).optional(),
});

export type PdfModuleOptions = z.input<typeof PdfModuleOptionsSchema>;

const MAX_LOGO_BYTES = 1_000_000;

/** The logo as a data: URL, by its content (never by its name). Throws naming `logoFile`. */
export const logoDataUrl = (path: string): string => {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new TypeError(
      `invalid PDF adapter options: logoFile ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (bytes.length > MAX_LOGO_BYTES) throw new TypeError(`invalid PDF adapter options: logoFile is larger than ${MAX_LOGO_BYTES} bytes`);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return dataUrl('image/png', bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return dataUrl('image/jpeg', bytes);
  if (/<svg[\s>]/i.test(bytes.subarray(0, 2048).toString('utf8'))) return dataUrl('image/svg+xml', bytes);
  throw new TypeError('invalid PDF adapter options: logoFile must be a PNG, JPEG or SVG image');
};

/**
 * The PDF adapter's registration: validates `options` now and binds `TOKENS.DocumentRenderer`
 * (WeasyPrintRenderer) and a `TOKENS.Startable` (phase `prepare`) that finds WeasyPrint and starts
 * its workers, failing the start with how to install it when it is missing.
 */
export function pdfModule(options: PdfModuleOptions = {}): ContainerModule {
  const parsed = PdfModuleOptionsSchema.safeParse(options);
  if (!parsed.success) throw new TypeError(`invalid PDF adapter options:\n${z.prettifyError(parsed.error)}`);
  const { logoFile, ...config } = parsed.data;
  const logo = logoFile ? logoDataUrl(logoFile) : null;
  return new ContainerModule((load) => {
    bindToken(load, PDF_TOKENS.Renderer)
      .toDynamicValue(() => new WeasyPrintRenderer({ ...config, assets: { logo } }))
      .inSingletonScope();
    bindToken<DocumentRenderer>(load, TOKENS.DocumentRenderer).toService(PDF_TOKENS.Renderer);
    bindToken<Startable>(load, TOKENS.Startable).toService(PDF_TOKENS.Renderer);
  });
}
