// Amazon RVS through the adapter against the local RVS server: receipts, cancellations
// with each cancelReason, every status code, sandbox path, testConnection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_PROFILES } from '../../../../src-main/domain/profiles';
import { AMAZON_REFUND_CAVEAT, createAmazonAdapter } from '../../../../src-main/stores/amazon';
import type { IngestBatch } from '../../../../src-main/stores/types';
import { FakeRvsServer, subscriptionReceipt } from '../../../servers/amazon/server';

const SECRET = '2:smXBjZkWCxDMSBvQ8HBGsUS1PK3jvVc8tuTjLNfPHfYAga6WaDz';
let rvs: FakeRvsServer;
let known: { receiptId: string; userId: string }[];

beforeEach(async () => {
  rvs = new FakeRvsServer(SECRET);
  await rvs.start();
  known = [];
});
afterEach(async () => {
  await rvs.close();
});

const ctx = () => {
  const notices: string[] = [];
  return { notices, signal: new AbortController().signal, progress: () => {}, notice: (m: string) => void notices.push(m) };
};
const adapter = (o: { secret?: string; env?: 'production' | 'sandbox' } = {}) =>
  createAmazonAdapter({ credential: { store: 'amazon', sharedSecret: o.secret ?? SECRET, environment: o.env ?? 'production' }, baseUrl: rvs.url, knownReceipts: () => known });
async function run(a = adapter()): Promise<{ batches: IngestBatch[]; notices: string[] }> {
  const c = ctx();
  const batches: IngestBatch[] = [];
  for await (const b of a.sync(null, c)) batches.push(b);
  return { batches, notices: c.notices };
}
const add = (id: string, user: string, o: Record<string, unknown> = {}) => {
  rvs.receipts.set(id, { userId: user, body: subscriptionReceipt(id, o) });
  known.push({ receiptId: id, userId: user });
};

describe('Amazon RVS', () => {
  it('maps an active subscription receipt to a purchase with the user ID as customer', async () => {
    add('r-active', 'user-1');
    const { batches } = await run();
    expect(batches[0]!.purchases[0]).toMatchObject({ store: 'amazon', storeKey: 'r-active', kind: 'subscription', purchasedAt: 1_760_000_000_000, autoRenew: true, productId: 'com.example.pro.monthly' });
    expect(batches[0]!.purchases[0]!.customer.ids).toContainEqual({ kind: 'amazon_user_id', value: 'user-1' });
    expect(batches[0]!.events.map((e) => e.type)).toEqual(['purchase']);
    expect(rvs.requests[0]).toBe(`/version/1.0/verifyReceiptId/developer/${encodeURIComponent(SECRET)}/user/user-1/receiptId/r-active`);
  });

  it('turns cancelDate + cancelReason into cancellations in words, honest that a refund cannot be told apart', async () => {
    add('r1', 'u', { cancelDate: 1_761_000_000_001, cancelReason: 1 });
    add('r2', 'u', { cancelDate: 1_761_000_000_002, cancelReason: 2 });
    add('r4', 'u', { cancelDate: 1_761_000_000_004, cancelReason: 4 });
    add('r0', 'u', { cancelDate: 1_761_000_000_000, cancelReason: 0 });
    add('rx', 'u', { cancelDate: 1_761_000_000_003, cancelReason: null });
    const { batches, notices } = await run();
    const cancels = batches.flatMap((b) => b.events).filter((e) => e.type === 'cancellation');
    expect(cancels.map((e) => [e.purchaseKey, e.detail!.reason])).toEqual([
      ['r1', 'cancelled by the customer (a refund by Amazon customer service looks the same)'],
      ['r2', 'cancelled by Amazon (for example, payment not completed in the grace period)'],
      ['r4', 'replaced by a new subscription (tier change)'],
    ]);
    expect(cancels.map((e) => e.detail!.possibleRefund)).toEqual([true, true, false]);
    expect(cancels.every((e) => e.detail!.summary === AMAZON_REFUND_CAVEAT)).toBe(true);
    expect(AMAZON_REFUND_CAVEAT).toMatch(/does not tell/);
    // 0 (not available yet) and a missing reason are both "checked again later".
    expect(notices.join('\n')).toMatch(/r0.*does not say why yet.*checked again/);
    expect(notices.join('\n')).toMatch(/rx.*does not say why yet.*checked again/);
    expect(batches.flatMap((b) => b.purchases).find((p) => p.storeKey === 'rx')!.autoRenew).toBe(false);
  });

  it.each([
    [400, 'unknown-receipt', /does not know this receipt ID or user ID \(400/],
    [497, 'wrong-user', /does not know this user ID \(497/],
    [410, 'deleted', /no longer valid \(410\)/],
  ])('%i is about one receipt: noticed and skipped, the others are kept', async (_status, id, words) => {
    add('ok', 'u');
    if (id === 'unknown-receipt') known.push({ receiptId: id, userId: 'u' });
    if (id === 'wrong-user') {
      rvs.receipts.set(id, { userId: 'someone-else', body: subscriptionReceipt(id) });
      known.push({ receiptId: id, userId: 'u' });
    }
    if (id === 'deleted') {
      add(id, 'u');
      rvs.statusFor.set(id, 410);
    }
    const { batches, notices } = await run();
    expect(batches.flatMap((b) => b.purchases).map((p) => p.storeKey)).toEqual(['ok']);
    expect(notices.join('\n')).toMatch(words);
  });

  it.each([
    [496, 'auth', false, /shared secret/],
    [429, 'rate_limited', true, /rate-limited/],
    [500, 'transient', true, /internal error/],
  ])('%i stops the run with %s', async (status, kind, retryable, words) => {
    add('r', 'u');
    const a = status === 496 ? adapter({ secret: 'wrong' }) : adapter();
    if (status !== 496) rvs.statusFor.set('r', status);
    const err = await run(a).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind, retryable, status });
    expect((err as Error).message).toMatch(words);
  });

  it('uses the RVS Cloud Sandbox path in the sandbox', async () => {
    add('r', 'u', { testTransaction: true });
    const { batches } = await run(adapter({ env: 'sandbox' }));
    expect(rvs.requests[0]).toMatch(/^\/sandbox\/version\/1\.0\/verifyReceiptId\//);
    expect(batches[0]!.purchases[0]!.environment).toBe('sandbox');
  });

  it('testConnection: a made-up receipt answered 400 proves the secret; 496 says it is wrong', async () => {
    expect(await adapter().testConnection()).toMatchObject({ ok: true, message: 'Amazon accepted the shared secret.' });
    const bad = await adapter({ secret: 'nope' }).testConnection();
    expect(bad).toMatchObject({ ok: false });
    expect(bad.message).toMatch(/496/);
  });

  it('refresh checks only the receipts of the pasted user ID or receipt ID; the profile says to contact Amazon', async () => {
    add('a', 'u1');
    add('b', 'u2');
    const c = ctx();
    const out: IngestBatch[] = [];
    const a = adapter();
    for await (const b of a.refresh!([{ kind: 'amazon_user_id', value: 'u2' }], c)) out.push(b);
    expect(out.flatMap((b) => b.purchases).map((p) => p.storeKey)).toEqual(['b']);
    expect(a.refund).toBeUndefined();
    expect(STORE_PROFILES.amazon.canRefund).toBe(false);
    expect(STORE_PROFILES.amazon.procedure).toMatch(/Amazon customer service/);
  });
});
