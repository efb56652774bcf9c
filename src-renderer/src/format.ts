// Money, dates and words as agents read them: the agent's locale, tabular figures,
// the time zone on hover.
import { minorUnitDigits, STORE_NAMES, type Store } from '../../src-main/ipc/contract';

export { minorUnitDigits };

export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const value = amountMinor / 10 ** digits;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}

/** Parses what an agent typed ("9.99", "9,99", "1 234.50") into minor units, or null. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const cleaned = text.trim().replace(/[\s\u00a0']/g, '').replace(/[^\d.,-]/g, '');
  if (!cleaned) return null;
  // The last separator is the decimal one when it has at most `digits` digits after it.
  const match = /^(-?[\d.,]*?)(?:[.,](\d*))?$/.exec(cleaned);
  if (!match) return null;
  let whole = (match[1] ?? '').replace(/[.,]/g, '');
  let fraction = match[2] ?? '';
  // "1,234" is a thousands group, not 1.234 dollars.
  if (fraction.length === 3 && digits !== 3) {
    whole += fraction;
    fraction = '';
  }
  if (fraction.length > digits || !/^-?\d*$/.test(whole) || (whole === '' && fraction === '')) return null;
  const value = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

export const formatDay = (ms: number) => dayFormat.format(ms);
export const formatTime = (ms: number) => timeFormat.format(ms);
export const formatDateTime = (ms: number) => `${dayFormat.format(ms)} ${timeFormat.format(ms)}`;
/** For the title attribute: the full date with the time zone. */
export const formatFull = (ms: number) => fullFormat.format(ms);

export function formatRelative(ms: number, now = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

export const storeName = (store: Store) => STORE_NAMES[store];

/** Store names as agents say them in a row or a sentence ("Google", not "Google Play"). */
const STORE_SHORT: Record<Store, string> = { apple: 'Apple', google: 'Google', stripe: 'Stripe', amazon: 'Amazon' };
export const storeShort = (store: Store) => STORE_SHORT[store];

const countFormat = new Intl.NumberFormat();
/** A count in the agent's locale ("12,480"). */
export const formatCount = (n: number) => countFormat.format(n);

/** Shortens long store IDs for headers ("2000000123…"); the full value is copied and shown on hover. */
export function shortId(value: string, keep = 14): string {
  return value.length > keep + 1 ? `${value.slice(0, keep)}…` : value;
}
