import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ChatCompletionRequest,
  ChatContentPart,
  ChatMessage,
  ChatToolCall,
  ModelResponder,
  RecordedChatRequest,
  RecordedImage,
  RecordedToolResult,
  ScriptedReply,
} from './types.js';

export interface OpenAiEmulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Keys the emulator accepts. Default: one generated key, `emulator.apiKey`. */
  readonly apiKeys?: readonly string[];
  /** Model names it serves (an unknown one answers 404 `model_not_found`). Default: any name. */
  readonly models?: readonly string[];
  /** Largest request body accepted (bytes). Default 20 MB, like a large vision request. */
  readonly maxBodyBytes?: number;
}

interface Fault {
  readonly reply: ScriptedReply | null;
  readonly delayMs: number;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** The API's error envelope. */
const apiError = (message: string, type: string, code: string | null, param: string | null = null) => ({
  error: { message, type, param, code },
});

/** How the real API shows a wrong key: never the whole key. */
const maskKey = (key: string): string =>
  key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`;

/** A rough token count (4 characters a token), enough for usage figures and budgets. */
const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** The text of a message's content (its text parts joined). */
const textOf = (content: string | readonly ChatContentPart[] | null | undefined): string => {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content
    .filter((part): part is Extract<ChatContentPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
};

const decodeImage = (url: string): RecordedImage => {
  const data = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
  if (!data) return { url, mimeType: null, bytes: null };
  const bytes = data[2] ? Buffer.from(data[3] ?? '', 'base64') : Buffer.from(decodeURIComponent(data[3] ?? ''), 'utf8');
  return { url: `${url.slice(0, 40)}…`, mimeType: data[1] ?? null, bytes: new Uint8Array(bytes) };
};

/**
 * A local OpenAI-compatible server for tests and the demo: `POST /v1/chat/completions` (and
 * `GET /v1/models`) with the real response shapes (`choices[].message` with `content` or
 * `tool_calls`, `finish_reason`, `usage`) and the real error bodies (401 `invalid_api_key`, 429
 * `rate_limit_exceeded` with `retry-after`, 500 `server_error`, 400 for malformed requests,
 * including tool messages that answer no preceding tool call). Point the `openai` SDK at it:
 * `new OpenAI({ baseURL: emulator.baseURL, apiKey: emulator.apiKey, maxRetries: 0 })`.
 *
 * What the "model" answers is scripted: `script(...replies)` queues answers for the next
 * requests, `respondWith(model)` decides for every request after the queue is empty (see
 * `scriptedModels`). Nothing scripted is a 500 naming the problem, never an invented answer.
 * Every request is recorded (`requests`): tools offered, tool results sent back, images.
 */
export class OpenAiEmulator {
  readonly apiKey: string;
  private readonly keys: Set<string>;
  private readonly queue: ScriptedReply[] = [];
  private readonly faults: Fault[] = [];
  private responder: ModelResponder | null = null;
  private server: Server | undefined;
  private origin: string | undefined;
  private sequence = 0;
  readonly requests: RecordedChatRequest[] = [];

  constructor(private readonly options: OpenAiEmulatorOptions = {}) {
    this.apiKey = options.apiKeys?.[0] ?? `sk-emulator-${randomBytes(12).toString('hex')}`;
    this.keys = new Set(options.apiKeys ?? [this.apiKey]);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, apiError(`openai emulator: ${(error as Error).message}`, 'server_error', null));
        else res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    this.origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** `http://127.0.0.1:<port>/v1`: the SDK's `baseURL`. */
  get baseURL(): string {
    if (!this.origin) throw new Error('OpenAiEmulator is not started: await emulator.start() first');
    return `${this.origin}/v1`;
  }

