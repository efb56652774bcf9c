// Refund messages state amounts in the currency's own precision (minor units are not
// always cents).
import { describe, expect, it } from 'vitest';
import { money } from '../../../src-main/refunds/policy';
import { majorUnits, minorUnitDigits } from '../../../src-main/ipc/vocabulary';

describe('money in words', () => {
  it('uses each currency\'s minor unit', () => {
    expect(money(999, 'USD')).toBe('9.99 USD');
    expect(money(1200, 'JPY')).toBe('1200 JPY');
    expect(money(1234, 'KWD')).toBe('1.234 KWD');
    expect(majorUnits(-5, 'EUR')).toBe('-0.05');
    expect(minorUnitDigits('xyz')).toBe(2);
  });
});
