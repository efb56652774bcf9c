// Issue 12, "Why": each storage-side case, through the real ingest path and a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { disputesOfPurchase, openDispute, paymentByKey, refundedMinor, refundsOfPayment, refundsOfPurchase } from '../../../src-main/db/ledger';
import type { LedgerFact } from '../../../src-main/domain/ledger';
import type { PurchaseInput } from '../../../src-main/stores/types';
import { tempDb, type TempDb } from '../../support/db';
import { purchase } from '../../support/batches';
import { dis, eventOf, pay, ref } from '../../support/ledgerWorld';
import { eventRecords, purchaseByKey } from '../../support/read';

let t: TempDb | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});
const NOW = 10_000_000;
let n = 0;

function feed(p: PurchaseInput, ...facts: LedgerFact[]): void {
  t ??= tempDb();
  for (const f of facts) ingest(t.db, { purchases: [p], events: [eventOf(f, 'why', n++)] }, NOW);
}
const state = (key: string) => purchaseByKey(t!.db, key).state;
const refunded = (store: 'stripe' | 'google' | 'apple', key: string) => refundedMinor(t!.db, paymentByKey(t!.db, store, key)!);
const statuses = (key: string) =>
  eventRecords(t!.db, { purchaseId: purchaseByKey(t!.db, key).id })
    .filter((e) => e.type.startsWith('refund'))
    .map((e) => e.dedupe_key);

const oneTime = purchase('stripe', 'pi_J', { kind: 'one_time' });
const sub = purchase('google', 'tok', { expiresAt: NOW + 20 * 86_400_000 });

