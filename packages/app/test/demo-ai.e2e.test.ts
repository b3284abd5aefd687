import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './cli-process.js';

interface ChatState {
  messages: { side: string; html: string; keyboard?: { text: string }[][] }[];
}

/** Sends `text` on the demo's chat page and returns the bot's first reply after it that matches. */
const chatReply = async (chat: string, text: string, shows: RegExp): Promise<string> => {
  const root = new URL(chat).origin;
  const before = ((await (await fetch(`${root}/chat/api/state?bot=mostrador_demo_bot`)).json()) as ChatState).messages.length;
  await fetch(`${root}/chat/api/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ bot: 'mostrador_demo_bot', text }),
  });
  for (let attempt = 0; attempt < 150; attempt++) {
    const state = (await (await fetch(`${root}/chat/api/state?bot=mostrador_demo_bot`)).json()) as ChatState;
    const reply = state.messages.slice(before).find((message) => message.side === 'bot' && shows.test(message.html));
    if (reply) return `${reply.html} ${JSON.stringify(reply.keyboard ?? [])}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no bot reply matching ${shows} to ${text}`);
};

describe('mostrador demo with DEMO_AI=emulator', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-demo-ai-'));
  let demo: CliRun;
  let chat = '';
  let emulator = '';

  beforeAll(async () => {
    demo = runCli(['demo'], { MOSTRADOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', DEMO_AI: 'emulator' });
    await demo.waitFor(/Owner login: +\S+ \/ \S+/, 120_000);
    chat = demo.output().match(/Chat with the shop's bot: (http:\/\/\S+)/)![1]!;
    emulator = demo.output().match(/OpenAI assistant against the OpenAI emulator at (http:\/\/[^\s"]+)/)?.[1] ?? '';
  }, 150_000);

  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exited();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the OpenAI emulator, says where, and the OpenAI assistant answers through it', async () => {
    expect(emulator, demo.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    // The emulator refuses a request without its key, as OpenAI does.
    expect((await fetch(`${emulator}/models`)).status).toBe(401);
    // A new customer has no orders: the emulator's scripted model looks them up (my_orders) and
    // says so in its own words, not the local assistant's ("Tus pedidos: No tenés pedidos todavía.").
    const reply = await chatReply(chat, '¿Cómo va mi pedido?', /pedido|No encontré/i);
    expect(reply).toContain('No encontré nada así.');
    expect(reply).not.toContain('Tus pedidos:');
  });
});
