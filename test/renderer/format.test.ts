import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, parseMoney } from '../../src-renderer/src/format';

describe('money as agents type and read it', () => {
  it('parses amounts into minor units in the currency\'s own precision', () => {
    expect(parseMoney('9.99', 'USD')).toBe(999);
    expect(parseMoney('9,99', 'EUR')).toBe(999);
    expect(parseMoney('$ 12', 'USD')).toBe(1200);
    expect(parseMoney('1,234.50', 'USD')).toBe(123450);
    expect(parseMoney('1,234', 'USD')).toBe(123400);
    expect(parseMoney('500', 'JPY')).toBe(500);
    expect(parseMoney('1.5', 'JPY')).toBeNull();
    expect(parseMoney('1.234', 'KWD')).toBe(1234);
    expect(parseMoney('9.999', 'USD')).toBe(999900);
    expect(parseMoney('', 'USD')).toBeNull();
    expect(parseMoney('abc', 'USD')).toBeNull();
    expect(parseMoney('0.5', 'USD')).toBe(50);
  });

  it('formats minor units with the currency\'s digits', () => {
    expect(minorUnitDigits('jpy')).toBe(0);
    expect(formatMoney(999, 'USD')).toMatch(/9\.99/);
    expect(formatMoney(500, 'JPY')).toMatch(/500/);
    expect(formatMoney(500, 'JPY')).not.toMatch(/5\.00/);
  });
});