describe('issue 12: the ledger tells the truth about money', () => {
  it('a pending refund is not refunded, and settles in place when Stripe says so', () => {
    feed(oneTime, pay('stripe', 'pi_J', 'pi_J', { amountMinor: 2999 }), ref('stripe', 'pi_J', 'pi_J', 're_p', { status: 'pending', amountMinor: 2999, refundKind: 'full' }));
    expect(refunded('stripe', 'pi_J')).toBe(0);
    expect(state('pi_J')).toBe('active');
    feed(oneTime, ref('stripe', 'pi_J', 'pi_J', 're_p', { status: 'pending', amountMinor: 2999, refundKind: 'full', observedAt: 2050 }));
    expect(statuses('pi_J')).toEqual(['ledger:refund:stripe:re_p:pending']);
    feed(oneTime, ref('stripe', 'pi_J', 'pi_J', 're_p', { status: 'succeeded', amountMinor: 2999, refundKind: 'full', observedAt: 2100 }));
    expect(refunded('stripe', 'pi_J')).toBe(2999);
    expect(state('pi_J')).toBe('refunded_active');
    expect(refundsOfPurchase(t!.db, 1)).toHaveLength(1);
    expect(statuses('pi_J')).toEqual(['ledger:refund:stripe:re_p:pending', 'ledger:refund:stripe:re_p:succeeded']);
  });

  it('Jane: a refund that fails after succeeding stops counting; the $10 partial counts', () => {
    feed(
      oneTime,
      pay('stripe', 'pi_J', 'pi_J', { amountMinor: 2999 }),
      ref('stripe', 'pi_J', 'pi_J', 're_10', { amountMinor: 1000 }),
      ref('stripe', 'pi_J', 'pi_J', 're_5', { amountMinor: 500, observedAt: 2500 }),
      ref('stripe', 'pi_J', 'pi_J', 're_5', { amountMinor: 500, status: 'failed', observedAt: 2600 }),
      // a stale "succeeded" read after the failure changes nothing
      ref('stripe', 'pi_J', 'pi_J', 're_5', { amountMinor: 500, observedAt: 2700 }),
    );
    expect(refunded('stripe', 'pi_J')).toBe(1000);
  });

  it('a failed refund gives access back its full state', () => {
    feed(oneTime, pay('stripe', 'pi_J', 'pi_J'), ref('stripe', 'pi_J', 'pi_J', 're_x'));
    expect(state('pi_J')).toBe('refunded_active');
    feed(oneTime, ref('stripe', 'pi_J', 'pi_J', 're_x', { status: 'failed', observedAt: 3000 }));
    expect(state('pi_J')).toBe('active');
  });

  it('a reversal keeps its amount and gives the money and the access back', () => {
    const apple = purchase('apple', 'orig', { expiresAt: NOW + 86_400_000 });
    feed(apple, pay('apple', 'orig', '1001'), ref('apple', 'orig', '1001', '1001', { amountMinor: 1200, refundKind: 'full', revokesAccess: true }));
    expect(state('orig')).toBe('revoked');
    expect(refunded('apple', '1001')).toBe(1200);
    feed(apple, ref('apple', 'orig', '1001', '1001', { status: 'reversed', amountMinor: null, refundKind: 'full', revokesAccess: true, observedAt: 3000 }));
    expect(refundsOfPurchase(t!.db, purchaseByKey(t!.db, 'orig').id).map((r) => [r.refundKey, r.status, r.amountMinor])).toEqual([['1001', 'reversed', 1200]]);
    expect(refunded('apple', '1001')).toBe(0);
    expect(state('orig')).toBe('active');
  });

  it('a Google prorated revoke told by the Orders API, Voided Purchases and this console is refunded once', () => {
    feed(
      sub,
      pay('google', 'tok', 'GPA.1', { currency: 'EUR' }),
      ref('google', 'tok', 'GPA.1', 'GPA.1#voided', { refundKind: 'full', amountMinor: null, revokesAccess: true, createdAt: 3600, observedAt: 3600 }),
      ref('google', 'tok', 'GPA.1', 'intent:ri_1', { source: 'console', refundKind: 'prorated', amountMinor: 240, revokesAccess: true, createdAt: 3490, observedAt: 3490, intentId: 'ri_1' }),
    );
    expect(refunded('google', 'GPA.1')).toBe(240);
    feed(sub, ref('google', 'tok', 'GPA.1', 'GPA.1#3500', { refundKind: 'prorated', amountMinor: 240, createdAt: 3500, observedAt: 3700 }));
    expect(refunded('google', 'GPA.1')).toBe(240);
    expect(statuses('tok')).toEqual(['ledger:refund:google:GPA.1#refund:succeeded']);
    expect(state('tok')).toBe('revoked');
  });

  it('a revoke the Orders API saw first as "refund only" becomes a revoke when a truer fact comes', () => {
    feed(sub, pay('google', 'tok', 'GPA.1'), ref('google', 'tok', 'GPA.1', 'GPA.1#3500', { refundKind: 'full', amountMinor: 1200, revokesAccess: false, createdAt: 3500 }));
    expect(state('tok')).toBe('refunded_active');
    feed(sub, ref('google', 'tok', 'GPA.1', 'GPA.1#3500', { refundKind: 'prorated', amountMinor: 240, revokesAccess: true, createdAt: 3500, observedAt: 4000 }));
    expect(state('tok')).toBe('revoked');
    expect(refunded('google', 'GPA.1')).toBe(240);
  });

  it('a refund-only of an older renewal leaves the current period alone; of the latest, marks it', () => {
    feed(sub, pay('google', 'tok', 'GPA.1'), pay('google', 'tok', 'GPA.1..0', { paidAt: 3000, observedAt: 3000 }), ref('google', 'tok', 'GPA.1', 'GPA.1#3500', { createdAt: 3500 }));
    expect(state('tok')).toBe('active');
    feed(sub, ref('google', 'tok', 'GPA.1..0', 'GPA.1..0#3600', { createdAt: 3600 }));
    expect(state('tok')).toBe('refunded_active');
  });

  it('a Google chargeback that revokes ends access', () => {
    feed(sub, pay('google', 'tok', 'GPA.1'), dis('google', 'tok', 'GPA.1', 'GPA.1#chargeback', { status: 'chargeback', revokesAccess: true }));
    expect(state('tok')).toBe('revoked');
  });

  it('a refund or dispute of a subscription payment learned on the charge lands on the subscription', () => {
    const s = purchase('stripe', 'sub_1', { expiresAt: NOW + 86_400_000 });
    const ch = purchase('stripe', 'ch_1', { kind: 'one_time' });
    feed(ch, ref('stripe', 'ch_1', 'pi_1', 're_1', { amountMinor: 300 }), dis('stripe', 'ch_1', 'pi_1', 'dp_1'));
    feed(s, pay('stripe', 'sub_1', 'pi_1', { amountMinor: 999, observedAt: 5000 }));
    // the refund and the dispute follow their payment to the subscription; the charge's purchase keeps none
    const rows = (key: string) => { const id = purchaseByKey(t!.db, key).id; return [...refundsOfPurchase(t!.db, id), ...disputesOfPurchase(t!.db, id)].length; };
    expect([rows('sub_1'), rows('ch_1')]).toEqual([2, 0]);
    expect(refunded('stripe', 'pi_1')).toBe(300);
    expect(state('ch_1')).toBe('unknown');
  });

  it('a refund made here (intent naming the store refund) and the store refund are one refund and one event', () => {
    feed(
      oneTime,
      pay('stripe', 'pi_J', 'pi_J', { amountMinor: 2999 }),
      ref('stripe', 'pi_J', 'pi_J', 'intent:ri_9', { source: 'console', intentId: 'ri_9', aliasOf: 're_9', amountMinor: 1200, observedAt: 2000 }),
      ref('stripe', 'pi_J', 'pi_J', 're_9', { amountMinor: 1200, observedAt: 2100 }),
    );
    expect(refunded('stripe', 'pi_J')).toBe(1200);
    expect(statuses('pi_J')).toEqual(['ledger:refund:stripe:re_9:succeeded']);
  });

  it('a Stripe inquiry is open until warning_closed or prevented', () => {
    feed(oneTime, pay('stripe', 'pi_J', 'pi_J'), dis('stripe', 'pi_J', 'pi_J', 'dp_i', { status: 'warning_needs_response' }));
    expect(openDispute(t!.db, { store: 'stripe', paymentKey: 'pi_J' })?.status).toBe('warning_needs_response');
    feed(oneTime, dis('stripe', 'pi_J', 'pi_J', 'dp_i', { status: 'warning_closed', observedAt: 3500 }));
    expect(openDispute(t!.db, { store: 'stripe', paymentKey: 'pi_J' })).toBeNull();
    feed(oneTime, dis('stripe', 'pi_J', 'pi_J', 'dp_p', { status: 'prevented' }));
    expect(openDispute(t!.db, { store: 'stripe', paymentKey: 'pi_J' })).toBeNull();
  });
});

