import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatMoney, formatRelative, parseAmount, zoneName } from '../../src-main/domain/format';
import { middleId, minorUnitDigits } from '../../src-renderer/src/format';

const US = { locale: 'en-US' };
const DE = { locale: 'de-DE' };
const minor = (text: string, currency: string, agent = US) => {
  const r = parseAmount(text, currency, agent);
  return r.ok ? r.minor : null;
};
const reason = (text: string, currency: string, agent = US) => {
  const r = parseAmount(text, currency, agent);
  return r.ok ? null : r.reason;
};

describe('the one strict amount parser', () => {
  it('reads a plain decimal in the agent\'s locale, up to the currency\'s minor digits', () => {
    expect(minor('9.99', 'USD')).toBe(999);
    expect(minor(' 5 ', 'USD')).toBe(500);
    expect(minor('0.5', 'USD')).toBe(50);
    expect(minor('9,99', 'EUR', DE)).toBe(999);
    expect(minor('500', 'JPY')).toBe(500);
    expect(minor('1.234', 'KWD')).toBe(1234);
  });

  it.each([
    ['0.001', /at most/],
    ['1O', /“O” is not a digit/],
    ['1e3', /plain digits/],
    ['4.999', /2 decimals at most/],
    ['-1', /minus/],
    ['1,234.5', /without “,”/],
    ['$5', /“\$” is not a digit/],
    ['0', /more than zero/],
    ['1.', /digits after/],
    ['.5', /digit before/],
    ['1.2.3', /one “\.”/],
  ])('refuses %s in en-US with the reason', (text, why) => {
    expect(minor(text, 'USD')).toBeNull();
    expect(reason(text, 'USD')).toMatch(why);
  });

  it('refuses the other separator in de-DE and decimals in JPY', () => {
    expect(reason('4.99', 'EUR', DE)).toMatch(/without “\.”/);
    expect(reason('1.5', 'JPY')).toMatch(/no decimals/);
  });
});

describe('the one money and date formatter', () => {
  it('formats minor units with the currency\'s digits in the agent\'s locale', () => {
    expect(minorUnitDigits('jpy')).toBe(0);
    expect(formatMoney(499, 'USD', US)).toBe('$4.99');
    expect(formatMoney(250, 'USD', DE)).toBe('2,50\u00a0$');
    expect(formatMoney(500, 'JPY', US)).toBe('¥500');
  });

  it('formats dates in the agent\'s zone, with the zone on absolute times', () => {
    const at = Date.UTC(2022, 10, 14, 3, 0); // 14 Nov 03:00 UTC = 13 Nov 17:00 in Honolulu
    expect(formatDay(at, { locale: 'en-US', timeZone: 'Pacific/Honolulu' })).toBe('Nov 13, 2022');
    expect(formatDay(at, { locale: 'en-US', timeZone: 'UTC' })).toBe('Nov 14, 2022');
    expect(zoneName(at, { locale: 'en-US', timeZone: 'Pacific/Honolulu' })).toBe('HST');
    expect(formatDateTime(at, { locale: 'en-US', timeZone: 'Pacific/Honolulu' })).toMatch(/Nov 13, 2022.*05:00.PM HST/);
  });

  it('never says "in 12 seconds": under a minute is now', () => {
    expect(formatRelative(1_000 + 12_000, 1_000, US)).toBe('now');
    expect(formatRelative(0, 5 * 60_000, US)).toBe('5 minutes ago');
  });

  it('shortens IDs in the middle, keeping the end that tells renewals apart', () => {
    const id = 'GPA.3312-7788-1290-44561..3';
    expect(middleId(id, 34)).toBe(id);
    expect(middleId(id, 16).endsWith('44561..3')).toBe(true);
  });
});
