// Argentina's wall clock (UTC−03:00, no daylight saving) around midnight UTC and midnight in
// Argentina, and the places that read it: the QR's date, the voucher document's days, chat dates.
import { describe, expect, it } from 'vitest';
import { formatDate, formatTime, sameArgentinaDay } from '../../src/conversation/format.js';
import { ARGENTINA_OFFSET_MS, arcaQrPayload, argentinaDay, argentinaWallClock, startOfArgentinaDay } from '../../src/index.js';
import { money } from '../../src/money/money.js';

describe('Argentine wall-clock time', () => {
  it('is three hours behind UTC all year', () => {
    expect(ARGENTINA_OFFSET_MS).toBe(-10_800_000);
    // No daylight saving: January (southern summer) and July read the same offset.
    expect(argentinaWallClock(new Date('2026-01-15T12:00:00Z')).getUTCHours()).toBe(9);
    expect(argentinaWallClock(new Date('2026-07-15T12:00:00Z')).getUTCHours()).toBe(9);
  });

  it.each([
    // Midnight UTC is 21:00 of the day before in Argentina.
    ['2026-12-07T00:00:00.000Z', '2026-12-06', '21:00'],
    ['2026-12-07T02:59:59.999Z', '2026-12-06', '23:59'],
    // Midnight in Argentina is 03:00 UTC.
    ['2026-12-07T03:00:00.000Z', '2026-12-07', '00:00'],
    ['2026-12-06T23:59:59.999Z', '2026-12-06', '20:59'],
    // New year: 31 December in Argentina until 03:00 UTC on 1 January.
    ['2027-01-01T01:30:00.000Z', '2026-12-31', '22:30'],
    ['2027-01-01T03:00:00.000Z', '2027-01-01', '00:00'],
  ])('%s is %s at %s in Argentina', (instant, day, time) => {
    const at = new Date(instant);
    expect(argentinaDay(at)).toBe(day);
    expect(formatTime(at)).toBe(time);
  });

  it('midnight in Argentina of the day an instant falls on is 03:00 UTC of that day', () => {
    expect(startOfArgentinaDay(new Date('2026-12-07T01:00:00Z')).toISOString()).toBe('2026-12-06T03:00:00.000Z');
    expect(startOfArgentinaDay(new Date('2026-12-07T03:00:00Z')).toISOString()).toBe('2026-12-07T03:00:00.000Z');
    expect(startOfArgentinaDay(new Date('2026-12-07T02:59:59.999Z')).toISOString()).toBe('2026-12-06T03:00:00.000Z');
    expect(sameArgentinaDay(new Date('2026-12-07T00:30:00Z'), new Date('2026-12-06T15:00:00Z'))).toBe(true);
    expect(sameArgentinaDay(new Date('2026-12-07T02:59:00Z'), new Date('2026-12-07T03:00:00Z'))).toBe(false);
  });

  it('the chat and the voucher QR date an invoice issued at 22:30 in Argentina (01:30 UTC) on the Argentine day', () => {
    const issued = new Date('2026-12-07T01:30:00Z');
    expect(formatDate(issued, 'es')).toBe('06/12/2026');
    expect(formatDate(issued, 'en')).toBe('6 Dec 2026');
    const qr = arcaQrPayload({
      issueDate: issued,
      issuerCuit: '20111111112',
      pointOfSale: 1,
      voucherType: 'FACTURA_B',
      number: 1,
      total: money(12_100),
      cae: '72612060000001',
    });
    expect(qr.fecha).toBe('2026-12-06');
  });
});
