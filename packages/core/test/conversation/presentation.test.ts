import { describe, expect, it } from 'vitest';
import { aProduct } from '../../../testkit/src/mothers/index.js';
import { describeError } from '../../src/conversation/error-messages.js';
import { formatDate, formatTime } from '../../src/conversation/format.js';
import { materialize, resolveTypedChoice, truncatePlain } from '../../src/conversation/layout.js';
import { renderProductCard } from '../../src/conversation/screens/catalog-screens.js';
import { productChoice } from '../../src/conversation/screens/context.js';
import {
  CATALOGS,
  type ChannelCapabilities,
  ConflictError,
  DomainError,
  ForbiddenError,
  numberChoices,
  ValidationError,
} from '../../src/index.js';
import { startOfArgentinaDay } from '../../src/shared/argentina-time.js';
import { TELEGRAM_LIKE } from './chat-harness.js';

describe('Argentina time', () => {
  it('is UTC−3 all year, whatever the machine time zone', () => {
    expect(formatTime(new Date('2025-01-15T02:59:00Z'))).toBe('23:59');
    expect(formatDate(new Date('2025-01-15T02:59:00Z'), 'es')).toBe('14/01/2025');
    expect(formatDate(new Date('2025-01-15T03:00:00Z'), 'en')).toBe('15 Jan 2025');
    expect(formatTime(new Date('2025-07-01T15:05:00Z'))).toBe('12:05');
    expect(startOfArgentinaDay(new Date('2025-03-10T02:00:00Z')).toISOString()).toBe('2025-03-09T03:00:00.000Z');
  });
});

describe('laying out choices', () => {
  const narrow: ChannelCapabilities = { ...TELEGRAM_LIKE, maxButtonsPerRow: 2, maxButtons: 5, urlButtons: false };
  let next = 0;
  const ids = () => `id${next++}`;

  it('splits wide rows, drops list items before fixed buttons, and turns URL buttons into links where unsupported', () => {
    const { message, table } = materialize(
      {
        text: 'Elegí',
        list: [1, 2, 3, 4].map((n) => [{ label: `Item ${n}`, action: 'menu' as const, args: {} }]),
        rows: [
          [
            { label: 'Pagar', url: 'https://pay.example/x)y' },
            { label: 'A', action: 'back', args: {} },
            { label: 'B', action: 'menu', args: {} },
            { label: 'C', action: 'menu', args: {} },
          ],
        ],
      },
      narrow,
      ids,
    );
    expect(message.choices?.map((row) => row.map((choice) => choice.label))).toEqual([['Item 1'], ['Item 2'], ['A', 'B'], ['C']]);
    expect(message.text).toBe('Elegí\n[Pagar](https://pay.example/x\\)y)');
    expect(table.map((entry) => entry.label)).toEqual(['Item 1', 'Item 2', 'A', 'B', 'C']);
    expect(numberChoices(message.choices).map((option) => option.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('resolves typed numbers and labels to the offered choice', () => {
    const table = [
      { id: 'a', label: '🛒 Mi carrito (2)', action: 'open' as const, args: { screen: { name: 'cart' as const } } },
      { id: 'b', label: '🛍️ Catálogo', action: 'open' as const, args: { screen: { name: 'categories' as const, page: 0 } } },
    ];
    expect(resolveTypedChoice(table, ' 2 ')?.id).toBe('b');
    expect(resolveTypedChoice(table, 'catalogo')?.id).toBe('b');
    expect(resolveTypedChoice(table, 'MI CARRITO')?.id).toBe('a');
    expect(resolveTypedChoice(table, '3')).toBeNull();
    expect(resolveTypedChoice(table, 'carrito de compras')).toBeNull();
  });

  it('cuts plain text at a word', () => {
    expect(truncatePlain('Yerba mate suave con palo', 15)).toBe('Yerba mate…');
    expect(truncatePlain('corto', 15)).toBe('corto');
    // Never half an emoji.
    expect(truncatePlain('Mate🧉🧉', 6)).toBe('Mate…');
    expect(truncatePlain('Mate🧉🧉', 7)).toBe('Mate🧉…');
  });
});

describe('error messages', () => {
  const t = CATALOGS.es;
  it('name the product and the units left for insufficient stock, escaping the name', () => {
    const error = new ConflictError('STOCK.INSUFFICIENT', 'only 1 of A_B available', {
      lines: [
        { productId: 'p1', name: 'Mate_A', requested: 3, available: 1 },
        { productId: 'p2', name: 'Termo', requested: 1, available: 0 },
      ],
    });
    expect(describeError(error, t)).toBe('De *Mate\\_A* solo quedan 1 unidad.\nYa no queda stock de *Termo*.');
  });

  it('map known codes and hide everything else behind the generic message', () => {
    expect(describeError(new ValidationError('CART.EMPTY', 'x'), t)).toBe(t.errors.cartEmpty);
    expect(describeError(new ConflictError('PRODUCT.INACTIVE', 'x'), t)).toBe(t.errors.productInactive);
    expect(describeError(new ConflictError('ORDER.ILLEGAL_TRANSITION', 'x'), t)).toBe(t.errors.illegalTransition);
    expect(describeError(new ForbiddenError('AUTH.FORBIDDEN', 'x'), t)).toBe(t.errors.forbidden);
    expect(describeError(new ValidationError('TAX.CUIT_INVALID', 'x'), t)).toBe(t.errors.tax);
    expect(describeError(new DomainError('PAYMENT.SIGNATURE_INVALID', 'secret detail'), t)).toBe('Algo salió mal, probá de nuevo.');
    expect(describeError(new TypeError('undefined is not a function'), CATALOGS.en)).toBe('Something went wrong, please try again.');
  });
});

describe('screens are pure renderings of data', () => {
  it('shows an out-of-stock product without quantities or an add button, offering an alert when it is back', () => {
    const product = aProduct({ name: 'Termo', stockOnHand: 2, reserved: 2, images: [{ id: 'img-termo', mimeType: 'image/png' }] });
    const view = renderProductCard(
      {
        item: { product, effectivePrice: product.price, onOffer: false, available: 0 },
        quantity: 3,
        inCart: 0,
        cartCount: 0,
        lowStockThreshold: 5,
      },
      { t: CATALOGS.es, locale: 'es', capabilities: TELEGRAM_LIKE },
    );
    expect(view.imageId).toBe('img-termo');
    expect(view.text).toBe('*Termo*\n\n*$ 1.000,00*\n❌ Sin stock por ahora');
    expect(view.rows.flat().map((choice) => choice.label)).toEqual(['🔔 Avisame cuando haya', '⬅️ Volver', '🏠 Menú']);
    expect(view.rows.flat()[0]).toMatchObject({ action: 'stock.alert', args: { productId: product.id } });
  });
});

describe('product list buttons', () => {
  it('keep brand and variant so similar products stay distinguishable, with the price', () => {
    const names = ['Amoladora angular Black+Decker 700 W', 'Amoladora angular Black+Decker 900 W'];
    const labels = names.map((name) => {
      const product = aProduct({ name });
      const spec = productChoice(
        { product, effectivePrice: product.price, onOffer: false, available: 3 },
        { t: CATALOGS.es, locale: 'es', capabilities: TELEGRAM_LIKE },
      );
      const { message } = materialize({ text: 'x', rows: [[spec]] }, TELEGRAM_LIKE, () => 'id');
      return message.choices?.[0]?.[0]?.label;
    });
    expect(labels).toEqual(['Amoladora angular Black+Decker 700 W · $ 1.000,00', 'Amoladora angular Black+Decker 900 W · $ 1.000,00']);
  });
});
