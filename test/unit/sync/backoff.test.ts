import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, rateLimitDelay, SyncError, withRetry } from '../../../src-main/sync/backoff';

const noSleep = { sleep: async () => {}, random: () => 0.5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoff', () => {
  it('parses Retry-After in seconds, HTTP dates, and Apple milliseconds', () => {
    expect(parseRetryAfter('3', 'seconds')).toBe(3000);
    expect(parseRetryAfter('1500', 'milliseconds')).toBe(1500);
    expect(parseRetryAfter(String(10_000 + 2500), 'epoch_milliseconds', 10_000)).toBe(2500);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 'seconds', 0)).toBe(60_000);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('jitters within bounds and honours Retry-After as a floor', () => {
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, { ...noSleep, random: Math.random });
      expect(d).toBeGreaterThanOrEqual(50);
      expect(d).toBeLessThanOrEqual(800);
      expect(rateLimitDelay(2000, 0, { ...noSleep, random: Math.random })).toBeGreaterThanOrEqual(2000);
    }
  });

  it('retries transient errors within the budget, rate limits by their own count, and fails others at once', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => { calls++; throw new SyncError('transient', 'boom'); }, (e) => e as SyncError, { policy: { ...noSleep, maxAttempts: 3 } }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(3);
    calls = 0;
    const waits: number[] = [];
    const v = await withRetry(
      async () => { if (++calls < 3) throw new SyncError('rate_limited', 'slow down', 1200); return 'ok'; },
      (e) => e as SyncError,
      { policy: { ...noSleep, sleep: async (ms) => { waits.push(ms); } } },
    );
    expect(v).toBe('ok');
    expect(waits.every((w) => w >= 1200)).toBe(true);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new SyncError('auth', 'Invalid API Key'); }, (e) => e as SyncError, { policy: noSleep })).rejects.toThrow('Invalid API Key');
    expect(calls).toBe(1);
  });
});
