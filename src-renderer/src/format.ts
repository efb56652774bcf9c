// Money, dates and words as agents read them. The formatting itself is the one shared
// module (src-main/domain/format.ts); here it is bound to the agent's own locale and
// time zone, which the page gets from the system (navigator.language, Intl's zone).
import * as f from '../../src-main/domain/format';
import { minorUnitDigits, type Store } from '../../src-main/ipc/contract';
import { displayOf } from './storeDisplay';

export { minorUnitDigits };
export type { AmountParse } from '../../src-main/domain/format';

/** The agent's locale and zone: the platform defaults, read once (they do not change while the page lives). */
export const agent: f.AgentLocale = {};

export const formatMoney = (amountMinor: number, currency: string) => f.formatMoney(amountMinor, currency, agent);
export const parseAmount = (text: string, currency: string) => f.parseAmount(text, currency, agent);
export const amountInput = (minor: number, currency: string) => f.amountInput(minor, currency, agent);
export const decimalSeparator = () => f.decimalSeparator(agent);

export const formatDay = (ms: number) => f.formatDay(ms, agent);
export const formatDayZone = (ms: number) => f.formatDayZone(ms, agent);
/** A calendar day main named in UTC ("14 Nov 2022"), in the agent's format with its zone: "Nov 14, 2022 UTC". */
export const formatUtcDay = (ms: number) => `${f.formatDay(ms, { ...agent, timeZone: 'UTC' })} UTC`;
export const formatTime = (ms: number) => f.formatTime(ms, agent);
/** Day, time and zone: every absolute time that matters for money. */
export const formatDateTime = (ms: number) => f.formatDateTime(ms, agent);
/** For the title attribute: the full date with the time zone. */
export const formatFull = (ms: number) => f.formatFull(ms, agent);
export const zoneName = (ms: number) => f.zoneName(ms, agent);
export const zoneId = () => f.zoneId(agent);
/** "5 minutes ago": pass a `now` that the caller keeps current (see useNow), or it goes stale. */
export const formatRelative = (ms: number, now = Date.now()) => f.formatRelative(ms, now, agent);
/** A count in the agent's locale ("12,480"). */
export const formatCount = (n: number) => f.formatCount(n, agent);

/** The store's name from its profile ("Google Play"), with a fallback for a store this renderer has no profile of. */
export const storeName = (store: Store) => displayOf(store).name;

/** Store names as agents say them in a row or a sentence ("Google", not "Google Play"). */
export const storeShort = (store: Store) => displayOf(store).short;

/**
 * Shortens an ID in the middle ("GPA.3312-77…44561..3"), never at the end: the end is
 * what tells a Google renewal (`..3`) or a Stripe object apart. The full value is on hover.
 */
export function middleId(value: string, keep = 24): string {
  if (value.length <= keep + 1) return value;
  const tail = Math.ceil(keep / 2);
  return `${value.slice(0, keep - tail)}…${value.slice(value.length - tail)}`;
}
