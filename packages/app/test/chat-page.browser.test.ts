import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './cli-process.js';

/*
 * The demo's browser chat page, as a person uses it: Debian's Chromium (driven by
 * playwright-core) opens the URL `mostrador demo` prints, presses START and taps through the
 * inline keyboards to a product and into the cart. The last screen is saved to
 * .tmp/chat-page.png for people to look at.
 */

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../.tmp/chat-page.png', import.meta.url));
const STEP_MS = 20_000;

const requireChromium = (): void => {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    process.env.CI
      ? `${CHROMIUM} is missing: .ci/run installs Debian's chromium package before the tests; check its "system packages" step.`
      : `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) to run the browser test.`,
  );
};

/** The newest bot message on the page (the page re-renders; locators re-query each time). */
const lastBotMessage = (page: Page): Locator => page.locator('#messages .row.bot').last();

const button = (scope: Locator, label: string | RegExp): Locator => scope.locator('.kb-btn').filter({ hasText: label }).first();

/** Clicks a button of the newest bot message and waits for a new bot message showing `shows`. */
const tap = async (page: Page, label: string | RegExp, shows: string | RegExp): Promise<Locator> => {
  const matching = page.locator('#messages .row.bot').filter({ hasText: shows });
  const before = await matching.count();
  await button(lastBotMessage(page), label).click({ timeout: STEP_MS });
  await expect.poll(() => matching.count(), { timeout: STEP_MS }).toBeGreaterThan(before);
  return matching.last();
};

describe('the demo chat page in Chromium', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador-chat-page-'));
  let demo: CliRun | undefined;
  let browser: Browser | undefined;
  let chatUrl = '';

  beforeAll(async () => {
    requireChromium();
    demo = runCli(['demo'], { MOSTRADOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' });
    chatUrl = (await demo.waitFor(/Chat with the shop's bot: (http:\/\/\S+)/, 90_000))[1] as string;
    await demo.waitFor(/Owner login: +\S+ \/ \S+/, 30_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.child.exitCode === null) {
      demo.child.kill('SIGTERM');
      await demo.exited();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('presses START, taps Catálogo, a category and a product, adds it to the cart and finds it there', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 480, height: 900 }, locale: 'es-AR' });
    try {
      await page.goto(chatUrl);
      await page.locator('#startBtn').click({ timeout: STEP_MS });
      const menu = page.locator('#messages .row.bot').filter({ hasText: 'Te damos la bienvenida' }).last();
      await menu.waitFor({ timeout: STEP_MS });
      expect(await page.locator('#messages .row.user').first().textContent()).toContain('/start');

      const categories = await tap(page, '🛍️ Catálogo', 'Elegí una categoría');
      const category = ((await categories.locator('.kb-btn').first().textContent()) ?? '').trim();
      await tap(page, category, 'Elegí un producto');

      // The first product in stock: a card without "Agregar al carrito" (sold out) goes back to the list.
      let productName = '';
      const cards = page.locator('#messages .row.bot').filter({ has: page.locator('img') });
      for (let index = 0; index < 6 && productName === ''; index++) {
        const cardsBefore = await cards.count();
        await lastBotMessage(page).locator('.kb-btn').filter({ hasText: ' · $' }).nth(index).click({ timeout: STEP_MS });
        await expect.poll(() => cards.count(), { timeout: STEP_MS }).toBeGreaterThan(cardsBefore);
        const card = cards.last();
        await button(card, '⬅️ Volver').waitFor({ timeout: STEP_MS });
        if ((await button(card, '🛒 Agregar al carrito').count()) > 0) {
          productName = (((await card.locator('.text').textContent()) ?? '').split('\n')[0] ?? '').trim();
          await button(card, '🛒 Agregar al carrito').click();
        } else {
          await tap(page, '⬅️ Volver', 'Elegí un producto');
        }
      }
      expect(productName).not.toBe('');
      await page.locator('#messages .row.bot').filter({ hasText: 'Agregaste 1 ×' }).last().waitFor({ timeout: STEP_MS });

      const cart = await tap(page, /Ver carrito \(1\)/, 'Tu carrito');
      const cartText = await cart.textContent();
      expect(cartText).toContain(`1 × ${productName}`);
      expect(await button(cart, '✅ Finalizar compra').isVisible()).toBe(true);

      // The cart at the bottom of the chat, as the person sees it after tapping.
      await page.locator('#messages').evaluate((list) => {
        list.scrollTop = list.scrollHeight;
      });
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await page.close();
    }
  }, 120_000);
});