describe('issue 12: an import adds history, never changes or unblocks what the store holds', () => {
  it('cannot lift an open dispute, change a refund, or alter a payment the store holds', () => {
    feed(
      oneTime,
      pay('stripe', 'pi_J', 'pi_J', { amountMinor: 2999, refs: { charge: 'ch_J' } }),
      dis('stripe', 'pi_J', 'pi_J', 'dp_1'),
      ref('stripe', 'pi_J', 'pi_J', 're_1', { status: 'pending', amountMinor: 100 }),
      dis('stripe', 'pi_J', 'pi_J', 'dp_1', { source: 'import', status: 'won', observedAt: 9000 }),
      ref('stripe', 'pi_J', 'pi_J', 're_1', { source: 'import', status: 'succeeded', amountMinor: 2999, observedAt: 9000 }),
      pay('stripe', 'pi_J', 'pi_J', { source: 'import', amountMinor: 1, refs: { charge: 'ch_other' }, observedAt: 9000 }),
    );
    expect(openDispute(t!.db, { store: 'stripe', paymentKey: 'pi_J' })?.status).toBe('needs_response');
    const p = paymentByKey(t!.db, 'stripe', 'pi_J')!;
    expect(p).toMatchObject({ amountMinor: 2999, refs: { charge: 'ch_J' }, source: 'store_api', importedConflict: true });
    expect(p.imported).toMatchObject({ amountMinor: 1 });
    expect(refundedMinor(t!.db, p)).toBe(0);
    const r = refundsOfPayment(t!.db, p).find((x) => x.refundKey === 're_1');
    expect(r).toMatchObject({ status: 'pending', source: 'store_api', importedConflict: true, imported: { status: 'succeeded' } });
  });

  it('a payment or refund only an import knows is marked as imported and left out of store-only figures', () => {
    feed(oneTime, pay('stripe', 'pi_J', 'pi_J', { source: 'import' }), ref('stripe', 'pi_J', 'pi_J', 're_i', { source: 'import', amountMinor: 700 }));
    const p = paymentByKey(t!.db, 'stripe', 'pi_J')!;
    expect(p).toMatchObject({ source: 'import', storeSourced: false });
    expect(refundedMinor(t!.db, p)).toBe(700);
    expect(refundedMinor(t!.db, p, { storeOnly: true })).toBe(0);
    // the store's later word takes the row over
    feed(oneTime, pay('stripe', 'pi_J', 'pi_J', { amountMinor: 2999, observedAt: 1 }));
    expect(paymentByKey(t!.db, 'stripe', 'pi_J')).toMatchObject({ source: 'store_api', amountMinor: 2999, storeSourced: true, importedConflict: true });
  });
});
