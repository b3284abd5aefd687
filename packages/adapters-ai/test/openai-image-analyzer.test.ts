import { imageAnalyzerContract } from '@mostrador/testkit/contracts';
import { productPicture } from '@mostrador/testkit/images';
import { scriptedModels } from '@mostrador/testkit/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintDistance, OpenAiImageAnalyzer } from '../src/index.js';
import { anEmulator } from './support.js';

const DRILL = { kind: 'taladro percutor', brand: 'Bosch', colors: ['azul'], text: 'GSB 13 RE', labels: ['taladro', 'percutor'] };

imageAnalyzerContract(
  async () => {
    const { emulator, client, close } = await anEmulator();
    emulator.respondWith(scriptedModels.vision(DRILL));
    return { analyzer: new OpenAiImageAnalyzer(client, { model: 'gpt-4o-mini', limits: { maxBytes: 200_000 } }), maxBytes: 200_000, close };
  },
  { name: 'openai vision, over HTTP against the emulator', distance: fingerprintDistance },
);

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});

const setUp = async () => {
  const opened = await anEmulator();
  closers.push(opened.close);
  return { ...opened, analyzer: new OpenAiImageAnalyzer(opened.client, { model: 'vision-model', limits: { maxBytes: 200_000 } }) };
};

describe('OpenAiImageAnalyzer', () => {
  it('sends the photo as a data URL to the vision model with JSON output, and returns its attributes', async () => {
    const { emulator, analyzer } = await setUp();
    emulator.respondWith(scriptedModels.vision(DRILL));
    const png = productPicture(1).toPng();
    expect(await analyzer.describe(png, 'application/octet-stream')).toEqual({
      labels: ['taladro percutor', 'Bosch', 'taladro', 'percutor'],
      kind: 'taladro percutor',
      brand: 'Bosch',
      colors: ['azul'],
      text: 'GSB 13 RE',
    });
    const [request] = emulator.requests;
    expect(request?.model).toBe('vision-model');
    expect(request?.body.response_format).toEqual({ type: 'json_object' });
    expect(request?.images).toEqual([{ url: expect.stringMatching(/^data:image\/png;base64,/), mimeType: 'image/png', bytes: png }]);
  });

  it('sends nothing for bytes that are no image or are too large', async () => {
    const { emulator, analyzer } = await setUp();
    await expect(analyzer.describe(new TextEncoder().encode('<html>'), 'image/png')).rejects.toMatchObject({ code: 'IMAGE.UNSUPPORTED' });
    await expect(analyzer.describe(new Uint8Array(200_001), 'image/png')).rejects.toMatchObject({ code: 'IMAGE.TOO_LARGE' });
    expect(emulator.requests).toHaveLength(0);
  });

  it('keeps only well-formed attributes, and fails clearly on an answer that is not JSON or a provider error', async () => {
    const { emulator, analyzer } = await setUp();
    emulator.script(
      { json: { kind: 'martillo', brand: 42, colors: 'rojo', labels: ['  ', 'martillo de carpintero'] } },
      { text: 'Es un martillo.' },
      { error: 500 },
    );
    const png = productPicture(2).toPng();
    expect(await analyzer.describe(png, 'image/png')).toEqual({
      labels: ['martillo', 'martillo de carpintero'],
      kind: 'martillo',
      brand: null,
      colors: [],
      text: null,
    });
    await expect(analyzer.describe(png, 'image/png')).rejects.toMatchObject({ code: 'IMAGE.ANALYSIS_FAILED', retryable: true });
    await expect(analyzer.describe(png, 'image/png')).rejects.toMatchObject({ code: 'IMAGE.ANALYSIS_UNAVAILABLE', retryable: true });
  });
});
