// A Google refund made here and the same refund told later by the Orders API are one refund,
// whatever amounts the two name. androidpublisher v3 REST: orders.refund takes no amount (it
// refunds the whole order); the Orders API's refund event carries what Google refunded
// (refundDetails.total), which may differ from the price this console held (tax, a price
// change). So they are matched by the order and the intent's time, never by the amount.
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { paymentByKey, refundedMinor } from '../../../src-main/db/ledger';
import type { LedgerFact } from '../../../src-main/domain/ledger';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { eventOf, pay, ref } from '../../support/ledgerWorld';

let t: TempDb | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});
const NOW = 10_000_000_000;
const HOUR = 3_600_000;
const T0 = 5_000_000_000;
const sub = purchase('google', 'tok', { expiresAt: NOW + 20 * 24 * HOUR });
let n = 0;

function feedAll(facts: LedgerFact[]): number {
  t?.close();
  t = tempDb();
  for (const f of facts) ingest(t.db, { purchases: [sub], events: [eventOf(f, 'alias', n++)] }, NOW);
  return refundedMinor(t.db, paymentByKey(t.db, 'google', 'GPA.1')!);
}
const orders = <T>(xs: T[]): T[][] => [xs, [...xs].reverse()];

const paid = pay('google', 'tok', 'GPA.1', { amountMinor: 1200, paidAt: T0 - 30 * 24 * HOUR });
const intent = ref('google', 'tok', 'GPA.1', 'intent:ri_1', { source: 'console', intentId: 'ri_1', refundKind: 'full', amountMinor: 1200, createdAt: T0, observedAt: T0 });

describe('Google: a refund-only made here and the Orders API refund of the same order', () => {
  it('count once, at the store\u2019s amount, when the amounts differ (either order)', () => {
    // Google refunded 11.50 of the order the console held at 12.00, 40 s after the request
    const fromOrders = ref('google', 'tok', 'GPA.1', `GPA.1#${T0 + 40_000}`, { refundKind: 'full', amountMinor: 1150, createdAt: T0 + 40_000, observedAt: T0 + HOUR });
    for (const facts of orders([paid, intent, fromOrders])) expect(feedAll(facts)).toBe(1150);
  });

  it('an earlier Play Console partial refund of the order is not taken for the refund made here', () => {
    const earlier = ref('google', 'tok', 'GPA.1', `GPA.1#${T0 - 2 * 24 * HOUR}`, { refundKind: 'partial', amountMinor: 300, createdAt: T0 - 2 * 24 * HOUR });
    for (const facts of orders([paid, earlier, intent])) expect(feedAll(facts)).toBe(1500);
  });

  it('an Orders API refund far outside the intent\u2019s window stays a refund of its own', () => {
    const later = ref('google', 'tok', 'GPA.1', `GPA.1#${T0 + 3 * 24 * HOUR}`, { refundKind: 'partial', amountMinor: 200, createdAt: T0 + 3 * 24 * HOUR });
    for (const facts of orders([paid, intent, later])) expect(feedAll(facts)).toBe(1400);
  });
});
