import { afterEach, describe, expect, it } from 'vitest';
import { customerHeader, customerSummary, listCustomers, recentCustomers, touchRecent } from '../../../src-main/db/customers';
import { ingest } from '../../../src-main/db/ingest';
import { addNote, mergeCustomers, unmergeCustomer } from '../../../src-main/db/merge';
import { search } from '../../../src-main/db/search';
import { timelinePage } from '../../../src-main/db/timeline';
import { tempDb, type TempDb } from '../../support/db';
import { ev, purchase } from '../../support/batches';
import { eventRecords, tableSnapshot, type SnapshotTable } from '../../support/read';

let t: TempDb | undefined;
afterEach(() => t?.close());
const agent = { osUser: 'ann', name: 'Ann' };

function seedTwo(t: TempDb) {
  ingest(t.db, {
    purchases: [
      purchase('apple', '2000001', { customer: { appUserId: 'u-jane', email: 'jane@example.com', displayName: 'Jane Roe', ids: [{ kind: 'apple_original_transaction_id', value: '2000001' }] } }),
      purchase('google', 'tok-xyz', { customer: { ids: [{ kind: 'google_purchase_token', value: 'tok-xyz' }] }, ids: { google_order_id: 'GPA.3312-0001-0002-00003' } }),
    ],
    events: [
      ev('apple', '2000001', 'purchase', 100, { amountMinor: 999, currency: 'USD' }),
      ev('apple', '2000001', 'refund', 200, { amountMinor: 999, currency: 'USD' }),
      ev('google', 'tok-xyz', 'purchase', 150, { amountMinor: 500, currency: 'EUR', orderId: 'GPA.3312-0001-0002-00003' }),
      ev('google', 'tok-xyz', 'refund', 300, { amountMinor: 200, currency: 'EUR', detail: { refundKind: 'partial' } }),
      ev('google', 'tok-xyz', 'dispute_opened', 310, { orderId: 'GPA.3312-0001-0002-00003' }),
    ],
  });
}

/** Which customer each row of a table belongs to, by row ID. */
const owners = (t: TempDb, table: SnapshotTable) => tableSnapshot(t.db, table).map(({ id, customer_id }) => ({ id, customer_id }));

describe('merge and unmerge', () => {
  it('merge moves purchases, events and IDs; unmerge restores exactly', () => {
    t = tempDb();
    seedTwo(t);
    addNote(t.db, 2, 'called about the Play refund', agent, 400);
    const snapshot = () => ({
      ids: owners(t!, 'customer_ids'),
      purchases: owners(t!, 'purchases'),
      events: owners(t!, 'events'),
      customers: tableSnapshot(t!.db, 'customers'),
    });
    const before = snapshot();
    mergeCustomers(t.db, 2, 1);
    expect(eventRecords(t.db, { customerId: 2 })).toEqual([]);
    expect(timelinePage(t.db, { customerId: 1, order: 'newest', limit: 50 }).rows).toHaveLength(6);
    expect(search(t.db, 'GPA.3312-0001-0002-00003')[0]).toMatchObject({ customerId: 1, rank: 'exact' });
    expect(() => mergeCustomers(t!.db, 2, 1)).toThrow(/already merged/);
    unmergeCustomer(t.db, 2);
    expect(snapshot()).toEqual(before);
    expect(() => unmergeCustomer(t!.db, 2)).toThrow(/not merged/);
  });

  it('refuses merging a customer into itself or an unknown one', () => {
    t = tempDb();
    seedTwo(t);
    expect(() => mergeCustomers(t!.db, 1, 1)).toThrow(/itself/);
    expect(() => mergeCustomers(t!.db, 1, 99)).toThrow(/No customer 99/);
  });
});

describe('search ranking', () => {
  it('exact ID first, then prefix, then free text; each hit names the field', () => {
    t = tempDb();
    ingest(t.db, {
      purchases: [
        purchase('stripe', 'sub_a', { customer: { appUserId: 'ab', ids: [] } }),
        purchase('stripe', 'sub_b', { customer: { appUserId: 'abc', ids: [] } }),
        purchase('stripe', 'sub_c', { customer: { appUserId: 'zz', displayName: 'Ab Normal', ids: [] } }),
      ],
      events: [],
    });
    const hits = search(t.db, 'AB');
    expect(hits.map((h) => [h.customerId, h.rank, h.matchKind, h.matchValue])).toEqual([
      [1, 'exact', 'app_user_id', 'ab'],
      [2, 'prefix', 'app_user_id', 'abc'],
      [3, 'text', 'display_name', 'Ab Normal'],
    ]);
    expect(search(t.db, '   ')).toEqual([]);
    expect(search(t.db, '"); DROP TABLE events; --')).toEqual([]);
  });

  it('finds by email (any case), Google order ID prefix, purchase token, free words of an email', () => {
    t = tempDb();
    seedTwo(t);
    expect(search(t.db, 'JANE@example.com')[0]).toMatchObject({ customerId: 1, rank: 'exact', matchKind: 'email' });
    expect(search(t.db, 'gpa.3312')[0]).toMatchObject({ customerId: 2, rank: 'prefix', matchKind: 'google_order_id' });
    expect(search(t.db, 'tok-xyz')[0]).toMatchObject({ customerId: 2, matchKind: 'google_purchase_token' });
    expect(search(t.db, 'roe')[0]).toMatchObject({ customerId: 1, rank: 'text', matchKind: 'display_name' });
  });
});

