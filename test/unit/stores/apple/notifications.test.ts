// Each App Store Server Notification V2 type the console shows, pulled through Get
// Notification History from the test server, verified and mapped.
import { describe, expect, it } from 'vitest';
import { createAppleAdapter } from '../../../../src-main/stores/apple';
import type { EventInput, IngestBatch } from '../../../../src-main/stores/types';
import { collect, ctx, subTx, worldPerTest, type World } from '../../../servers/apple/world';

let w: World;
worldPerTest('production', (x) => (w = x));

const adapter = () => createAppleAdapter(w.adapterOptions());

async function events(): Promise<{ batches: IngestBatch[]; events: EventInput[]; notices: string[] }> {
  const c = ctx();
  const batches = await collect(adapter().sync(null, c));
  return { batches, events: batches.flatMap((b) => b.events), notices: c.notices };
}

describe('Apple notification types', () => {
  it('SUBSCRIBED initial buy → purchase with the price in minor units, customer from appAccountToken', async () => {
    w.notify('SUBSCRIBED', 'INITIAL_BUY', subTx());
    const { batches, events: ev } = await events();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'purchase', amountMinor: 999, currency: 'USD', purchaseKey: '2000000100', orderId: '2000000100', source: 'notification_history' });
    const p = batches[0]!.purchases[0]!;
    expect(p).toMatchObject({ store: 'apple', storeKey: '2000000100', kind: 'subscription', environment: 'production', priceMinor: 999 });
    expect(p.customer.appUserId).toBe('7e3fb20b-4cdb-47cc-936d-99d65f608138');
    expect(p.customer.ids).toContainEqual({ kind: 'apple_app_account_token', value: '7e3fb20b-4cdb-47cc-936d-99d65f608138' });
  });

  it('SUBSCRIBED with a free trial → trial_started; the next DID_RENEW → trial_converted; then renewal', async () => {
    const t0 = Date.now() - 10_000;
    w.notify('SUBSCRIBED', 'INITIAL_BUY', subTx({ offerType: 1, offerDiscountType: 'FREE_TRIAL', price: 0 }), { signedDate: t0 });
    w.notify('DID_RENEW', null, subTx({ transactionId: '2000000101' }), { signedDate: t0 + 1000 });
    w.notify('DID_RENEW', null, subTx({ transactionId: '2000000102' }), { signedDate: t0 + 2000 });
    const { events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['trial_started', 'trial_converted', 'renewal']);
    expect(ev[1]!.amountMinor).toBe(999);
  });

  it('RESUBSCRIBE → purchase; ONE_TIME_CHARGE of a consumable → purchase on a consumable', async () => {
    w.notify('SUBSCRIBED', 'RESUBSCRIBE', subTx(), { signedDate: Date.now() - 5000 });
    w.notify('ONE_TIME_CHARGE', null, { transactionId: '3000', originalTransactionId: '3000', productId: 'coins.500', type: 'Consumable', price: 4990, currency: 'EUR', purchaseDate: Date.now() }, { signedDate: Date.now() - 1000 });
    const { batches, events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['purchase', 'purchase']);
    const coins = batches.flatMap((b) => b.purchases).find((p) => p.storeKey === '3000')!;
    expect(coins).toMatchObject({ kind: 'consumable', currency: 'EUR', priceMinor: 499 });
  });

  it('DID_FAIL_TO_RENEW → billing_issue, or grace_period with the GRACE_PERIOD subtype; GRACE_PERIOD_EXPIRED and EXPIRED → expiration', async () => {
    const t = Date.now() - 10_000;
    w.notify('DID_FAIL_TO_RENEW', null, subTx(), { signedDate: t, renewal: { originalTransactionId: '2000000100', autoRenewStatus: 1, productId: 'pro.monthly' } });
    w.notify('DID_FAIL_TO_RENEW', 'GRACE_PERIOD', subTx(), { signedDate: t + 1, renewal: { originalTransactionId: '2000000100', autoRenewStatus: 1, gracePeriodExpiresDate: t + 16 * 86_400_000 } });
    w.notify('GRACE_PERIOD_EXPIRED', null, subTx(), { signedDate: t + 2 });
    w.notify('EXPIRED', 'VOLUNTARY', subTx(), { signedDate: t + 3 });
    const { events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['billing_issue', 'grace_period', 'expiration', 'expiration']);
    expect(ev[1]!.detail!.graceUntil).toBe(t + 16 * 86_400_000);
    expect(ev[3]!.detail!.reason).toBe('voluntary');
  });

  it('DID_CHANGE_RENEWAL_STATUS → cancellation / renewal_enabled, with autoRenew on the purchase', async () => {
    const t = Date.now() - 10_000;
    w.notify('DID_CHANGE_RENEWAL_STATUS', 'AUTO_RENEW_DISABLED', subTx(), { signedDate: t, renewal: { originalTransactionId: '2000000100', autoRenewStatus: 0 } });
    w.notify('DID_CHANGE_RENEWAL_STATUS', 'AUTO_RENEW_ENABLED', subTx(), { signedDate: t + 1, renewal: { originalTransactionId: '2000000100', autoRenewStatus: 1 } });
    const { batches, events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['cancellation', 'renewal_enabled']);
    expect(batches.flatMap((b) => b.purchases).map((p) => p.autoRenew)).toEqual([false, true]);
  });

  it('OFFER_REDEEMED → product_change for an active subscriber, purchase for an initial buy', async () => {
    const t = Date.now() - 10_000;
    w.notify('OFFER_REDEEMED', null, subTx({ offerType: 2, offerIdentifier: 'winback50' }), { signedDate: t });
    w.notify('OFFER_REDEEMED', 'INITIAL_BUY', subTx({ transactionId: '9', originalTransactionId: '9', offerType: 3, offerIdentifier: 'CODE1', price: 4990 }), { signedDate: t + 1 });
    const { events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['product_change', 'purchase']);
    expect(ev[0]!.detail!.offer).toBe('winback50');
  });

  it('REFUND full and prorated, with percentage, reason and amount; consumable refunds too', async () => {
    const t = Date.now() - 10_000;
    w.notify('REFUND', null, subTx({ revocationDate: t, revocationReason: 1, revocationType: 'REFUND_FULL', revocationPercentage: 100000 }), { signedDate: t });
    w.notify('REFUND', null, subTx({ transactionId: '2000000101', revocationDate: t + 1, revocationReason: 0, revocationType: 'REFUND_PRORATED', revocationPercentage: 42500 }), { signedDate: t + 1 });
    w.notify('REFUND', null, { transactionId: '3000', originalTransactionId: '3000', productId: 'coins.500', type: 'Consumable', price: 4990, currency: 'USD', purchaseDate: t - 1000, revocationDate: t + 2, revocationReason: 0, revocationType: 'REFUND_FULL' }, { signedDate: t + 2 });
    const { events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['refund', 'refund', 'refund']);
    expect(ev[0]).toMatchObject({ amountMinor: 999, detail: { refundKind: 'full', percentage: 100, revokesAccess: true, detectedVia: 'apple_notification_history' } });
    expect(ev[0]!.detail!.reason).toMatch(/issue in the app/);
    expect(ev[1]).toMatchObject({ amountMinor: 425, detail: { refundKind: 'prorated', percentage: 42.5 } });
    expect(ev[2]).toMatchObject({ amountMinor: 499, purchaseKey: '3000', detail: { summary: 'refunded by Apple (consumable)' } });
  });

  it('REFUND_DECLINED, REFUND_REVERSED and REVOKE (family sharing)', async () => {
    const t = Date.now() - 10_000;
    w.notify('REFUND_DECLINED', null, subTx(), { signedDate: t });
    w.notify('REFUND_REVERSED', null, subTx(), { signedDate: t + 1 });
    w.notify('REVOKE', null, subTx({ inAppOwnershipType: 'FAMILY_SHARED', revocationType: 'FAMILY_REVOKE', revocationDate: t + 2 }), { signedDate: t + 2 });
    const { events: ev } = await events();
    expect(ev.map((e) => e.type)).toEqual(['refund_declined', 'refund_reversed', 'revoke']);
    expect(ev[2]!.detail!.revokesAccess).toBe(true);
  });

  it('CONSUMPTION_REQUEST → consumption_request with a deadline 12 h after the notification', async () => {
    const t = Date.now() - 60_000;
    w.notify('CONSUMPTION_REQUEST', null, { transactionId: '3000', originalTransactionId: '3000', productId: 'coins.500', type: 'Consumable', price: 4990, currency: 'USD', purchaseDate: t - 1000 }, { signedDate: t, consumptionRequestReason: 'UNINTENDED_PURCHASE' });
    const { events: ev } = await events();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'consumption_request', occurredAt: t, detail: { deadlineAt: t + 12 * 3_600_000, transactionId: '3000', reason: 'UNINTENDED_PURCHASE' } });
  });
});

