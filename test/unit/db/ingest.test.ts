import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { withFullSync } from '../../../src-main/db/connection';
import { tempDb, type TempDb } from '../../support/db';
import { ev, purchase } from '../../support/batches';
import { purchases, syncAccounts, tableSnapshot, type SnapshotTable } from '../../support/read';
import { readSyncState } from '../../../src-main/sync/state';

let t: TempDb | undefined;
afterEach(() => t?.close());
const count = (t: TempDb, table: SnapshotTable) => tableSnapshot(t.db, table).length;

describe('ingest', () => {
  const batch = () => ({
    purchases: [purchase('stripe', 'sub_1', { customer: { appUserId: 'u1', email: 'Jane@Example.com', ids: [{ kind: 'stripe_customer' as const, value: 'cus_1' }] } })],
    events: [
      ev('stripe', 'sub_1', 'purchase', 1000, { amountMinor: 999, currency: 'USD', orderId: 'in_1' }),
      ev('stripe', 'sub_1', 'renewal', 2000, { amountMinor: 999, currency: 'USD', orderId: 'in_2' }),
    ],
    cursor: { account: 'stripe:acct_1', value: 'evt_2' },
  });

  it('writes purchases, events, identifiers and the cursor together', () => {
    t = tempDb();
    expect(ingest(t.db, batch())).toEqual({ purchases: 1, inserted: 2, skipped: 0 });
    expect(count(t, 'customers')).toBe(1);
    const kinds = tableSnapshot(t.db, 'customer_ids').map((r) => `${String(r['kind'])}=${String(r['value'])}`).sort();
    expect(kinds).toEqual(['app_user_id=u1', 'email=jane@example.com', 'stripe_customer=cus_1']);
    expect(syncAccounts(t.db)).toEqual(['stripe:acct_1']);
    expect(readSyncState(t.db, 'stripe:acct_1')).toMatchObject({ store: 'stripe', cursor: 'evt_2' });
  });

  it('is idempotent: ingesting the same batch twice changes nothing', () => {
    t = tempDb();
    ingest(t.db, batch(), 5000);
    const snapshot = tableSnapshot(t.db, 'events');
    expect(ingest(t.db, batch(), 9000)).toEqual({ purchases: 1, inserted: 0, skipped: 2 });
    expect(tableSnapshot(t.db, 'events')).toEqual(snapshot);
    expect(count(t, 'customers')).toBe(1);
    expect(count(t, 'customer_ids')).toBe(3);
  });

  it('maps customers: app user ID first, else a known store ID, else a customer of its own', () => {
    t = tempDb();
    ingest(t.db, { purchases: [purchase('apple', '2000', { customer: { appUserId: 'u1', ids: [{ kind: 'apple_original_transaction_id', value: '2000' }] } })], events: [] });
    ingest(t.db, { purchases: [purchase('google', 'tok-a', { customer: { appUserId: 'u1', ids: [{ kind: 'google_purchase_token', value: 'tok-a' }] } })], events: [] });
    ingest(t.db, { purchases: [purchase('apple', '2001', { customer: { ids: [{ kind: 'apple_original_transaction_id', value: '2000' }] } })], events: [] });
    ingest(t.db, { purchases: [purchase('amazon', 'rcpt-1', { customer: { email: 'jane@example.com', ids: [{ kind: 'amazon_user_id', value: 'amzn1' }] } })], events: [] });
    const owners = purchases(t.db);
    expect(owners.map((o) => o.customer_id)).toEqual([1, 1, 1, 2]);
  });

  it('skips events of unknown purchases and rolls back the whole batch on an error', () => {
    t = tempDb();
    expect(ingest(t.db, { purchases: [], events: [ev('google', 'nope', 'refund', 1)] })).toEqual({ purchases: 0, inserted: 0, skipped: 1 });
    const bad = batch();
    (bad.purchases[0] as { productId: unknown }).productId = null; // NOT NULL violation after events were prepared
    expect(() => ingest(t!.db, bad)).toThrow();
    expect(count(t, 'events') + count(t, 'customers') + count(t, 'sync_state')).toBe(0);
  });

  it('withFullSync runs the write with synchronous=FULL and restores NORMAL', () => {
    t = tempDb();
    const seen = withFullSync(t.db, () => t!.db.pragma('synchronous', { simple: true }));
    expect(seen).toBe(2);
    expect(t.db.pragma('synchronous', { simple: true })).toBe(1);
  });
});

describe('knownOrderIds', () => {
  it('lists the purchase order IDs and every renewal order ID of a store', async () => {
    const { knownOrderIds } = await import('../../../src-main/db/ids');
    t = tempDb();
    ingest(t.db, {
      purchases: [purchase('google', 'tok', { ids: { google_order_id: 'GPA.1-2-3-4' } })],
      events: [ev('google', 'tok', 'purchase', 1, { orderId: 'GPA.1-2-3-4' }), ev('google', 'tok', 'renewal', 2, { orderId: 'GPA.1-2-3-4..0' })],
    });
    expect(knownOrderIds(t.db, 'google', 'google_order_id').sort()).toEqual(['GPA.1-2-3-4', 'GPA.1-2-3-4..0']);
  });
});
