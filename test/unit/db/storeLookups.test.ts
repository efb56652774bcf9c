// What a store adapter asks the cache (db/storeLookups.ts). The Stripe payment's owner is
// asked once per payment intent a sync cannot place from the invoices it read: it must be
// one seek in the ledger, not a walk over every Stripe purchase's events (the old query
// scanned all Stripe purchases: its `order_id = ?` could not use the NOCASE events_order index).
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { STRIPE_PAYMENT_OWNER, stripePaymentOwner } from '../../../src-main/db/storeLookups';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { paid } from '../../support/ledgerFacts';

let t: TempDb | undefined;
afterEach(() => t?.close());

const at = Date.parse('2026-03-01T00:00:00Z');

describe('stripePaymentOwner', () => {
  it('names the purchase a paid payment intent belongs to, and nothing for one the cache does not hold', () => {
    t = tempDb();
    ingest(t.db, {
      purchases: [purchase('stripe', 'sub_A', { kind: 'subscription' }), purchase('stripe', 'pi_oneoff', { kind: 'one_time' }), purchase('google', 'tok_g')],
      events: [
        paid({ store: 'stripe', purchaseKey: 'sub_A', key: 'pi_renewal_1', at, amountMinor: 999, currency: 'USD' }),
        paid({ store: 'stripe', purchaseKey: 'pi_oneoff', key: 'pi_oneoff', at, amountMinor: 500, currency: 'USD' }),
        // the same key at another store is not a Stripe payment
        paid({ store: 'google', purchaseKey: 'tok_g', key: 'pi_other', at, amountMinor: 100, currency: 'USD' }),
      ],
    });
    const owner = stripePaymentOwner(t.db);
    expect(owner('pi_renewal_1')).toBe('sub_A');
    expect(owner('pi_oneoff')).toBe('pi_oneoff');
    expect(owner('pi_other')).toBeNull();
    expect(owner('PI_RENEWAL_1')).toBeNull();
    expect(owner('pi_unknown')).toBeNull();
  });

  it('is one seek of the ledger payments key, then the purchase by its id', () => {
    t = tempDb();
    // A query plan is the product's own promise here: no reader describes it.
    const plan = (t.db.prepare(`EXPLAIN QUERY PLAN ${STRIPE_PAYMENT_OWNER}`).all('pi_x') as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([
      expect.stringMatching(/^SEARCH pay USING INDEX sqlite_autoindex_payments_1 \(store=\? AND payment_key=\?\)$/),
      expect.stringMatching(/^SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)$/),
    ]);
  });
});
