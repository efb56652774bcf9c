// The ledger's merge as a pure function: a join (commutative, associative, idempotent),
// with the store's word over this console's over an import's.
import { describe, expect, it } from 'vitest';
import type { DisputeFact, PaymentFact, RefundFact } from '../../../src-main/domain/ledger';
import { factOf, importConflicts, importedOf, joinStates, mergeFacts, stateOf } from '../../../src-main/domain/ledgerMerge';
import { seeded } from '../../../src-main/demo/random';

const refund = (over: Partial<RefundFact> = {}): RefundFact => ({
  kind: 'refund',
  store: 'stripe',
  refundKey: 're_1',
  paymentKey: 'pi_1',
  purchaseKey: 'pi_1',
  status: 'succeeded',
  refundKind: 'partial',
  amountMinor: 500,
  currency: 'USD',
  revokesAccess: false,
  createdAt: 100,
  observedAt: 100,
  source: 'store_api',
  ...over,
});

const payment = (over: Partial<PaymentFact> = {}): PaymentFact => ({
  kind: 'payment',
  store: 'stripe',
  paymentKey: 'pi_1',
  purchaseKey: 'pi_1',
  status: 'paid',
  amountMinor: 2000,
  currency: 'USD',
  paidAt: 50,
  observedAt: 50,
  source: 'store_api',
  ...over,
});

const dispute = (over: Partial<DisputeFact> = {}): DisputeFact => ({
  kind: 'dispute',
  store: 'stripe',
  disputeKey: 'dp_1',
  paymentKey: 'pi_1',
  purchaseKey: 'pi_1',
  status: 'warning_needs_response',
  amountMinor: 2000,
  currency: 'USD',
  createdAt: 200,
  observedAt: 200,
  source: 'store_api',
  ...over,
});

const text = (facts: Parameters<typeof mergeFacts>[0]) => JSON.stringify(mergeFacts(facts));

describe('ledger merge', () => {
  it('a later lifecycle stage wins whatever the order; a stale pending read after it changes nothing', () => {
    const pending = refund({ status: 'pending', observedAt: 100 });
    const succeeded = refund({ status: 'succeeded', observedAt: 200 });
    const stalePending = refund({ status: 'pending', observedAt: 300 });
    const failed = refund({ status: 'failed', observedAt: 250 });
    expect(factOf(mergeFacts([pending, succeeded, stalePending])).status).toBe('succeeded');
    expect(factOf(mergeFacts([failed, succeeded, pending, stalePending])).status).toBe('failed');
    expect(factOf(mergeFacts([failed])).observedAt).toBe(250);
  });

  it('a reversal keeps the refund amount it did not carry itself', () => {
    const r = factOf(mergeFacts([refund({ status: 'reversed', amountMinor: null, observedAt: 300 }), refund({ amountMinor: 700 })])) as RefundFact;
    expect(r).toMatchObject({ status: 'reversed', amountMinor: 700 });
  });

  it('a later, truer fact updates a row: the newest amount, a revoke once said', () => {
    const early = refund({ store: 'google', refundKey: 'GPA.1#1', amountMinor: 1200, refundKind: 'full', revokesAccess: false, observedAt: 10 });
    const later = refund({ store: 'google', refundKey: 'GPA.1#1', amountMinor: 240, refundKind: 'prorated', revokesAccess: true, observedAt: 20 });
    expect(factOf(mergeFacts([later, early]))).toMatchObject({ amountMinor: 240, refundKind: 'prorated', revokesAccess: true });
  });

  it('inquiries close; a closed inquiry does not reopen on a stale read', () => {
    const d = factOf(mergeFacts([dispute({ status: 'warning_closed', observedAt: 400 }), dispute({ status: 'warning_under_review', observedAt: 500 })]));
    expect(d.status).toBe('warning_closed');
  });

  it('an import never changes a row the store holds; its own version is kept apart and marked', () => {
    const store = refund({ status: 'pending', amountMinor: null, observedAt: 100 });
    const imp = refund({ status: 'succeeded', amountMinor: 900, observedAt: 999, source: 'import', aliasOf: 're_other', intentId: 'x' });
    const st = mergeFacts([imp, store]);
    expect(factOf(st)).toMatchObject({ status: 'pending', amountMinor: null, source: 'store_api', aliasOf: null, intentId: null });
    expect(importedOf(st)).toMatchObject({ status: 'succeeded', amountMinor: 900 });
    expect(importConflicts(st)).toBe(true);
    // an import alone holds the row (for reading) until the store says otherwise
    expect(factOf(mergeFacts([imp])).source).toBe('import');
    expect(importConflicts(mergeFacts([imp]))).toBe(false);
  });

  it('an import adds no payment reference to a store row', () => {
    const st = mergeFacts([payment({ refs: { charge: 'ch_1' } }), payment({ source: 'import', refs: { charge: 'ch_evil', invoice: 'in_x' } })]);
    expect((factOf(st) as PaymentFact).refs).toEqual({ charge: 'ch_1' });
  });

  it('the store beats this console for status; the console adds its intent', () => {
    const f = factOf(mergeFacts([refund({ source: 'console', status: 'succeeded', intentId: 'ri_1', observedAt: 900 }), refund({ status: 'pending', observedAt: 100 })])) as RefundFact;
    expect(f).toMatchObject({ status: 'pending', source: 'store_api', intentId: 'ri_1' });
  });

  it('refuses to merge two different rows', () => {
    expect(() => joinStates(stateOf(refund()), stateOf(refund({ refundKey: 're_2' })))).toThrow(/cannot merge/);
  });

  it('is commutative, associative and idempotent over random facts (seeded)', () => {
    const rng = seeded(12);
    const statuses = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled', 'reversed'] as const;
    const sources = ['store_api', 'notification_history', 'console', 'import'] as const;
    const random = (): RefundFact =>
      refund({
        status: statuses[Math.floor(rng() * statuses.length)]!,
        source: sources[Math.floor(rng() * sources.length)]!,
        amountMinor: rng() < 0.3 ? null : Math.floor(rng() * 5) * 100,
        observedAt: Math.floor(rng() * 5),
        createdAt: Math.floor(rng() * 5),
        revokesAccess: rng() < 0.5,
        reason: rng() < 0.5 ? null : 'r' + Math.floor(rng() * 3),
        aliasOf: rng() < 0.7 ? null : 're_' + Math.floor(rng() * 3),
        intentId: rng() < 0.7 ? null : 'ri_' + Math.floor(rng() * 3),
      });
    for (let i = 0; i < 300; i++) {
      const [a, b, c] = [stateOf(random()), stateOf(random()), stateOf(random())];
      const s = (x: unknown) => JSON.stringify(x);
      expect(s(joinStates(a, b))).toBe(s(joinStates(b, a)));
      expect(s(joinStates(joinStates(a, b), c))).toBe(s(joinStates(a, joinStates(b, c))));
      expect(s(joinStates(a, a))).toBe(s(a));
      expect(s(joinStates(joinStates(a, b), b))).toBe(s(joinStates(a, b)));
    }
    expect(text([payment(), payment({ status: 'pending', observedAt: 1 })])).toBe(text([payment({ status: 'pending', observedAt: 1 }), payment()]));
  });
});