  /** Queues the answers to the next requests, in order. */
  script(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** The model that answers every request once the scripted queue is empty. */
  respondWith(model: ModelResponder | null): this {
    this.responder = model;
    return this;
  }

  /** The next `count` requests fail with `reply` (e.g. `{ error: 429, retryAfterSeconds: 2 }`), before any model sees them. */
  failNext(count: number, reply: Extract<ScriptedReply, { error: number }>): this {
    for (let i = 0; i < count; i++) this.faults.push({ reply, delayMs: 0 });
    return this;
  }

  /** The next `count` requests are answered only after `delayMs` (a slow provider). */
  slowNext(count: number, delayMs: number): this {
    for (let i = 0; i < count; i++) this.faults.push({ reply: null, delayMs });
    return this;
  }

  /** Forgets recorded requests, queued replies, faults and the model. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.faults.length = 0;
    this.responder = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    if (url.pathname.startsWith('/v1/') && (!auth || !this.keys.has(auth))) {
      await this.drain(req);
      json(
        res,
        401,
        apiError(
          auth
            ? `Incorrect API key provided: ${maskKey(auth)}. You can find your API key at https://platform.openai.com/account/api-keys.`
            : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          'invalid_request_error',
          auth ? 'invalid_api_key' : null,
        ),
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      const models = this.options.models ?? ['gpt-4o-mini', 'gpt-4o'];
      json(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'mostrador-emulator' })),
      });
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      await this.drain(req);
      json(res, 404, apiError(`Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null));
      return;
    }
    const raw = await this.body(req);
    if (raw === null) {
      json(res, 413, apiError('Request too large.', 'invalid_request_error', 'request_too_large'));
      return;
    }
    let body: ChatCompletionRequest;
    try {
      body = JSON.parse(raw) as ChatCompletionRequest;
    } catch {
      json(res, 400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
      return;
    }
    const problem = this.validate(body);
    if (problem) {
      json(res, 400, apiError(problem.message, 'invalid_request_error', null, problem.param));
      return;
    }
    if (this.options.models && !this.options.models.includes(body.model)) {
      json(
        res,
        404,
        apiError(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'),
      );
      return;
    }
    const recorded = this.record(body, auth);
    const fault = this.faults.shift();
    if (fault?.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (res.destroyed || req.destroyed) {
        recorded.status = 499;
        return;
      }
    }
    const reply = fault?.reply ?? this.queue.shift() ?? (this.responder ? await this.responder(recorded) : null);
    this.answer(res, body, recorded, reply);
  }

  private answer(res: ServerResponse, body: ChatCompletionRequest, recorded: RecordedChatRequest, reply: ScriptedReply | null): void {
    if (reply === null) {
      recorded.status = 500;
      json(
        res,
        500,
        apiError('openai emulator: no answer scripted for this request (use script() or respondWith())', 'server_error', null),
      );
      return;
    }
    if ('error' in reply) {
      recorded.status = reply.error;
      if (reply.error === 429) {
        const retryAfter = reply.retryAfterSeconds ?? 1;
        json(
          res,
          429,
          apiError(
            `Rate limit reached for ${body.model} in organization org-emulator on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${retryAfter}s.`,
            'requests',
            'rate_limit_exceeded',
          ),
          {
            'retry-after': String(retryAfter),
            'x-ratelimit-limit-requests': '3',
            'x-ratelimit-remaining-requests': '0',
            'x-ratelimit-reset-requests': `${retryAfter}s`,
          },
        );
      } else if (reply.error === 400) json(res, 400, apiError(reply.message, 'invalid_request_error', null));
      else
        json(res, reply.error, apiError('The server had an error while processing your request. Sorry about that!', 'server_error', null));
      return;
    }
    const id = `chatcmpl-emu${(++this.sequence).toString().padStart(6, '0')}`;
    let message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: ChatToolCall[] };
    let finishReason: string;
    if ('toolCalls' in reply) {
      const calls: ChatToolCall[] = reply.toolCalls.map((call, index) => ({
        id: call.id ?? `call_${this.sequence}_${index}`,
        type: 'function',
        function: {
          name: call.name,
          arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
        },
      }));
      message = { role: 'assistant', content: reply.text ?? null, refusal: null, tool_calls: calls };
      finishReason = 'tool_calls';
    } else if ('json' in reply) {
      message = { role: 'assistant', content: JSON.stringify(reply.json), refusal: null };
      finishReason = 'stop';
    } else {
      message = { role: 'assistant', content: reply.text, refusal: null };
      finishReason = reply.finishReason ?? 'stop';
    }
    const promptTokens = tokens(JSON.stringify(body.messages)) + (body.tools ? tokens(JSON.stringify(body.tools)) : 0);
    const completionTokens = tokens(JSON.stringify(message));
    recorded.status = 200;
    json(res, 200, {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      system_fingerprint: 'fp_emulator',
      service_tier: 'default',
    });
  }

  /** The checks the real API makes before a model sees the request. */
  private validate(body: ChatCompletionRequest): { message: string; param: string } | null {
    if (typeof body !== 'object' || body === null) return { message: 'The body must be a JSON object.', param: '' };
    if (typeof body.model !== 'string' || body.model === '') return { message: 'you must provide a model parameter', param: 'model' };
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", param: 'messages' };
    if (body.stream) return { message: 'The emulator does not stream; send stream: false.', param: 'stream' };
    const pending = new Set<string>();
    for (const [index, message] of body.messages.entries()) {
      if (!message || typeof message !== 'object' || !['system', 'developer', 'user', 'assistant', 'tool'].includes(message.role))
        return { message: `Invalid value for 'messages[${index}].role'.`, param: `messages[${index}].role` };
      if (message.role === 'tool') {
        if (!pending.has(message.tool_call_id))
          return {
            message: `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`,
            param: `messages.[${index}].role`,
          };
        pending.delete(message.tool_call_id);
        continue;
      }
      if (pending.size > 0)
        return {
          message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`,
          param: 'messages',
        };
      if (message.role === 'assistant') for (const call of message.tool_calls ?? []) pending.add(call.id);
    }
    if (pending.size > 0)
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`,
        param: 'messages',
      };
    return null;
  }

  private record(body: ChatCompletionRequest, apiKey: string | null): RecordedChatRequest {
    const calls = new Map<string, ChatToolCall>();
    const toolResults: RecordedToolResult[] = [];
    const images: RecordedImage[] = [];
    let lastUserText = '';
    for (const message of body.messages as readonly ChatMessage[]) {
      if (message.role === 'assistant') for (const call of message.tool_calls ?? []) calls.set(call.id, call);
      if (message.role === 'tool') {
        const call = calls.get(message.tool_call_id);
        toolResults.push({
          toolCallId: message.tool_call_id,
          name: call?.function.name ?? null,
          arguments: call?.function.arguments ?? null,
          content: message.content,
        });
      }
      if (message.role === 'user') {
        lastUserText = textOf(message.content);
        if (Array.isArray(message.content))
          for (const part of message.content as readonly ChatContentPart[])
            if (part.type === 'image_url') images.push(decodeImage(part.image_url.url));
      }
    }
    const recorded: RecordedChatRequest = {
      body,
      model: body.model,
      apiKey,
      toolNames: (body.tools ?? []).map((tool) => tool.function.name),
      toolResults,
      images,
      lastUserText,
      status: 0,
    };
    this.requests.push(recorded);
    return recorded;
  }

  private async body(req: IncomingMessage): Promise<string | null> {
    const limit = this.options.maxBodyBytes ?? 20 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private async drain(req: IncomingMessage): Promise<void> {
    for await (const _ of req) {
      // discard
    }
  }
}

export { textOf as chatText };
