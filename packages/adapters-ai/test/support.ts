import { OpenAiEmulator } from '@mostrador/testkit/openai';
import OpenAI from 'openai';

/** A started emulator and an SDK client pointed at it over real HTTP (no retries: tests decide). */
export async function anEmulator(): Promise<{ emulator: OpenAiEmulator; client: OpenAI; close: () => Promise<void> }> {
  const emulator = new OpenAiEmulator();
  await emulator.start();
  const client = new OpenAI({ apiKey: emulator.apiKey, baseURL: emulator.baseURL, maxRetries: 0 });
  return { emulator, client, close: () => emulator.stop() };
}
