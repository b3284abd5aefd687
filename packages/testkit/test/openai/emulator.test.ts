import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiEmulator, scriptedModels } from '../../src/openai/index.js';

let emulator: OpenAiEmulator;
beforeEach(async () => {
  emulator = new OpenAiEmulator();
  await emulator.start();
});
afterEach(() => emulator.stop());

const post = (body: unknown, key: string | null = emulator.apiKey, signal?: AbortSignal) =>
  fetch(`${emulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

/** The wire fields these tests read. */
interface Wire {
  choices: [
    { message: { content: string; tool_calls: [{ id: string; function: { name: string; arguments: string } }] }; finish_reason: string },
  ];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  error: { message: string; type: string; code: string | null };
}
const wire = (response: Response): Promise<Wire> => response.json() as Promise<Wire>;

const TOOLS = [
  { type: 'function', function: { name: 'search_products', parameters: { type: 'object', properties: { query: { type: 'string' } } } } },
];

describe('OpenAI emulator', () => {
  it('answers a scripted text with the real chat.completion shape', async () => {
    emulator.script({ text: 'Hola' });
    const response = await post({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hola' }] });
    expect(response.status).toBe(200);
    const body = await wire(response);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hola', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('scripts a tool call and records the tool result sent back', async () => {
    emulator.script({ toolCalls: [{ name: 'search_products', arguments: { query: 'taladro' } }] }, { text: 'El taladro sale $ 10,00' });
    const first = await wire(await post({ model: 'm', tools: TOOLS, messages: [{ role: 'user', content: '¿taladro?' }] }));
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const call = first.choices[0].message.tool_calls[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'search_products', arguments: '{"query":"taladro"}' } });
    const second = await post({
      model: 'm',
      tools: TOOLS,
      messages: [
        { role: 'user', content: '¿taladro?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: '[{"id":"p1","price":"$ 10,00"}]' },
      ],
    });
    expect((await wire(second)).choices[0].message.content).toBe('El taladro sale $ 10,00');
    expect(emulator.requests[1]?.toolResults).toEqual([
      { toolCallId: call.id, name: 'search_products', arguments: '{"query":"taladro"}', content: '[{"id":"p1","price":"$ 10,00"}]' },
    ]);
    expect(emulator.requests[0]?.toolNames).toEqual(['search_products']);
  });

  it('refuses a tool message that answers no tool call, and a call left unanswered (400)', async () => {
    const orphan = await post({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'tool', tool_call_id: 'call_x', content: '{}' },
      ],
    });
    expect(orphan.status).toBe(400);
    expect((await wire(orphan)).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining("role 'tool'") });
    const unanswered = await post({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      ],
    });
    expect(unanswered.status).toBe(400);
    expect((await post({ model: 'm', messages: [] })).status).toBe(400);
  });

  it('records images sent as data: URLs, decoded', async () => {
    emulator.respondWith(scriptedModels.vision({ kind: 'taladro' }));
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const response = await post({
      model: 'vision',
      response_format: { type: 'json_object' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '¿qué es?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${bytes.toString('base64')}` } },
          ],
        },
      ],
    });
    expect(JSON.parse((await wire(response)).choices[0].message.content)).toEqual({ kind: 'taladro' });
    expect(emulator.requests[0]?.images[0]).toMatchObject({ mimeType: 'image/png', bytes: new Uint8Array(bytes) });
    expect(emulator.requests[0]?.lastUserText).toBe('¿qué es?');
  });

  it('answers 401 with the real error body for a wrong or missing key, masking the key', async () => {
    const wrong = await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'sk-wrong-key-123456789');
    expect(wrong.status).toBe(401);
    const body = await wire(wrong);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', param: null });
    expect(body.error.message).toContain('Incorrect API key provided: sk-');
    expect(body.error.message).not.toContain('sk-wrong-key-123456789');
    expect((await post({ model: 'm', messages: [] }, null)).status).toBe(401);
  });

  it('fails on demand: 429 with retry-after, 500, and answers slowly', async () => {
    emulator.failNext(1, { error: 429, retryAfterSeconds: 7 }).failNext(1, { error: 500 }).slowNext(1, 300).script({ text: 'late' });
    const limited = await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await wire(limited)).error).toMatchObject({ code: 'rate_limit_exceeded' });
    const broken = await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(broken.status).toBe(500);
    expect((await wire(broken)).error.type).toBe('server_error');
    await expect(
      post({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, emulator.apiKey, AbortSignal.timeout(50)),
    ).rejects.toThrow();
    // The slow request was abandoned by the client; the scripted answer is still there for the next one.
    expect((await wire(await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] }))).choices[0].message.content).toBe('late');
  });

  it('never invents an answer: nothing scripted is a 500 saying so', async () => {
    const response = await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(500);
    expect((await wire(response)).error.message).toContain('no answer scripted');
  });

  it('cooperative model: searches with the question, then answers from the tool result', async () => {
    emulator.respondWith(scriptedModels.cooperative());
    const first = await wire(
      await post({
        model: 'm',
        tools: TOOLS,
        messages: [
          { role: 'system', content: 'Answer in English.' },
          { role: 'user', content: 'drill price?' },
        ],
      }),
    );
    const call = first.choices[0].message.tool_calls[0];
    expect(JSON.parse(call.function.arguments)).toEqual({ query: 'drill price?' });
    const second = await wire(
      await post({
        model: 'm',
        tools: TOOLS,
        messages: [
          { role: 'system', content: 'Answer in English.' },
          { role: 'user', content: 'drill price?' },
          first.choices[0].message,
          { role: 'tool', tool_call_id: call.id, content: JSON.stringify([{ id: 'p1', name: 'Drill', price: '$ 10.00', available: 2 }]) },
        ],
      }),
    );
    expect(second.choices[0].message.content).toBe('Drill: $ 10.00 (2 available)');
  });
});
