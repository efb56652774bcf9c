// Apple's failures as StoreError, against the local App Store Server API: each status
// Apple documents, its Retry-After (UNIX ms), a hang, and a body that is not Apple's format.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../../../src-main/stores/errors';
import { createAppleAdapter } from '../../../../src-main/stores/apple';
import { collect, ctx, worldPerTest, type World } from '../../../servers/apple/world';

let w: World;
worldPerTest('sandbox', (x) => {
  w = x;
});
afterEach(() => vi.useRealTimers());

const HISTORY = '/inApps/v2/history/';
const refreshError = async (o: Partial<Parameters<typeof createAppleAdapter>[0]> = {}): Promise<StoreError> => {
  const a = createAppleAdapter({ ...w.adapterOptions(), retry: { sleep: async () => {}, random: () => 0 }, ...o });
  const err = await collect(a.refresh!([{ kind: 'apple_original_transaction_id', value: '2000000100' }], ctx())).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
};

describe('Apple client: wire failures as StoreError', () => {
  it('401: auth, with the words to check the key', async () => {
    w.server.failNext({ path: HISTORY, status: 401, times: 1 });
    const e = await refreshError();
    expect(e).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(e.message).toMatch(/key ID, issuer ID, bundle ID/);
  });

  it('404 TransactionIdNotFoundError: not_found; a "Retryable" 404 (4040006) is transient', async () => {
    w.server.failNext({ path: HISTORY, status: 404, errorCode: 4040010, times: 1 });
    expect(await refreshError()).toMatchObject({ kind: 'not_found', status: 404, storeCode: '4040010' });
    w.server.failNext({ path: HISTORY, status: 404, errorCode: 4040006, times: 1 });
    expect(await refreshError()).toMatchObject({ kind: 'transient', status: 404, storeCode: '4040006', retryable: true });
  });

  it('429 with Retry-After as a UNIX time in ms: rate_limited with the wait, after the allowed waits', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    w.server.failNext({ path: HISTORY, status: 429, retryAfterMs: 90_000, times: 1 });
    // 90 s is over the minute Apple's calls wait in place: no wait, the run ends with the wait in it
    expect(await refreshError()).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 90_000, storeCode: '4290000' });
  });

  it('5xx: transient (GeneralInternalError), the answer lost', async () => {
    w.server.failNext({ path: HISTORY, status: 503, errorCode: 5000000, times: 1 });
    const e = await refreshError();
    expect(e).toMatchObject({ kind: 'transient', status: 503, answerLost: true });
  });

  it('no answer in time: transient', async () => {
    w.server.failNext({ path: HISTORY, status: 200, body: '{}', holdMs: 400, times: 1 });
    const e = await refreshError({ timeoutMs: 100 });
    expect(e).toMatchObject({ kind: 'transient', status: null });
    expect(e.message).toMatch(/did not answer Get Transaction History within/);
  });

  it('a 200 body that is not JSON, or not the documented shape: malformed, nothing written', async () => {
    w.server.failNext({ path: HISTORY, status: 200, body: '<html>maintenance</html>', times: 1 });
    expect(await refreshError()).toMatchObject({ kind: 'malformed' });
    w.server.failNext({ path: HISTORY, status: 200, body: JSON.stringify({ signedTransactions: 'not a list', hasMore: 'yes' }), times: 1 });
    expect(await refreshError()).toMatchObject({ kind: 'malformed' });
  });

  it('the unreachable server: offline', async () => {
    await w.server.close();
    expect(await refreshError()).toMatchObject({ kind: 'offline', retryable: true });
  });
});
