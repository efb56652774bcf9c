// Issue 20: a payment told once keeps no merge-state JSON (db/ledgerCompact.ts); a second
// statement must still merge exactly as if the full state had been kept.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import { paymentByKey } from '../../../src-main/db/ledger';
import { migrate } from '../../../src-main/db/migrations';
import type { PaymentFact } from '../../../src-main/domain/ledger';
import { factOf, mergeFacts } from '../../../src-main/domain/ledgerMerge';
import type { IngestBatch } from '../../../src-main/stores/types';

let db: Db;
afterEach(() => db.close());

const purchase = { store: 'stripe' as const, storeKey: 'sub_1', productId: 'pro', kind: 'subscription' as const, environment: 'production' as const, purchasedAt: 0, customer: { appUserId: 'u1', ids: [] } };

function batch(f: PaymentFact, n: number): IngestBatch {
  return {
    purchases: [purchase],
    events: [{ store: 'stripe', purchaseKey: 'sub_1', type: 'renewal', occurredAt: f.paidAt, source: f.source, dedupeKey: `e${n}`, amountMinor: f.amountMinor, currency: f.currency, orderId: f.paymentKey, ledger: f }],
  };
}

const first: PaymentFact = { kind: 'payment', store: 'stripe', paymentKey: 'pi_1', purchaseKey: 'sub_1', status: 'pending', amountMinor: 999, currency: 'USD', paidAt: 10, periodEnd: 100, source: 'store_api', observedAt: 10 };
const later: PaymentFact[] = [
  { ...first, status: 'paid', refs: { charge: 'ch_1' }, observedAt: 20 },
  { ...first, status: 'paid', amountMinor: 500, source: 'import', observedAt: 30 },
  { ...first, status: 'pending', refs: { invoice: 'in_1' }, source: 'console', observedAt: 40 },
];

const view = (f: PaymentFact) => ({ status: f.status, amountMinor: f.amountMinor, currency: f.currency, paidAt: f.paidAt, periodEnd: f.periodEnd ?? null, refs: f.refs ?? {}, source: f.source, observedAt: f.observedAt });

describe('compact payment rows', () => {
  it('read back as the fact, and merge later statements as the full state would', () => {
    db = openDatabase(':memory:');
    migrate(db);
    ingest(db, batch(first, 0), 1);
    expect(paymentByKey(db, 'stripe', 'pi_1')).toMatchObject(view(first));
    const told = [first];
    for (const [i, f] of later.entries()) {
      ingest(db, batch(f, i + 1), 1);
      told.push(f);
      const want = factOf(mergeFacts(told)) as PaymentFact;
      expect(paymentByKey(db, 'stripe', 'pi_1')).toMatchObject(view(want));
    }
    // the import's other amount is kept apart and flagged, not merged into the store's row
    expect(paymentByKey(db, 'stripe', 'pi_1')).toMatchObject({ amountMinor: 999, importedConflict: true });
  });
});
