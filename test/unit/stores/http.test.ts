import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src-main/stores/errors';
import { backoffDelay, networkError, parseRetryAfter, rateLimitDelay, withRetry } from '../../../src-main/stores/http';

const noSleep = { sleep: async () => {}, random: () => 0.5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('stores/http: retry and backoff', () => {
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
      withRetry(async () => { calls++; throw new StoreError('transient', 'boom'); }, undefined, { policy: { ...noSleep, maxAttempts: 3 } }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(3);
    calls = 0;
    const waits: number[] = [];
    const v = await withRetry(
      async () => { if (++calls < 3) throw new StoreError('rate_limited', 'slow down', { retryAfterMs: 1200 }); return 'ok'; },
      undefined,
      { policy: { ...noSleep, sleep: async (ms) => { waits.push(ms); } } },
    );
    expect(v).toBe('ok');
    expect(waits.every((w) => w >= 1200)).toBe(true);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new StoreError('auth', 'Invalid API Key'); }, undefined, { policy: noSleep })).rejects.toThrow('Invalid API Key');
    expect(calls).toBe(1);
  });

  it('does not wait out a quota reset longer than the policy allows', async () => {
    let calls = 0;
    const err = await withRetry(async () => { calls++; throw new StoreError('quota', 'daily quota', { retryAfterMs: 6 * 3_600_000 }); }, undefined, { policy: noSleep }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as StoreError).kind).toBe('quota');
  });
});

describe('stores/http: failures no store names', () => {
  it('a refused port is offline, a dropped connection transient: real sockets, not made-up errors', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dropped = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    await new Promise((r) => server.close(r));
    // The same port, now closed: ECONNREFUSED.
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(networkError(refused, 'Amazon').kind).toBe('offline');
    const e = networkError(dropped, 'Amazon');
    expect(e.kind).toBe('transient');
    expect(e.answerLost).toBe(true);
  });

  it('an abort by timeout is transient; a JSON syntax error malformed', async () => {
    const timedOut = await fetch('http://10.255.255.1/', { signal: AbortSignal.timeout(1) }).catch((e: unknown) => e);
    expect(networkError(timedOut).kind).toBe('transient');
    expect(networkError(new SyntaxError('Unexpected token <')).kind).toBe('malformed');
  });
});