describe('timeline keyset paging', () => {
  it('pages newest and oldest first without gaps or repeats, with equal timestamps, and filters', () => {
    t = tempDb();
    const events = Array.from({ length: 57 }, (_, i) =>
      ev(i % 2 ? 'stripe' : 'google', i % 2 ? 'sub_1' : 'tok_1', i % 3 ? 'renewal' : 'refund', 1000 + Math.floor(i / 4), { dedupeKey: `k${i}` }),
    );
    ingest(t.db, { purchases: [purchase('stripe', 'sub_1', { customer: { appUserId: 'u', ids: [] } }), purchase('google', 'tok_1', { customer: { appUserId: 'u', ids: [] } })], events });
    for (const order of ['newest', 'oldest'] as const) {
      const seen: number[] = [];
      let after = null;
      let pages = 0;
      do {
        const page = timelinePage(t.db, { customerId: 1, order, limit: 10, after });
        seen.push(...page.rows.map((r) => r.id));
        after = page.next;
        pages++;
      } while (after);
      expect(pages).toBe(6);
      const all = t.db.prepare(`SELECT id FROM events ORDER BY occurred_at ${order === 'newest' ? 'DESC' : 'ASC'}, id ${order === 'newest' ? 'DESC' : 'ASC'}`).all() as { id: number }[];
      expect(seen).toEqual(all.map((r) => r.id));
    }
    const refundsOnGoogle = timelinePage(t.db, { customerId: 1, order: 'newest', limit: 100, stores: ['google'], types: ['refund'] });
    expect(refundsOnGoogle.rows.length).toBe(events.filter((e) => e.store === 'google' && e.type === 'refund').length);
    expect(refundsOnGoogle.next).toBeNull();
    const plan = t.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM events WHERE customer_id = 1 AND (occurred_at, id) < (5, 5) ORDER BY occurred_at DESC, id DESC LIMIT 10").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/events_customer_time/);
  });
});

/** A Stripe payment under dispute (customer 3): Stripe disputes have a lifecycle; a Google chargeback is already decided. */
function seedDispute(t: TempDb) {
  ingest(t.db, {
    purchases: [purchase('stripe', 'pi_D', { kind: 'one_time', customer: { ids: [{ kind: 'stripe_payment_intent', value: 'pi_D' }] } })],
    events: [
      ev('stripe', 'pi_D', 'purchase', 160, { amountMinor: 1500, currency: 'USD', orderId: 'pi_D' }),
      ev('stripe', 'pi_D', 'dispute_opened', 320, { orderId: 'pi_D', detail: { storeRef: 'dp_D', status: 'needs_response' } }),
    ],
  });
}

describe('summary, lists, recent', () => {
  it('sums spend and refunds per currency, counts refunds and open disputes, flags risk', () => {
    t = tempDb();
    seedTwo(t);
    seedDispute(t);
    mergeCustomers(t.db, 2, 1);
    mergeCustomers(t.db, 3, 1);
    const s = customerSummary(t.db, 1);
    expect(s.spent).toEqual([{ currency: 'EUR', amountMinor: 500 }, { currency: 'USD', amountMinor: 2499 }]);
    expect(s.refunded).toEqual([{ currency: 'EUR', amountMinor: 200 }, { currency: 'USD', amountMinor: 999 }]);
    expect(s.refundCount).toBe(2);
    // the Google chargeback is decided (the bank took the money back); the Stripe dispute is open
    expect(s.openDisputes).toBe(1);
    expect(s.risk).toEqual({ refundsOnSeveralStores: true, refundAfterConsumption: false, openDispute: true });
    ingest(t.db, { purchases: [], events: [ev('stripe', 'pi_D', 'dispute_won', 500, { orderId: 'pi_D', detail: { storeRef: 'dp_D', status: 'won' } })] });
    expect(customerSummary(t.db, 1).openDisputes).toBe(0);
  });

  it('lists customers by filter and remembers recent ones', () => {
    t = tempDb();
    seedTwo(t);
    seedDispute(t);
    expect(listCustomers(t.db, { limit: 10, store: 'google' }).customers.map((c) => c.id)).toEqual([2]);
    expect(listCustomers(t.db, { limit: 10, hasOpenDispute: true }).customers.map((c) => c.id)).toEqual([3]);
    expect(listCustomers(t.db, { limit: 10, hasRefund: true }).customers.map((c) => c.id)).toEqual([2, 1]);
    expect(listCustomers(t.db, { limit: 10, state: 'revoked' }).customers.map((c) => c.id)).toEqual([1]);
    const page1 = listCustomers(t.db, { limit: 2 });
    expect(page1.customers.map((c) => c.id)).toEqual([3, 2]);
    expect(listCustomers(t.db, { limit: 2, beforeId: page1.nextBeforeId }).customers.map((c) => c.id)).toEqual([1]);
    touchRecent(t.db, 1);
    touchRecent(t.db, 2);
    touchRecent(t.db, 1);
    expect(recentCustomers(t.db).map((c) => c.id)).toEqual([1, 2]);
    expect(customerHeader(t.db, 1)).toMatchObject({ appUserId: 'u-jane', email: 'jane@example.com', stores: ['apple'] });
  });
});
