// Apple's billing grace period through the whole path: notification history → mapping →
// ingest → entitlement. Apple lets a developer choose a 3-, 16- or 28-day grace period
// (App Store Connect, "Enable billing grace period"); the renewal info's
// gracePeriodExpiresDate says when it ends.
import { afterEach, describe, expect, it } from 'vitest';
import { createAppleAdapter } from '../../../../src-main/stores/apple';
import { ingest } from '../../../../src-main/db/ingest';
import { tempDb, type TempDb } from '../../../support/db';
import { collect, ctx, subTx, worldPerTest, type World } from '../../../servers/apple/world';
import { purchases } from '../../../support/read';

let w: World;
worldPerTest('production', (x) => (w = x));
let t: TempDb | undefined;
afterEach(() => t?.close());
const DAY = 86_400_000;

describe('Apple grace period', () => {
  it('reads "in grace" on day 3 of a 16-day grace period, and expired after it', async () => {
    t = tempDb();
    const expires = Date.now() - 3 * DAY;
    const tx = subTx({ purchaseDate: expires - 30 * DAY, originalPurchaseDate: expires - 30 * DAY, expiresDate: expires });
    w.notify('SUBSCRIBED', 'INITIAL_BUY', tx, { signedDate: expires - 30 * DAY });
    w.notify('DID_FAIL_TO_RENEW', 'GRACE_PERIOD', tx, {
      signedDate: expires + 60_000,
      renewal: { originalTransactionId: '2000000100', autoRenewStatus: 1, productId: 'pro.monthly', gracePeriodExpiresDate: expires + 16 * DAY },
    });
    const batches = await collect(createAppleAdapter(w.adapterOptions()).sync(null, ctx()));
    for (const b of batches) ingest(t.db, { purchases: b.purchases, events: b.events }, Date.now());
    const p = () => (({ state, state_until, state_reason }) => ({ state, state_until, state_reason }))(purchases(t!.db)[0]!);
    expect(p()).toEqual({ state: 'in_grace', state_until: expires + 16 * DAY, state_reason: 'Billing failed; in the grace period' });
    // the same history read the day after the grace period ended
    const { rederive } = await import('../../../../src-main/db/ledgerEntitlement');
    rederive(t.db, 1, expires + 17 * DAY);
    expect(p()).toMatchObject({ state: 'expired', state_reason: 'Grace period ended' });
  });
});

describe('billing retry ages by the store windows', () => {
  it('a 2020 billing issue no longer reads "the store is retrying"; one from last week still does', async () => {
    const { deriveEntitlement } = await import('../../../../src-main/db/entitlement');
    const now = Date.UTC(2026, 11, 3);
    const at = (failedAt: number, store: 'apple' | 'google' | 'stripe' | 'amazon' = 'apple') =>
      deriveEntitlement(
        {
          store,
          kind: 'subscription',
          expiresAt: failedAt,
          events: [
            { type: 'purchase', occurredAt: failedAt - 30 * DAY, detail: null },
            { type: 'billing_issue', occurredAt: failedAt, detail: null },
          ],
        },
        now,
      );
    const old = Date.UTC(2020, 2, 1);
    for (const store of ['apple', 'google', 'stripe', 'amazon'] as const) {
      expect(at(old, store)).toEqual({ state: 'expired', until: old + 60 * DAY, reason: 'Billing failed; the store stopped retrying' });
    }
    expect(at(now - 7 * DAY)).toMatchObject({ state: 'billing_retry', reason: 'Billing failed; the store is retrying' });
    // Apple's 60 days: day 59 still retrying, day 61 given up
    expect(at(now - 59 * DAY).state).toBe('billing_retry');
    expect(at(now - 61 * DAY).state).toBe('expired');
  });
});

describe('Apple grace without renewal info', () => {
  it('takes the shortest grace Apple offers (3 days after the period) instead of none', async () => {
    const { eventFromNotification } = await import('../../../../src-main/stores/apple/map');
    const expires = Date.UTC(2026, 10, 1);
    const m = eventFromNotification(
      { notificationType: 'DID_FAIL_TO_RENEW', subtype: 'GRACE_PERIOD', signedDate: expires } as never,
      { transactionId: '1', originalTransactionId: '1', expiresDate: expires, type: 'Auto-Renewable Subscription' } as never,
      null,
      false,
    );
    expect(m?.detail).toMatchObject({ graceUntil: expires + 3 * DAY, graceEstimated: true });
  });
});
