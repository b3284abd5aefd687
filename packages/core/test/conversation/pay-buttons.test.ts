import { describe, expect, it } from 'vitest';
import {
  AdapterError,
  type CheckoutRequest,
  type CheckoutSession,
  money,
  type PaymentGateway,
  type ProviderPayment,
  type WebhookOutcome,
} from '../../src/index.js';
import { aConversationShop, type ConversationShop, NUMBERED_ONLY, TELEGRAM_LIKE, TestChat } from './chat-harness.js';

/**
 * A gateway that only opens checkouts (what the screens use), recording each request; the
 * provider side of payments is tested against the Mercado Pago emulator in adapters-payments.
 */
class CheckoutOnlyGateway implements PaymentGateway {
  readonly provider = 'pagoprueba';
  readonly displayName = 'Pago Prueba';
  readonly requests: CheckoutRequest[] = [];
  down = false;
  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    if (this.down) throw new AdapterError('PAYMENT.PROVIDER_UNAVAILABLE', 'pagoprueba is down', true);
    this.requests.push(request);
    return {
      providerReference: `ref-${request.idempotencyKey}`,
      paymentUrl: `https://pay.example/checkout?key=${encodeURIComponent(request.idempotencyKey)}`,
    };
  }
  parseWebhook(): Promise<WebhookOutcome> {
    throw new Error('not used by the screens');
  }
  fetchPayment(): Promise<ProviderPayment> {
    throw new Error('not used by the screens');
  }
  refund(): Promise<ProviderPayment> {
    throw new Error('not used by the screens');
  }
}

const placeOrder = async (shop: ConversationShop, chat: TestChat) => {
  const mate = await shop.seedProduct({ name: 'Mate imperial', price: money(25_000_00), stockOnHand: 10 });
  await chat.start(`p_${mate.id}`);
  await chat.choose('Agregar al carrito');
  await chat.choose('Ver carrito (1)');
  await chat.choose('Finalizar compra');
  await chat.choose('Usar Ana');
  await chat.text('11 4444-5555');
  await chat.choose('Retiro en el local');
  await chat.choose('Consumidor final');
  await chat.choose('Confirmar pedido');
};

const urlChoices = (chat: TestChat) => (chat.screen.choices ?? []).flat().filter((choice) => 'url' in choice);

describe('pay buttons in the chat', () => {
  it('the placed order, "Mis pedidos" and the order screen offer the same checkout as a URL button', async () => {
    const gateway = new CheckoutOnlyGateway();
    const shop = aConversationShop({ payments: { gateways: [gateway] } });
    const chat = new TestChat(shop, TELEGRAM_LIKE, { id: '7001', displayName: 'Ana', languageHint: 'es' });
    await placeOrder(shop, chat);
    expect(chat.screen.text).toContain('Pagá desde acá abajo');
    const [button] = urlChoices(chat);
    expect(button).toMatchObject({
      label: '💳 Pagar con Pago Prueba',
      url: expect.stringContaining('https://pay.example/checkout?key=checkout'),
    });
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]).toMatchObject({ idempotencyKey: expect.stringMatching(/^checkout:.+:pagoprueba:1$/) });

    await chat.choose('Mis pedidos');
    expect(urlChoices(chat)).toEqual([{ label: '💳 Pagar #1 con Pago Prueba', url: (button as { url: string }).url }]);
    await chat.choose(/^#1 /);
    expect(urlChoices(chat)).toEqual([{ label: '💳 Pagar con Pago Prueba', url: (button as { url: string }).url }]);
    // Reused while valid: one checkout for every screen.
    expect(gateway.requests).toHaveLength(1);
  });

  it('is a link in the text on a channel without URL buttons', async () => {
    const shop = aConversationShop({ payments: { gateways: [new CheckoutOnlyGateway()] } });
    const chat = new TestChat(shop, NUMBERED_ONLY, { id: '7002', displayName: 'Ana', languageHint: 'es' });
    await placeOrder(shop, chat);
    expect(urlChoices(chat)).toEqual([]);
    expect(chat.screen.text).toMatch(/\[💳 Pagar con Pago Prueba\]\(https:\/\/pay\.example\/checkout\?key=checkout/);
  });

  it('says to try again later when the provider is down, and to wait for the shop when there is none', async () => {
    const gateway = new CheckoutOnlyGateway();
    gateway.down = true;
    const down = aConversationShop({ payments: { gateways: [gateway] } });
    const chat = new TestChat(down, TELEGRAM_LIKE, { id: '7003', displayName: 'Ana', languageHint: 'es' });
    await placeOrder(down, chat);
    expect(chat.screen.text).toContain('Ahora no pudimos preparar el link de pago');
    expect(urlChoices(chat)).toEqual([]);

    const none = aConversationShop();
    const other = new TestChat(none, TELEGRAM_LIKE, { id: '7004', displayName: 'Ana', languageHint: 'es' });
    await placeOrder(none, other);
    expect(other.screen.text).toContain('Te contactamos para coordinar el pago.');
  });
});
