// A workspace as an older app left it, for migration tests: migrated only up to `version`,
// holding one Stripe one-time purchase pi_1 paid on 2026-01-10 and the events given.
import { ingest } from '../../src-main/db/ingest';
import { MIGRATIONS, migrate } from '../../src-main/db/migrations';
import type { EventInput } from '../../src-main/stores/types';
import { purchase } from './batches';
import { tempDb, type TempDb } from './db';
import { paid } from './ledgerFacts';

export const PAID_AT = Date.parse('2026-01-10T10:00:00Z');

export function stripeWorkspaceAt(version: number, paidMinor: number, events: EventInput[]): TempDb {
  const t = tempDb({ migrate: false });
  migrate(t.db, MIGRATIONS.slice(0, version));
  ingest(t.db, {
    purchases: [purchase('stripe', 'pi_1', { purchasedAt: PAID_AT, priceMinor: paidMinor, currency: 'USD', kind: 'one_time' })],
    events: [paid({ store: 'stripe', purchaseKey: 'pi_1', key: 'pi_1', at: PAID_AT, amountMinor: paidMinor, currency: 'USD' }), ...events],
  });
  return t;
}
