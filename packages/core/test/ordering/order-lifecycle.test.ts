import { describe, expect, it } from 'vitest';
import { anOrder } from '../../../testkit/src/mothers/index.js';
import {
  ConflictError,
  canTransition,
  LEGAL_TRANSITIONS,
  ORDER_STATUSES,
  type OrderStatus,
  stockEffectOf,
  TERMINAL_STATUSES,
  transition,
} from '../../src/index.js';

const LEGAL: readonly (readonly [OrderStatus, OrderStatus])[] = [
  ['placed', 'paid'],
  ['placed', 'cancelled'],
  ['placed', 'expired'],
  ['paid', 'invoiced'],
  ['paid', 'shipped'],
  ['paid', 'refunded'],
  ['invoiced', 'shipped'],
  ['invoiced', 'refunded'],
  ['shipped', 'delivered'],
];
const isLegal = (from: OrderStatus, to: OrderStatus): boolean => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));
const AT = new Date('2025-03-11T09:30:00.000Z');

describe('order lifecycle', () => {
  it('declares exactly the legal transitions', () => {
    const declared = ORDER_STATUSES.flatMap((from) => LEGAL_TRANSITIONS[from].map((to) => [from, to] as const));
    expect(declared).toEqual(LEGAL);
    expect([...TERMINAL_STATUSES].sort()).toEqual(['cancelled', 'delivered', 'expired', 'refunded']);
  });

  it('enumerates all 64 pairs', () => {
    expect(ALL_PAIRS).toHaveLength(64);
    expect(ALL_PAIRS.filter(([from, to]) => isLegal(from, to))).toHaveLength(9);
  });

  describe.each(LEGAL)('legal: %s → %s', (from, to) => {
    it('moves the order, appends history, bumps the version and emits order.<to>', () => {
      const order = anOrder({ status: from, version: 3 });
      expect(canTransition(from, to)).toBe(true);
      const result = transition(order, to, { at: AT, by: 'staff-1', note: 'por mostrador' });
      expect(result.order).toEqual({
        ...order,
        status: to,
        history: [...order.history, { from, to, at: AT, by: 'staff-1', note: 'por mostrador' }],
        updatedAt: AT,
        version: 4,
      });
      expect(result.event).toEqual({
        type: `order.${to}`,
        aggregateId: order.id,
        occurredAt: AT,
        payload: {
          orderId: order.id,
          number: order.number,
          customerId: order.customerId,
          channel: order.channel,
          status: to,
          from,
          total: order.total,
          by: 'staff-1',
          note: 'por mostrador',
        },
      });
      // The input is not mutated.
      expect(order.status).toBe(from);
    });
  });

  const ILLEGAL = ALL_PAIRS.filter(([from, to]) => !isLegal(from, to));

  it('has 55 illegal pairs, including every same-state pair and every exit from a terminal state', () => {
    expect(ILLEGAL).toHaveLength(55);
    for (const status of ORDER_STATUSES) expect(ILLEGAL).toContainEqual([status, status]);
    for (const terminal of TERMINAL_STATUSES) for (const to of ORDER_STATUSES) expect(ILLEGAL).toContainEqual([terminal, to]);
  });

  it.each(ILLEGAL)('illegal: %s → %s throws ORDER.ILLEGAL_TRANSITION with from/to', (from, to) => {
    const order = anOrder({ status: from });
    expect(canTransition(from, to)).toBe(false);
    let thrown: unknown;
    try {
      transition(order, to, { at: AT, by: 'system' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConflictError);
    expect(thrown).toMatchObject({ code: 'ORDER.ILLEGAL_TRANSITION', details: { orderId: order.id, from, to } });
  });

  it('says which transitions release, commit or restock stock', () => {
    const effects = Object.fromEntries(LEGAL.map(([from, to]) => [`${from}→${to}`, stockEffectOf(from, to)]));
    expect(effects).toEqual({
      'placed→paid': 'commit',
      'placed→cancelled': 'release',
      'placed→expired': 'release',
      'paid→invoiced': 'none',
      'paid→shipped': 'none',
      'paid→refunded': 'restock',
      'invoiced→shipped': 'none',
      'invoiced→refunded': 'restock',
      'shipped→delivered': 'none',
    });
  });

  it('records a missing note as null', () => {
    const { order } = transition(anOrder(), 'paid', { at: AT, by: 'system' });
    expect(order.history.at(-1)).toEqual({ from: 'placed', to: 'paid', at: AT, by: 'system', note: null });
  });
});
