// One case per store rule of DESIGN.md §2, through the real ingest path.
import { afterEach, describe, expect, it } from 'vitest';
import { deriveEntitlement } from '../../../src-main/db/entitlement';
import { ingest } from '../../../src-main/db/ingest';
import { STORE_PROFILES } from '../../../src-main/domain/profiles';
import { STORES } from '../../../src-main/ipc/vocabulary';
import type { EventInput, PurchaseInput } from '../../../src-main/stores/types';
import { tempDb, type TempDb } from '../../support/db';
import { ev, purchase } from '../../support/batches';
import { purchases } from '../../support/read';

let t: TempDb | undefined;
afterEach(() => t?.close());
const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

function stateAfter(p: PurchaseInput, events: EventInput[]) {
  t?.close();
  t = tempDb();
  ingest(t.db, { purchases: [p], events }, NOW);
  const [row] = purchases(t.db);
  return { state: row!.state, until: row!.state_until, reason: row!.state_reason };
}

describe('entitlement by store rule', () => {
  it('subscription renewing: active until expiry', () => {
    const s = stateAfter(purchase('apple', 'o1', { expiresAt: NOW + 10 * DAY }), [ev('apple', 'o1', 'purchase', NOW - 20 * DAY)]);
    expect(s).toMatchObject({ state: 'active', until: NOW + 10 * DAY });
  });

  it('auto-renew off: cancelled but active to the end of the period', () => {
    expect(stateAfter(purchase('stripe', 's1', { expiresAt: NOW + DAY }), [ev('stripe', 's1', 'purchase', NOW - DAY), ev('stripe', 's1', 'cancellation', NOW - 1)]).state).toBe('cancelled_active');
  });

  it('billing issue then grace period, then expired when the grace ends', () => {
    expect(stateAfter(purchase('google', 't1', { expiresAt: NOW - 1 }), [ev('google', 't1', 'purchase', NOW - 40 * DAY), ev('google', 't1', 'billing_issue', NOW - 2)]).state).toBe('billing_retry');
    expect(stateAfter(purchase('google', 't1'), [ev('google', 't1', 'purchase', NOW - 40 * DAY), ev('google', 't1', 'grace_period', NOW - 2, { detail: { graceUntil: NOW + DAY } })]).state).toBe('in_grace');
    expect(stateAfter(purchase('google', 't1'), [ev('google', 't1', 'purchase', NOW - 40 * DAY), ev('google', 't1', 'grace_period', NOW - 9 * DAY, { detail: { graceUntil: NOW - DAY } })]).state).toBe('expired');
  });

  it('Google refund and revoke: access ends now', () => {
    const s = stateAfter(purchase('google', 't2', { expiresAt: NOW + 20 * DAY }), [
      ev('google', 't2', 'purchase', NOW - 10 * DAY),
      ev('google', 't2', 'refund', NOW - DAY, { detail: { refundKind: 'full', revokesAccess: true } }),
    ]);
    expect(s).toMatchObject({ state: 'revoked', until: NOW - DAY });
  });

  it('Google refund only (found through the Orders API): access stays to the end of the period', () => {
    const s = stateAfter(purchase('google', 't3', { expiresAt: NOW + 20 * DAY }), [
      ev('google', 't3', 'purchase', NOW - 10 * DAY),
      ev('google', 't3', 'refund', NOW - DAY, { detail: { refundKind: 'partial', revokesAccess: false, detectedVia: 'google_orders' } }),
    ]);
    expect(s.state).toBe('refunded_active');
    expect(s.reason).toMatch(/refund only/);
  });

  it('Stripe refund without cancelling: refunded, still active; with cancel: revoked', () => {
    const p = purchase('stripe', 'sub_9', { expiresAt: NOW + 5 * DAY });
    expect(stateAfter(p, [ev('stripe', 'sub_9', 'purchase', NOW - DAY), ev('stripe', 'sub_9', 'refund', NOW - 1)]).state).toBe('refunded_active');
    expect(stateAfter(p, [ev('stripe', 'sub_9', 'purchase', NOW - DAY), ev('stripe', 'sub_9', 'refund', NOW - 1, { detail: { revokesAccess: true } })]).state).toBe('revoked');
  });

  it('Apple REFUND revokes; REFUND_REVERSED restores; REFUND_DECLINED changes nothing', () => {
    const p = purchase('apple', 'o2', { expiresAt: NOW + 5 * DAY });
    const base = [ev('apple', 'o2', 'purchase', NOW - 3 * DAY)];
    expect(stateAfter(p, [...base, ev('apple', 'o2', 'refund', NOW - 2 * DAY)]).state).toBe('revoked');
    expect(stateAfter(p, [...base, ev('apple', 'o2', 'refund', NOW - 2 * DAY), ev('apple', 'o2', 'refund_reversed', NOW - DAY)]).state).toBe('active');
    expect(stateAfter(p, [...base, ev('apple', 'o2', 'refund_declined', NOW - DAY)]).state).toBe('active');
  });

  it('Apple consumable: consumed; refunded consumable: revoked', () => {
    const p = purchase('apple', 'o3', { kind: 'consumable' });
    expect(stateAfter(p, [ev('apple', 'o3', 'purchase', NOW - DAY)]).state).toBe('consumed');
    expect(stateAfter(p, [ev('apple', 'o3', 'purchase', NOW - DAY), ev('apple', 'o3', 'refund', NOW - 1)]).state).toBe('revoked');
  });

  it('Amazon cancellation: refund cannot be told apart, access stays to the end of the period', () => {
    const s = stateAfter(purchase('amazon', 'r1', { expiresAt: NOW + 3 * DAY }), [ev('amazon', 'r1', 'purchase', NOW - DAY), ev('amazon', 'r1', 'cancellation', NOW - 1)]);
    expect(s.state).toBe('refunded_active');
    expect(s.reason).toMatch(/Amazon does not say/);
  });

  it('Google one-time refund with or without revoking the item', () => {
    const p = purchase('google', 'tok-ot', { kind: 'one_time' });
    expect(stateAfter(p, [ev('google', 'tok-ot', 'purchase', NOW - DAY), ev('google', 'tok-ot', 'refund', NOW - 1)]).state).toBe('refunded_active');
    expect(stateAfter(p, [ev('google', 'tok-ot', 'purchase', NOW - DAY), ev('google', 'tok-ot', 'refund', NOW - 1, { detail: { revokesAccess: true } })]).state).toBe('revoked');
  });

  it('a refund of an earlier period does not outlive the next renewal; expiry ends access', () => {
    expect(deriveEntitlement({ store: 'google', kind: 'subscription', expiresAt: NOW + DAY, events: [
      { type: 'purchase', occurredAt: 1, detail: null },
      { type: 'refund', occurredAt: 2, detail: { revokesAccess: false } },
      { type: 'renewal', occurredAt: 3, detail: null },
    ] }, NOW).state).toBe('active');
    expect(deriveEntitlement({ store: 'stripe', kind: 'subscription', expiresAt: NOW - 1, events: [{ type: 'purchase', occurredAt: 1, detail: null }] }, NOW).state).toBe('expired');
  });
});