describe('Apple transactions without their keys', () => {
  it('a signed transaction with no transactionId is refused with a notice, the others are kept', async () => {
    const t = Date.now() - 5000;
    w.notify('ONE_TIME_CHARGE', null, { ...subTx({ originalTransactionId: '4000', type: 'Consumable' }), transactionId: undefined }, { signedDate: t });
    w.notify('DID_RENEW', null, subTx({ transactionId: '2000000105' }), { signedDate: t + 1 });
    const { events: ev, notices } = await events();
    expect(ev.map((e) => e.orderId)).toEqual(['2000000105']);
    expect(ev.some((e) => e.dedupeKey === 'apple:charge:')).toBe(false);
    expect(notices.join('\n')).toMatch(/Apple transaction rejected: transactionId .*nothing of it was written/);
  });
});

describe('Apple: what the store allows', () => {
  it('no refund from the adapter; STORE_PROFILES gives the customer procedure and a ready reply naming reportaproblem and HT204084', async () => {
    const { STORE_PROFILES } = await import('../../../../src-main/domain/profiles');
    const a = adapter();
    expect(a.refund).toBeUndefined();
    expect(a.consumption).toBeDefined();
    expect(STORE_PROFILES.apple).toMatchObject({ store: 'apple', canRefund: false, refundModes: [] });
    expect(STORE_PROFILES.apple.procedure).toMatch(/reportaproblem\.apple\.com.*HT204084/s);
    const reply = STORE_PROFILES.apple.reply!({ productId: 'coins.500', orderId: 'MQ1234ABCD' });
    expect(reply).toContain('https://reportaproblem.apple.com');
    expect(reply).toContain('https://support.apple.com/en-us/HT204084');
    expect(reply).toContain('MQ1234ABCD');
  });
});
