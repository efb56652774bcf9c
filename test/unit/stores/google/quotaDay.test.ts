// Google's quota day ends at midnight Pacific time (Play Developer API, Quotas: UTC-8 on
// standard time, UTC-7 on daylight time), so the daily cap frees at that instant, on the
// short and the long day of the DST changes too, and not 24 hours after the first query.
import { describe, expect, it } from 'vitest';
import { nextMidnightPacific, QuotaLimiter, startOfPacificDay } from '../../../../src-main/stores/google/quota';
import { StoreError } from '../../../../src-main/stores/errors';

const utc = (s: string) => Date.parse(s);

describe("Google's quota day", () => {
  it.each([
    ['winter (UTC-8)', '2026-01-15T20:30:00Z', '2026-01-15T08:00:00Z', '2026-01-16T08:00:00Z'],
    ['summer (UTC-7)', '2026-07-15T03:00:00Z', '2026-07-14T07:00:00Z', '2026-07-15T07:00:00Z'],
    ['the 23-hour day (8 Mar 2026)', '2026-03-08T12:00:00Z', '2026-03-08T08:00:00Z', '2026-03-09T07:00:00Z'],
    ['the 25-hour day (1 Nov 2026)', '2026-11-01T13:00:00Z', '2026-11-01T07:00:00Z', '2026-11-02T08:00:00Z'],
    ['one millisecond before midnight', '2026-01-16T07:59:59.999Z', '2026-01-15T08:00:00Z', '2026-01-16T08:00:00Z'],
  ])('%s', (_name, at, start, next) => {
    expect(new Date(startOfPacificDay(utc(at))).toISOString()).toBe(new Date(utc(start)).toISOString());
    expect(new Date(nextMidnightPacific(utc(at))).toISOString()).toBe(new Date(utc(next)).toISOString());
  });

  it('the daily cap refuses with quota until Pacific midnight, then frees at once', async () => {
    let t = utc('2026-01-15T23:00:00Z'); // 15:00 in California
    const q = new QuotaLimiter({ now: () => t, sleep: async () => {} }, { perWindow: 30, windowMs: 30_000, perDay: 2 });
    await q.take();
    await q.take();
    const err = await q.take().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'quota', retryAfterMs: 9 * 3_600_000 });
    t = utc('2026-01-16T08:00:00Z');
    await expect(q.take()).resolves.toBeUndefined();
  });
});
