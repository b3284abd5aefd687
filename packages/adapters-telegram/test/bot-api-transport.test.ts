import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotApiFetch, createBotApiFetch } from '../src/bot-api-transport.js';

/** A local HTTP server that records what it received and answers with `answer`. */
interface Recorder {
  readonly url: string;
  readonly requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  connections: number;
  readonly closedRequests: string[];
  close(): Promise<void>;
}

let recorder: Recorder | undefined;

afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

const record = async (answer: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<Recorder> => {
  const state: Omit<Recorder, 'url' | 'close'> = { requests: [], connections: 0, closedRequests: [] };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    response.once('close', () => {
      if (!response.writableFinished) state.closedRequests.push(request.url ?? '');
    });
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      answer(request, response, body);
    });
  });
  server.on('connection', () => {
    (state as { connections: number }).connections += 1;
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  });
};

const okJson = (_request: IncomingMessage, response: ServerResponse, body: string): void => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { echoed: body } }));
};

const failureOf = async (call: Promise<unknown>): Promise<Error & { code?: string }> => {
  try {
    await call;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('the call did not fail');
};

describe('the Bot API transport under grammY', () => {
  let fetch: BotApiFetch;

  it('posts a JSON body with its length and reads the answer; calls in a row share one kept-alive connection', async () => {
    recorder = await record(okJson);
    fetch = createBotApiFetch();
    const payload = JSON.stringify({ chat_id: 7, text: 'Hola ñandú 🧉' });

    const first = await fetch(`${recorder.url}/bot1:abc/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    const second = await fetch(`${recorder.url}/bot1:abc/getMe`, { method: 'POST', headers: {}, body: '{}' });

    expect(first.status).toBe(200);
    expect(first.ok).toBe(true);
    expect(await first.json()).toEqual({ ok: true, result: { echoed: payload } });
    expect(await second.json()).toEqual({ ok: true, result: { echoed: '{}' } });
    expect(recorder.requests.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/bot1:abc/sendMessage'],
      ['POST', '/bot1:abc/getMe'],
    ]);
    expect(recorder.requests[0]?.headers['content-length']).toBe(String(Buffer.byteLength(payload)));
    expect(recorder.connections).toBe(1);
  });

  it('streams a multipart body (an upload) whole', async () => {
    recorder = await record(okJson);
    fetch = createBotApiFetch();
    const parts = ['--b\r\n', 'content-disposition: form-data; name="document"\r\n\r\n', 'x'.repeat(200_000), '\r\n--b--\r\n'];

    const response = await fetch(`${recorder.url}/bot1:abc/sendDocument`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: Readable.from(parts.map((part) => Buffer.from(part))),
    });

    expect(response.status).toBe(200);
    expect(recorder.requests[0]?.body).toBe(parts.join(''));
    expect(recorder.requests[0]?.headers['transfer-encoding']).toBe('chunked');
  });

  it('gives an error answer to grammY as it came (the status and the Bot API body)', async () => {
    recorder = await record((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }),
      );
    });
    fetch = createBotApiFetch();

    const response = await fetch(`${recorder.url}/bot1:abc/sendMessage`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(await response.json()).toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });
  });

  it('rejects json() for an answer that is not JSON (a proxy error page), with the text still readable', async () => {
    recorder = await record((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
    });
    fetch = createBotApiFetch();

    const response = await fetch(`${recorder.url}/bot1:abc/getMe`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(502);
    await expect(response.json()).rejects.toThrow(SyntaxError);
    expect(await response.text()).toContain('Bad Gateway');
  });

  it('an abort before the call sends nothing; an abort while waiting ends the request on the server too', async () => {
    const held: ServerResponse[] = [];
    recorder = await record((_request, response) => {
      held.push(response);
    });
    fetch = createBotApiFetch();

    const early = await failureOf(
      fetch(`${recorder.url}/bot1:abc/getUpdates`, { method: 'POST', body: '{}', signal: AbortSignal.abort() }),
    );
    expect(early.name).toBe('AbortError');
    expect(recorder.requests).toHaveLength(0);

    const controller = new AbortController();
    const waiting = fetch(`${recorder.url}/bot1:abc/getUpdates`, { method: 'POST', body: '{"timeout":30}', signal: controller.signal });
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();

    const late = await failureOf(waiting);
    expect(late.name).toBe('AbortError');
    while (recorder.closedRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(recorder.closedRequests).toEqual(['/bot1:abc/getUpdates']);
  });

  it('a refused connection keeps its system code (the request never left) and names no path, which holds the token', async () => {
    recorder = await record(okJson);
    const closedUrl = recorder.url;
    await recorder.close();
    recorder = undefined;
    fetch = createBotApiFetch();

    const refused = await failureOf(fetch(`${closedUrl}/bot123456:secret-token-part/sendMessage`, { method: 'POST', body: '{}' }));

    expect(refused.code).toBe('ECONNREFUSED');
    expect(refused.message).not.toContain('secret-token-part');
  });

  it('an answer cut off halfway rejects (delivery in doubt) instead of resolving with half a body', async () => {
    recorder = await record((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"ok":true,"result":');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    fetch = createBotApiFetch();

    const cut = await failureOf(fetch(`${recorder.url}/bot1:abc/sendMessage`, { method: 'POST', body: '{}' }));

    expect(cut.code).toBe('ECONNRESET');
  });
});
