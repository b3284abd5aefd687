import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/*
 * The HTTP transport under grammY's Bot API client (its `client.fetch` option). grammY's default
 * is node-fetch 2, which builds a WHATWG Request, Headers, an abort-controller shim and a body
 * stream around every call; a chat turn makes two or three calls, so that wrapping was a visible
 * share of a webhook update's CPU. The client only ever POSTs a JSON string or a multipart stream
 * and reads the answer with `json()`, so this is `http.request` on keep-alive agents and nothing
 * more. Failures keep node's error codes (ECONNREFUSED, ECONNRESET…): the channel's error
 * mapping reads them to tell a request that never left from one whose fate is unknown.
 */

/** What grammY's client passes to `fetch`. */
export interface BotApiRequestInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array> | null;
  readonly signal?: AbortSignal | null;
}

/** What grammY's client reads of the answer. */
export interface BotApiResponse {
  readonly status: number;
  readonly ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export type BotApiFetch = (url: string | URL, init?: BotApiRequestInit) => Promise<BotApiResponse>;

/** The error an aborted call rejects with (the name node-fetch and WHATWG fetch use). */
const abortError = (): Error => Object.assign(new Error('the Bot API request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

const readAll = (response: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    response.once('error', reject);
    response.once('aborted', () => reject(Object.assign(new Error('the Bot API response was cut off'), { code: 'ECONNRESET' })));
  });

const isStream = (body: unknown): body is NodeJS.ReadableStream =>
  typeof body === 'object' && body !== null && typeof (body as NodeJS.ReadableStream).pipe === 'function';

/**
 * A `fetch` for grammY's client over keep-alive agents of its own, one per protocol (node unrefs
 * idle keep-alive sockets, so they never hold a stopping process open). The answer is read whole
 * before `json()` resolves, so an aborted or cut-off call rejects instead of leaving a half-read body.
 */
export function createBotApiFetch(): BotApiFetch {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  return (input, init = {}) =>
    new Promise<BotApiResponse>((resolve, reject) => {
      const url = typeof input === 'string' ? new URL(input) : input;
      const signal = init.signal ?? null;
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const secure = url.protocol === 'https:';
      const body = init.body ?? null;
      const headers: Record<string, string | number> = { ...init.headers };
      if (typeof body === 'string') headers['content-length'] = Buffer.byteLength(body);
      else if (body instanceof Uint8Array) headers['content-length'] = body.byteLength;

      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http },
        (response) => {
          const status = response.statusCode ?? 0;
          readAll(response).then((bytes) => {
            if (settled) return;
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            const text = async (): Promise<string> => bytes.toString('utf8');
            resolve({ status, ok: status >= 200 && status < 300, text, json: async () => JSON.parse(bytes.toString('utf8')) as unknown });
          }, fail);
        },
      );
      const onAbort = (): void => {
        request.destroy(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.once('error', fail);

      if (body === null) request.end();
      else if (typeof body === 'string' || body instanceof Uint8Array) request.end(body);
      else {
        const stream = isStream(body) ? body : Readable.from(body as AsyncIterable<Uint8Array>);
        stream.once('error', (error: Error) => request.destroy(error));
        stream.pipe(request);
      }
    });
}