// The rules come from each store's profile (access), not from store names in the code.
describe('entitlement rules read from STORE_PROFILES', () => {
  const sub = (store: (typeof STORES)[number], events: Parameters<typeof deriveEntitlement>[0]['events']) =>
    deriveEntitlement({ store, kind: 'subscription', expiresAt: NOW + 10 * DAY, events: [{ type: 'purchase', occurredAt: NOW - DAY, detail: null }, ...events] }, NOW);

  it.each(STORES)('%s: a refund without revoke keeps access unless the store’s refund always revokes', (store) => {
    const { refundRevokes, refundKeptWords, refundRevokedWords } = STORE_PROFILES[store].access;
    const s = sub(store, [{ type: 'refund', occurredAt: NOW - 1, detail: { revokesAccess: false } }]);
    expect(s).toMatchObject(refundRevokes ? { state: 'revoked', reason: refundRevokedWords } : { state: 'refunded_active', reason: refundKeptWords });
    expect(sub(store, [{ type: 'refund', occurredAt: NOW - 1, detail: { revokesAccess: true } }])).toMatchObject({ state: 'revoked', reason: refundRevokedWords, until: NOW - 1 });
  });

  it.each(STORES)('%s: a cancellation reads as a possible refund only where the store hides refunds in it', (store) => {
    const { cancellationMayHideRefund, refundKeptWords } = STORE_PROFILES[store].access;
    const s = sub(store, [{ type: 'cancellation', occurredAt: NOW - 1, detail: null }]);
    expect(s).toMatchObject(cancellationMayHideRefund ? { state: 'refunded_active', reason: refundKeptWords } : { state: 'cancelled_active' });
  });

  it.each(STORES)('%s: "the store is retrying" lasts exactly the store’s retry window', (store) => {
    const windowMs = STORE_PROFILES[store].access.retryWindowDays * DAY;
    const failed = (at: number) => sub(store, [{ type: 'billing_issue', occurredAt: at, detail: null }]);
    expect(failed(NOW - windowMs + 1).state).toBe('billing_retry');
    expect(failed(NOW - windowMs)).toMatchObject({ state: 'expired', until: NOW });
  });
});
