// The Voided Purchases quota, per package: 30 queries per 30 seconds and 6,000 per day
// (Google's Voided Purchases API guide). Queries wait for a free slot instead of
// spending a 429; the limiter is shared by every adapter of the same package in this
// process, because the quota belongs to the package, not to one sync run.
//
// What one full sync costs (measured at the test server on 1,000 subscriptions, quota.test.ts,
// and linear in the cache): for 10,000 cached subscriptions with 6 orders each (60,000 known
// orders) it is 1 Voided Purchases query per 1,000 voided purchases, 300 orders:batchGet
// calls (about 208 order IDs per URL under the 8 KB limit, 5 calls per step of 1,000), one
// subscriptionsv2.get per subscription whose latest known period is over (about 333 a day
// for monthly plans, plus those in grace, hold or pause, for up to 160 days) and a few
// batchGet calls for the new renewal orders: about 640 queries for the first sync of a day,
// about 301 for each later one. Every desktop syncs by itself (DESIGN §10), so 20 desktops
// spend 20 × that from the same Google Cloud project.
import { StoreError } from '../errors';
import { abortableSleep } from '../http';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};

export interface QuotaLimits {
  perWindow: number;
  windowMs: number;
  perDay: number;
}

export const VOIDED_QUOTA: QuotaLimits = { perWindow: 30, windowMs: 30_000, perDay: 6_000 };
const DAY = 86_400_000;
const HOUR = 3_600_000;

const PACIFIC = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** Milliseconds since midnight on a Pacific-time wall clock. */
function sincePacificMidnight(t: number): number {
  const p = Object.fromEntries(PACIFIC.formatToParts(t).map((x) => [x.type, Number(x.value)]));
  return ((p.hour! * 60 + p.minute!) * 60 + p.second!) * 1000 + (((t % 1000) + 1000) % 1000);
}

/** `t` moved onto the nearest Pacific midnight: a day of 23 or 25 hours leaves it an hour off. */
function snapToMidnight(t: number): number {
  const s = sincePacificMidnight(t);
  if (s === 0) return t;
  return s < 12 * HOUR ? t - s : t + (DAY - s);
}

/**
 * Google's quota day. Play Developer API, Quotas: "the day ends at midnight Pacific time
 * (UTC-8 when California is on standard time, UTC-7 when California is on daylight
 * time)"; the Voided Purchases daily cap is counted the same way here.
 */
export function startOfPacificDay(t: number): number {
  return snapToMidnight(t - sincePacificMidnight(t));
}

export function nextMidnightPacific(t: number): number {
  return snapToMidnight(startOfPacificDay(t) + DAY);
}

/** A sliding-window limiter (exact for "N per window"), plus a daily cap counted per Google's day. */
export class QuotaLimiter {
  private readonly recent: number[] = [];
  private readonly today: number[] = [];

  constructor(
    private readonly clock: Clock,
    readonly limits: QuotaLimits = VOIDED_QUOTA,
  ) {}

  /** How long until one more query is allowed (0: now); when the day's cap is spent, until Google's midnight. */
  waitMs(): number {
    const t = this.clock.now();
    while (this.recent.length && this.recent[0]! <= t - this.limits.windowMs) this.recent.shift();
    const dayStart = startOfPacificDay(t);
    while (this.today.length && this.today[0]! < dayStart) this.today.shift();
    if (this.today.length >= this.limits.perDay) return nextMidnightPacific(t) - t;
    if (this.recent.length >= this.limits.perWindow) return this.recent[0]! + this.limits.windowMs - t;
    return 0;
  }

  /** Waits for a slot, then records the query. Refuses to wait for the daily cap: StoreError 'quota' until Google's midnight. */
  async take(signal?: AbortSignal, onWait?: (ms: number) => void): Promise<void> {
    for (;;) {
      const w = this.waitMs();
      if (w <= 0) break;
      if (this.today.length >= this.limits.perDay) {
        const detail = `the daily Voided Purchases quota (${this.limits.perDay} queries) is used up; the sync resumes tomorrow`;
        throw new StoreError('quota', quotaWords(detail), { retryAfterMs: w, storeCode: 'dailyQuota' });
      }
      onWait?.(w);
      await this.clock.sleep(w + 1, signal);
    }
    const t = this.clock.now();
    this.recent.push(t);
    this.today.push(t);
  }

  /** After a 429 anyway (another process shares the package quota): treat the window as full. */
  exhaustWindow(): void {
    const t = this.clock.now();
    while (this.recent.length < this.limits.perWindow) this.recent.push(t);
  }
}

const limiters = new Map<string, QuotaLimiter>();

/** The process-wide limiter of one package. */
export function voidedQuotaFor(packageName: string, clock: Clock = realClock): QuotaLimiter {
  let l = limiters.get(packageName);
  if (!l) {
    l = new QuotaLimiter(clock);
    limiters.set(packageName, l);
  }
  return l;
}

/**
 * What the console says when Google's quota is used up. The Voided Purchases quota (6,000
 * queries a day, 30 per 30 s) and the Play Developer API quota (200,000 a day by default,
 * the Orders API counts towards it: REST reference, Order) belong to the app's Google
 * Cloud project, so every desktop of the team draws from the same budget. Daily quotas
 * of Google Cloud APIs reset at midnight Pacific Time.
 */
export function quotaWords(detail: string): string {
  return `Google Play quota reached: ${detail}. The quota belongs to the app's Google Cloud project and is shared by every desktop of the team; sync stops here without losing its place and resumes by itself when Google allows it (daily quotas reset at midnight Pacific Time). Cached data stays readable, and refunds can still be sent if the Play Developer API quota is not used up. To raise it, ask Google in the Cloud Console (IAM & Admin → Quotas).`;
}
