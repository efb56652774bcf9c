// The failure paths whose messages could echo a secret: each store refusing the credential
// (401 / 496 / a wrong key), a missing permission, a malformed answer, and a refund whose
// response is lost and is settled by reconcile. The good credentials are put back after.
import { expect } from 'vitest';
import { STORES } from '../../../src-main/ipc/contract';
import { settle, waitForSync, type Session } from './steps';

const alnum = (n: number) => 'Zq8Wm3Xr7Tn2Vb6Kp4Hs9Jd5'.repeat(4).slice(0, n);

export async function exerciseErrorPaths(s: Session): Promise<void> {
  const { world, rec } = s;
  const m = world.markers;

  // Stripe: a malformed page of events, then a key Stripe does not know (its 401 quotes a masked key).
  world.stripe.addFault({ fault: { kind: 'malformed' }, method: 'GET', path: '/v1/events', times: 1 });
  let since = Date.now();
  await rec.ok('sync:now', { account: 'stripe' });
  await waitForSync(s, ['stripe'], since);
  await rec.ok('credentials:set', { store: 'stripe', secretKey: `sk_test_${m.stripe}${alnum(30)}` });
  const stripeTest = await rec.ok('credentials:test', { store: 'stripe' });
  expect(stripeTest.ok).toBe(false);
  await settle(s);
  since = Date.now();
  await rec.ok('sync:now', { account: 'stripe' });
  const [stripeSync] = await waitForSync(s, ['stripe'], since);
  expect(stripeSync!.state).toBe('error');
  await rec.ok('credentials:set', world.inputs.stripe);

  // Google: 401s from the API, then a service account without "View financial data".
  world.google.faults.push({ fault: '401', match: 'voidedpurchases', times: 20 });
  await settle(s);
  since = Date.now();
  await rec.ok('sync:now', { account: 'google' });
  const [googleSync] = await waitForSync(s, ['google'], since);
  expect(googleSync!.state).toBe('error');
  expect((await rec.ok('credentials:test', { store: 'google' })).ok).toBe(false);
  world.google.faults.splice(0);
  world.google.account.permissions.viewFinancialData = false;
  const googleTest = await rec.ok('credentials:test', { store: 'google' });
  expect(googleTest.ok).toBe(false);
  world.google.account.permissions.viewFinancialData = true;
  // Every credentials:test announces onCredentialsChanged, which rebuilds the adapters.
  await settle(s);

  // Apple: history answers 401.
  world.apple.failNext({ path: '/inApps/v1/notifications/history', status: 401, times: 20 });
  since = Date.now();
  await rec.ok('sync:now', { account: 'apple' });
  const [appleSync] = await waitForSync(s, ['apple'], since);
  expect(appleSync!.state).toBe('error');
  expect((await rec.ok('credentials:test', { store: 'apple' })).ok).toBe(false);
  world.apple.failures.splice(0);
  await settle(s);

  // Amazon: a shared secret Amazon refuses (496), in the test and in sync.
  await rec.ok('credentials:set', { store: 'amazon', sharedSecret: `2:${m.amazon}:${alnum(24)}`, environment: 'production' });
  expect((await rec.ok('credentials:test', { store: 'amazon' })).ok).toBe(false);
  await settle(s);
  since = Date.now();
  await rec.ok('sync:now', { account: 'amazon' });
  const [amazonSync] = await waitForSync(s, ['amazon'], since);
  expect(amazonSync!.state).toBe('error');
  await rec.ok('credentials:set', world.inputs.amazon);

  // A Stripe refund whose answer is lost after Stripe refunded: unknown, then reconcile settles it.
  await settle(s);
  world.stripe.addFault({ fault: { kind: 'drop_after' }, method: 'POST', path: '/v1/refunds', times: 10 });
  const purchaseId = s.customers.stripe!.purchases.find((p) => p.store === 'stripe')!.id;
  const lost = await rec.ok('refunds:create', { purchaseId, mode: 'refund', refundKind: 'partial', amountMinor: 300, reason: 'duplicate' });
  expect(lost.status).toBe('unknown');
  world.stripe.clearFaults();
  const settled = await rec.ok('refunds:reconcile', { intentId: lost.id });
  expect(settled.intents[0]?.status).toBe('succeeded');

  // Everything good again: a last sync of every account, so the final state is a healthy one.
  since = Date.now();
  await rec.ok('sync:now', {});
  await waitForSync(s, [...STORES], since);
}
