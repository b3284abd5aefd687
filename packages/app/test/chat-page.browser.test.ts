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
 * inline keyboards to a product and into the cart, then checks out and shares the phone number
 * with the reply keyboard's "📱 Compartir mi teléfono". The cart and the shared contact are saved
 * to .tmp/chat-page.png and .tmp/chat-page-contact.png for people to look at.
 */

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../.tmp/chat-page.png', import.meta.url));
const CONTACT_SCREENSHOT = fileURLToPath(new URL('../../../.tmp/chat-page-contact.png', import.meta.url));
const PAID_SCREENSHOT = fileURLToPath(new URL('../../../.tmp/chat-page-paid.png', import.meta.url));
/** The emulator's page user: Ana, with the demo phone (a Buenos Aires mobile in E.164). */
const PAGE_USER_PHONE = '+5491155550123';
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

/**
 * From the category list: opens the products in order until one is in stock (a card without
 * "Agregar al carrito" is sold out and goes back to the list), adds it and returns its name.
 */
const addFirstProductInStock = async (page: Page): Promise<string> => {
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
  return productName;
};

/** Saves what the person sees, scrolled to the newest message. */
const screenshot = async (page: Page, path: string): Promise<void> => {
  await page.locator('#messages').evaluate((list) => {
    list.scrollTop = list.scrollHeight;
  });
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false });
  expect(existsSync(path)).toBe(true);
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

      const productName = await addFirstProductInStock(page);

      const cart = await tap(page, /Ver carrito \(1\)/, 'Tu carrito');
      const cartText = await cart.textContent();
      expect(cartText).toContain(`1 × ${productName}`);
      expect(await button(cart, '✅ Finalizar compra').isVisible()).toBe(true);

      // The cart at the bottom of the chat, as the person sees it after tapping.
      await screenshot(page, SCREENSHOT);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('checks out and shares the phone number with the reply keyboard: the bot takes the contact and asks how to deliver', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 480, height: 900 }, locale: 'es-AR' });
    try {
      await page.goto(chatUrl);
      // A clean chat (the other test may have used it): "Reset chat" from the menu, then START.
      await page.locator('#messages .row, #messages .empty').first().waitFor({ timeout: STEP_MS });
      if (await page.locator('#startBtn').isHidden()) {
        await page.locator('#menuBtn').click();
        await page.locator('#resetBtn').click();
      }
      await page.locator('#startBtn').click({ timeout: STEP_MS });
      await page.locator('#messages .row.bot').filter({ hasText: 'Te damos la bienvenida' }).last().waitFor({ timeout: STEP_MS });
      const categories = await tap(page, '🛍️ Catálogo', 'Elegí una categoría');
      const category = ((await categories.locator('.kb-btn').first().textContent()) ?? '').trim();
      await tap(page, category, 'Elegí un producto');
      await addFirstProductInStock(page);
      await tap(page, /Ver carrito/, 'Tu carrito');
      await tap(page, '✅ Finalizar compra', '¿A nombre de quién va el pedido?');
      await tap(page, 'Usar Ana', '¿A qué teléfono te contactamos?');

      // The reply keyboard under the composer offers the phone; the page knows the button shares the contact.
      const share = page.locator('#replyKb button').filter({ hasText: '📱 Compartir mi teléfono' });
      await share.waitFor({ timeout: STEP_MS });
      expect(await share.getAttribute('data-kind')).toBe('contact');
      const delivery = page.locator('#messages .row.bot').filter({ hasText: '¿Cómo querés recibir el pedido?' });
      await share.click();

      // Telegram sends the contact, not the label: a contact bubble with the name and the phone.
      const contact = page.locator('#messages .row.user .contact').last();
      await contact.waitFor({ timeout: STEP_MS });
      expect(await contact.locator('.cname').textContent()).toBe('Ana');
      expect(await contact.locator('.cphone').textContent()).toBe(PAGE_USER_PHONE);
      expect(await page.locator('#messages .row.user').filter({ hasText: '📱 Compartir mi teléfono' }).count()).toBe(0);

      // The bot took the phone: the next question, no "not valid" warning, and the keyboard is gone.
      await delivery.last().waitFor({ timeout: STEP_MS });
      expect(await button(delivery.last(), '🏬 Retiro en el local').isVisible()).toBe(true);
      expect(await page.locator('#messages .row.bot').filter({ hasText: 'no parece válido' }).count()).toBe(0);
      await page.locator('#replyKb').waitFor({ state: 'hidden', timeout: STEP_MS });
      expect(await page.locator('#replyKb button').count()).toBe(0);
      await screenshot(page, CONTACT_SCREENSHOT);

      // Back to the phone question: the shared number is the one the bot kept.
      const askAgain = await tap(page, '⬅️ Volver', '¿A qué teléfono te contactamos?');
      expect(await button(askAgain, `Usar ${PAGE_USER_PHONE}`).isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('places an order, pays it on the Mercado Pago emulator\'s checkout page opened from "Pagar con Mercado Pago", and sees it paid in "Mis pedidos"', async () => {
    const context = await (browser as Browser).newContext({ viewport: { width: 480, height: 900 }, locale: 'es-AR' });
    const page = await context.newPage();
    try {
      await page.goto(chatUrl);
      await page.locator('#messages .row, #messages .empty').first().waitFor({ timeout: STEP_MS });
      if (await page.locator('#startBtn').isHidden()) {
        await page.locator('#menuBtn').click();
        await page.locator('#resetBtn').click();
      }
      await page.locator('#startBtn').click({ timeout: STEP_MS });
      await page.locator('#messages .row.bot').filter({ hasText: 'Te damos la bienvenida' }).last().waitFor({ timeout: STEP_MS });
      const categories = await tap(page, '🛍️ Catálogo', 'Elegí una categoría');
      const category = ((await categories.locator('.kb-btn').first().textContent()) ?? '').trim();
      await tap(page, category, 'Elegí un producto');
      await addFirstProductInStock(page);
      await tap(page, /Ver carrito/, 'Tu carrito');
      await tap(page, '✅ Finalizar compra', '¿A nombre de quién va el pedido?');
      await tap(page, 'Usar Ana', '¿A qué teléfono te contactamos?');
      const share = page.locator('#replyKb button').filter({ hasText: '📱 Compartir mi teléfono' });
      await share.waitFor({ timeout: STEP_MS });
      await share.click();
      await page.locator('#messages .row.bot').filter({ hasText: '¿Cómo querés recibir el pedido?' }).last().waitFor({ timeout: STEP_MS });
      await tap(page, '🏬 Retiro en el local', '¿Qué factura necesitás?');
      await tap(page, 'Consumidor final', 'Revisá tu pedido');
      const placed = await tap(page, '✅ Confirmar pedido', 'confirmado');
      const number = /Pedido #(\d+)/.exec((await placed.textContent()) ?? '')?.[1];

      // The URL button opens the checkout page in a new tab, where the payer approves.
      const [checkout] = await Promise.all([
        context.waitForEvent('page', { timeout: STEP_MS }),
        button(placed, '💳 Pagar con Mercado Pago').click(),
      ]);
      await checkout.waitForLoadState();
      expect(await checkout.locator('h1').textContent()).toContain('Pagá tu compra');
      await checkout.locator('button.approve').click();
      await checkout.locator('h1').filter({ hasText: 'aprobado' }).waitFor({ timeout: STEP_MS });
      await checkout.close();

      // The webhook paid the order: "Mis pedidos" (/pedidos) shows it paid.
      const ordersLists = page.locator('#messages .row.bot').filter({ hasText: 'Mis pedidos' });
      await expect
        .poll(
          async () => {
            const before = await ordersLists.count();
            await page.locator('#input').fill('/pedidos');
            await page.locator('#input').press('Enter');
            await expect.poll(() => ordersLists.count(), { timeout: STEP_MS }).toBeGreaterThan(before);
            return (await ordersLists.last().locator('.kb-btn').allTextContents()).join(' | ');
          },
          { timeout: STEP_MS },
        )
        .toContain(`#${number} · Pagado`);
      await screenshot(page, PAID_SCREENSHOT);
    } finally {
      await context.close();
    }
  }, 150_000);
});
