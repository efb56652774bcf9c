// The ledger's read functions, over rows written directly (the write path has its own tests).
import { afterEach, describe, expect, it } from 'vitest';
import { disputesOfPurchase, openDispute, paymentByKey, paymentsOfPurchase, refundedMinor, refundsOfPayment, refundsOfPurchase } from '../../../src-main/db/ledger';
import { tempDb, type TempDb } from '../../support/db';

let t: TempDb | undefined;
afterEach(() => t?.close());

function seed(): TempDb {
  const d = tempDb();
  d.db.prepare('INSERT INTO customers (id, created_at) VALUES (1, 0)').run();
  d.db.prepare("INSERT INTO purchases (id, store, store_key, product_id, kind, environment, purchased_at, customer_id) VALUES (1, 'stripe', 'sub_1', 'p', 'subscription', 'production', 0, 1)").run();
  d.db.prepare("INSERT INTO payments (store, payment_key, purchase_id, customer_id, purchase_key, status, amount_minor, currency, paid_at, source, observed_at, refs, merge_state) VALUES ('stripe', 'pi_1', 1, 1, 'sub_1', 'paid', 2000, 'USD', 10, 'store_api', 10, '{\"charge\":\"ch_1\"}', '{}')").run();
  return d;
}

const refund = (d: TempDb, key: string, status: string, amount: number | null, extra: { alias?: string; kind?: string; source?: string } = {}) =>
  d.db
    .prepare("INSERT INTO refunds (store, refund_key, payment_key, purchase_id, customer_id, purchase_key, status, refund_kind, amount_minor, currency, created_at, observed_at, source, alias_of, merge_state) VALUES ('stripe', ?, 'pi_1', 1, 1, 'sub_1', ?, ?, ?, 'USD', 20, 20, ?, ?, '{}')")
    .run(key, status, extra.kind ?? 'partial', amount, extra.source ?? 'store_api', extra.alias ?? null);

describe('ledger reads', () => {
  it('reads payments with their refs and provenance', () => {
    t = seed();
    const p = paymentByKey(t.db, 'stripe', 'pi_1')!;
    expect(p).toMatchObject({ paymentKey: 'pi_1', status: 'paid', amountMinor: 2000, refs: { charge: 'ch_1' }, storeSourced: true, importedConflict: false });
    expect(paymentsOfPurchase(t.db, 1).map((r) => r.paymentKey)).toEqual(['pi_1']);
  });

  it('refundedMinor counts succeeded refunds only, and an aliased refund once', () => {
    t = seed();
    refund(t, 're_ok', 'succeeded', 1000);
    refund(t, 're_failed', 'failed', 500);
    refund(t, 're_pending', 'pending', 300);
    refund(t, 're_reversed', 'reversed', 200);
    refund(t, 'intent:i1', 'succeeded', 1000, { alias: 're_ok', source: 'console' });
    const p = paymentByKey(t.db, 'stripe', 'pi_1')!;
    expect(refundsOfPayment(t.db, p)).toHaveLength(5);
    expect(refundsOfPurchase(t.db, 1)).toHaveLength(5);
    expect(refundedMinor(t.db, p)).toBe(1000);
  });

  it('an alias whose target is not known yet still counts; a full refund without an amount gives back the payment', () => {
    t = seed();
    refund(t, 'intent:i2', 'succeeded', 700, { alias: 're_later', source: 'console' });
    refund(t, 're_full', 'succeeded', null, { kind: 'full' });
    expect(refundedMinor(t.db, paymentByKey(t.db, 'stripe', 'pi_1')!)).toBe(2700);
  });

  it('storeOnly leaves out rows that only an import holds', () => {
    t = seed();
    refund(t, 're_imp', 'succeeded', 400, { source: 'import' });
    const p = paymentByKey(t.db, 'stripe', 'pi_1')!;
    expect(refundedMinor(t.db, p)).toBe(400);
    expect(refundedMinor(t.db, p, { storeOnly: true })).toBe(0);
  });

  it('openDispute finds an open dispute or inquiry, not a closed one', () => {
    t = seed();
    const dis = t.db.prepare("INSERT INTO disputes (store, dispute_key, payment_key, purchase_id, customer_id, purchase_key, status, created_at, observed_at, source, merge_state) VALUES ('stripe', ?, 'pi_1', 1, 1, 'sub_1', ?, 30, 30, 'store_api', '{}')");
    dis.run('dp_closed', 'warning_closed');
    expect(openDispute(t.db, { store: 'stripe', paymentKey: 'pi_1' })).toBeNull();
    dis.run('dp_open', 'warning_needs_response');
    expect(openDispute(t.db, { store: 'stripe', paymentKey: 'pi_1' })?.disputeKey).toBe('dp_open');
    expect(disputesOfPurchase(t.db, 1)).toHaveLength(2);
  });
});
