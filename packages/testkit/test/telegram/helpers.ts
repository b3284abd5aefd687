import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelegramEmulator } from '../../src/telegram/index.js';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: {
    ok: boolean;
    result?: T;
    error_code?: number;
    description?: string;
    parameters?: { retry_after?: number };
  };
}

/** A Bot API call with plain fetch and a JSON body. */
export async function api<T = unknown>(
  emulator: TelegramEmulator,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${emulator.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer<T>['body'] };
}

/** Unwraps a successful answer, failing loudly with Telegram's description otherwise. */
export async function ok<T = unknown>(
  emulator: TelegramEmulator,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  const answer = await api<T>(emulator, token, method, params);
  if (!answer.body.ok) throw new Error(`${method} failed: ${answer.status} ${answer.body.description}`);
  return answer.body.result as T;
}

export interface FilePart {
  name: string;
  filename: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Builds a multipart body by hand. 'grammy' mimics grammY's terse headers
 * (lower-case, no spaces, unquoted file name); 'rfc' is the browser form.
 */
export function multipartBody(
  fields: Record<string, string>,
  files: FilePart[],
  style: 'grammy' | 'rfc' = 'rfc',
): { body: Buffer; contentType: string } {
  const boundary = `----------boundary${Math.random().toString(36).slice(2)}`;
  const chunks: Buffer[] = [];
  const push = (value: string | Buffer): void => {
    chunks.push(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  };
  const parts: Array<() => void> = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(() =>
      push(
        style === 'grammy'
          ? `content-disposition:form-data;name="${name}"\r\n\r\n${value}`
          : `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`,
      ),
    );
  }
  for (const file of files) {
    parts.push(() => {
      push(
        style === 'grammy'
          ? `content-disposition:form-data;name="${file.name}";filename=${file.filename}\r\ncontent-type:${file.contentType ?? 'application/octet-stream'}\r\n\r\n`
          : `Content-Disposition: form-data; name="${file.name}"; filename="${file.filename.replace(/["\\]/g, '\\$&')}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      );
      push(file.data);
    });
  }
  push(`--${boundary}\r\n`);
  parts.forEach((write, index) => {
    if (index > 0) push(`\r\n--${boundary}\r\n`);
    write();
  });
  push(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A 1x1 PNG. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f80f0000010101005b1f2c2e0000000049454e44ae426082',
  'hex',
);

/** PNG header for a 1600x1200 image followed by every byte value, CRLFs and boundary-like runs. */
export function trickyPng(): Buffer {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const size = Buffer.alloc(8);
  size.writeUInt32BE(1600, 0);
  size.writeUInt32BE(1200, 4);
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  return Buffer.concat([header, size, all, Buffer.from('\r\n--\r\n----------boundary\r\n\r\n'), all]);
}

export interface RecordedHook {
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A local webhook receiver whose answers a test scripts (status codes, then 200). */
export async function webhookReceiver(
  statuses: number[],
  reply?: (body: unknown) => unknown,
): Promise<{ url: string; hits: RecordedHook[]; close(): Promise<void> }> {
  const hits: RecordedHook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      hits.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      const answer = status === 200 && reply ? reply(body) : undefined;
      if (answer !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      } else {
        res.writeHead(status);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
