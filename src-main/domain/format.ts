// Money and time as an agent reads and types them: one formatter and one strict parser,
// shared by main and the renderer (pure: Intl only, no Node or DOM). The cache keeps
// money as integer minor units and time as epoch milliseconds; text is made only here,
// in the agent's locale and time zone. `locale`/`timeZone` undefined = the platform's
// default (in the renderer: the agent's system settings).
import { minorUnitDigits } from './vocabulary';

export { minorUnitDigits };

export interface AgentLocale {
  locale?: string;
  timeZone?: string;
}

// Building an Intl formatter costs ~50 µs; a timeline row formats two values, so each
// formatter is built once per (kind, locale, zone, currency) and reused.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** "$4.99", "4,99 $", "¥500", "KWD 1.234": minor units in the currency's own precision. */
export function formatMoney(amountMinor: number, currency: string, agent: AgentLocale = {}): string {
  const code = currency.toUpperCase();
  const digits = minorUnitDigits(code);
  const value = amountMinor / 10 ** digits;
  try {
    const f = cached(`m|${agent.locale ?? ''}|${code}`, () =>
      new Intl.NumberFormat(agent.locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits }),
    );
    return f.format(value);
  } catch {
    return `${value.toFixed(digits)} ${code}`;
  }
}

/** A plain count in the agent's locale ("12,480", "12.480"). */
export function formatCount(n: number, agent: AgentLocale = {}): string {
  return cached(`c|${agent.locale ?? ''}`, () => new Intl.NumberFormat(agent.locale)).format(n);
}

/** The decimal separator the agent types: "." in en-US, "," in de-DE. */
export function decimalSeparator(agent: AgentLocale = {}): string {
  const parts = cached(`c|${agent.locale ?? ''}`, () => new Intl.NumberFormat(agent.locale)).formatToParts(1.5);
  return parts.find((p) => p.type === 'decimal')?.value ?? '.';
}

export type AmountParse = { ok: true; minor: number } | { ok: false; reason: string };

/**
 * Reads what an agent typed into an amount field: a plain decimal ("4.99"; "4,99" where
 * the locale writes a comma) with at most the currency's minor digits. Anything else is
 * refused with the reason, never repaired: a silently rewritten amount ("1O" read as 1,
 * "4.999" read as 4999) is a wrong refund the agent did not see.
 */
export function parseAmount(text: string, currency: string, agent: AgentLocale = {}): AmountParse {
  const code = currency.toUpperCase();
  const digits = minorUnitDigits(code);
  const sep = decimalSeparator(agent);
  const example = digits ? `12${sep}${'34'.padEnd(digits, '0').slice(0, digits)}` : '12';
  const t = text.trim();
  if (!t) return { ok: false, reason: `Type an amount in ${code}, like ${example}.` };
  if (/^[-−]/.test(t)) return { ok: false, reason: 'Type the amount without a minus sign: a refund is always money back.' };
  if (/^\d+[eE][-+]?\d+$/.test(t)) return { ok: false, reason: `Type the amount in plain digits, like ${example}; “${t}” is not read as a number here.` };
  const odd = /[^0-9.,]/.exec(t);
  if (odd) {
    const ch = odd[0] === ' ' || odd[0] === '\u00a0' ? 'a space' : `“${odd[0]}”`;
    return { ok: false, reason: `${ch} is not a digit. Type only digits${digits ? ` and “${sep}”` : ''}, like ${example}.` };
  }
  const other = sep === '.' ? ',' : '.';
  if (t.includes(other)) {
    return {
      ok: false,
      reason: `Type the amount without “${other}”: ${digits ? `the decimal separator here is “${sep}” and ` : ''}thousands are written without separators, like ${example}.`,
    };
  }
  const pieces = t.split(sep);
  if (pieces.length > 2) return { ok: false, reason: `Type one “${sep}” at most, like ${example}.` };
  const [whole = '', fraction = ''] = pieces;
  if (!whole) return { ok: false, reason: `Type a digit before the “${sep}”, like 0${sep}50.` };
  if (pieces.length === 2 && !fraction) return { ok: false, reason: `Type the digits after the “${sep}”, or leave it out.` };
  if (fraction.length > digits) {
    return { ok: false, reason: digits ? `${code} has ${digits} decimal${digits > 1 ? 's' : ''} at most; “${t}” has ${fraction.length}.` : `${code} has no decimals; type whole ${code}, like 12.` };
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'That amount is too large.' };
  if (minor <= 0) return { ok: false, reason: 'The amount must be more than zero.' };
  return { ok: true, minor };
}

/** Minor units as the agent would type them back into an amount field ("4.99" / "4,99"). */
export function amountInput(minor: number, currency: string, agent: AgentLocale = {}): string {
  const digits = minorUnitDigits(currency);
  if (!digits) return String(minor);
  const unit = 10 ** digits;
  return `${Math.floor(minor / unit)}${decimalSeparator(agent)}${String(minor % unit).padStart(digits, '0')}`;
}

const dtf = (kind: string, agent: AgentLocale, options: Intl.DateTimeFormatOptions) =>
  cached(`d|${kind}|${agent.locale ?? ''}|${agent.timeZone ?? ''}`, () => new Intl.DateTimeFormat(agent.locale, { ...options, timeZone: agent.timeZone }));

/** "Nov 4, 2026" / "4. Nov. 2026", in the agent's zone. */
export const formatDay = (ms: number, agent: AgentLocale = {}) => dtf('day', agent, { day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
/** "03:58 PM" / "15:58". */
export const formatTime = (ms: number, agent: AgentLocale = {}) => dtf('time', agent, { hour: '2-digit', minute: '2-digit' }).format(ms);
/** "Nov 4, 2026, 03:58 PM HST": an absolute time that matters for money carries its zone. */
export const formatDateTime = (ms: number, agent: AgentLocale = {}) =>
  dtf('dtz', agent, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(ms);
/** "Nov 4, 2026 HST": a day that matters for money (paid on, refunded on), with its zone. */
export function formatDayZone(ms: number, agent: AgentLocale = {}): string {
  return `${formatDay(ms, agent)} ${zoneName(ms, agent)}`;
}
/** For hover titles: the full date and time with the zone. */
export const formatFull = (ms: number, agent: AgentLocale = {}) => dtf('full', agent, { dateStyle: 'full', timeStyle: 'long' }).format(ms);

/** The zone's short name at that instant ("HST", "MEZ", "GMT-10"). */
export function zoneName(ms: number, agent: AgentLocale = {}): string {
  return dtf('zone', agent, { timeZoneName: 'short' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

/** The zone's IANA name ("Pacific/Honolulu"), for the timeline header. */
export function zoneId(agent: AgentLocale = {}): string {
  return agent.timeZone ?? dtf('zone', agent, { timeZoneName: 'short' }).resolvedOptions().timeZone;
}

/** "in 3 hours", "5 minutes ago": relative to `now`, which the caller keeps current. */
export function formatRelative(ms: number, now: number, agent: AgentLocale = {}): string {
  const seconds = Math.round((ms - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(agent.locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}
