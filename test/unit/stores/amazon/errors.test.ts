// Amazon RVS failures as StoreError, against the local RVS server: the documented status
// codes (400, 496, 497, 410, 429, 500), a hang, a body that is not RVS's JSON, no server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRvsClient } from '../../../../src-main/stores/amazon';
import { StoreError } from '../../../../src-main/stores/errors';
import { FakeRvsServer, subscriptionReceipt } from '../../../servers/amazon/server';

const SECRET = '2:smXBjZkWCxDMSBvQ8HBGsUS1PK3jvVc8tuTjLNfPHfYAga6WaDz';
let rvs: FakeRvsServer;
beforeEach(async () => {
  rvs = new FakeRvsServer(SECRET);
  await rvs.start();
  rvs.receipts.set('r1', { userId: 'u1', body: subscriptionReceipt('r1') });
});
afterEach(async () => {
  await rvs.close();
});

const client = (o: { secret?: string; timeoutMs?: number } = {}) =>
  createRvsClient({ credential: { store: 'amazon', sharedSecret: o.secret ?? SECRET, environment: 'production' }, baseUrl: rvs.url, timeoutMs: o.timeoutMs });
const failure = async (c = client(), user = 'u1', receipt = 'r1'): Promise<StoreError> => {
  const e = await c.verify(user, receipt).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(StoreError);
  return e as StoreError;
};

describe('Amazon RVS client: wire failures as StoreError', () => {
  it('a known receipt comes back validated (control)', async () => {
    expect(await client().verify('u1', 'r1')).toMatchObject({ receiptId: 'r1', productType: 'SUBSCRIPTION' });
  });

  it('496 (wrong shared secret): auth, and the message never carries the secret', async () => {
    const e = await failure(client({ secret: 'wrong-secret' }));
    expect(e).toMatchObject({ kind: 'auth', status: 496, retryable: false });
    expect(e.message).not.toContain('wrong-secret');
  });

  it('400 (unknown receipt), 497 (unknown user), 410 (cancelled or deleted): not_found, about that receipt', async () => {
    expect(await failure(client(), 'u1', 'nope')).toMatchObject({ kind: 'not_found', status: 400, storeCode: '400' });
    expect(await failure(client(), 'someone-else', 'r1')).toMatchObject({ kind: 'not_found', status: 497 });
    rvs.statusFor.set('r1', 410);
    expect(await failure()).toMatchObject({ kind: 'not_found', status: 410 });
  });

  it('429: rate_limited; Amazon documents no Retry-After, so none is assumed', async () => {
    rvs.failNext.push(429);
    expect(await failure()).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: null, retryable: true });
  });

  it('500: transient', async () => {
    rvs.failNext.push(500);
    expect(await failure()).toMatchObject({ kind: 'transient', status: 500, answerLost: true });
  });

  it('no answer in time: transient', async () => {
    rvs.holdMs = 400;
    const e = await failure(client({ timeoutMs: 100 }));
    expect(e).toMatchObject({ kind: 'transient', status: null });
    expect(e.message).not.toContain(SECRET);
  });

  it('a 200 body that is not JSON, or JSON without the documented fields: malformed', async () => {
    rvs.rawFor.set('r1', '<html>oops</html>');
    expect(await failure()).toMatchObject({ kind: 'malformed' });
    rvs.rawFor.set('r1', JSON.stringify({ receiptId: 'r1', productType: 'SUBSCRIPTION', purchaseDate: 'yesterday' }));
    const e = await failure();
    expect(e).toMatchObject({ kind: 'malformed' });
    expect(e.message).toMatch(/cannot be read/);
  });

  it('no server: offline', async () => {
    await rvs.close();
    const e = await failure();
    expect(e).toMatchObject({ kind: 'offline', retryable: true });
    expect(e.message).not.toContain(SECRET);
  });
});
