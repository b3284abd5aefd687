import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './cli-process.js';

/*
 * The demo as a person runs it (embedded database, embedded job queue, Telegram emulator): an
 * offer created through the API arrives on the chat page of a customer who said /alta, with its
 * opt-out button, and the API shows the campaign's progress.
 */

interface ChatState {
  messages: { side: string; html: string; keyboard?: { text: string }[][] }[];
}

describe('offers in the demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-demo-offers-'));
  let demo: CliRun;
  let api = '';
  let emulator = '';
  let token = '';

  beforeAll(async () => {
    demo = runCli(['demo'], { MOSTRADOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' });
    await demo.waitFor(/Owner login: +\S+ \/ \S+/, 90_000);
    api = demo.output().match(/API: +(http:\/\/\S+)\/api\/v1/)![1]!;
    emulator = new URL(demo.output().match(/Chat with the shop's bot: (http:\/\/\S+)/)![1]!).origin;
    const password = demo.output().match(/Owner login: +owner@demo\.local \/ (\S+)/)![1]!;
    const login = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.local', password }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }, 120_000);

  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exited();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const chat = async (): Promise<ChatState> =>
    (await (await fetch(`${emulator}/chat/api/state?bot=mostrador_demo_bot`)).json()) as ChatState;
  const send = (text: string) =>
    fetch(`${emulator}/chat/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bot: 'mostrador_demo_bot', text }),
    });
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return read();
  };

  it('an offer reaches the chat page of a customer who said /alta, and the API shows its progress', async () => {
    await send('/start');
    await until(chat, (state) => state.messages.some((m) => m.side === 'bot' && m.html.includes('Catálogo')));
    await send('/alta');
    await until(chat, (state) => state.messages.some((m) => m.side === 'bot' && m.html.includes('Te vamos a avisar de las ofertas')));

    const created = await fetch(`${api}/api/v1/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Prueba', text: '*Oferta de prueba* en la demo', segment: { kind: 'all' } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const state = await until(chat, (s) => s.messages.some((m) => m.side === 'bot' && m.html.includes('Oferta de prueba')));
    const offer = state.messages.find((m) => m.side === 'bot' && m.html.includes('Oferta de prueba'));
    expect(offer?.html).toContain('<b>Oferta de prueba</b>');
    expect(JSON.stringify(offer?.keyboard)).toContain('No quiero más ofertas');

    const progress = await until(
      async () =>
        (await (await fetch(`${api}/api/v1/campaigns/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
          status: string;
          progress: { sent: number; total: number };
        },
      (campaign) => campaign.status === 'completed',
    );
    expect(progress).toMatchObject({ status: 'completed', progress: { total: 1, sent: 1 } });
  }, 120_000);
});
