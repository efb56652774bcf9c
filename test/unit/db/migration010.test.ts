// Migration 010 (Insights reads the ledger, issue 12): a workspace written under 007 gets
// its Insights refund rows from the ledger, in the migration's transaction, and keeps them
// in step with ledger changes from then on.
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { SCHEMA_VERSION, migrate, schemaVersion } from '../../../src-main/db/migrations';
import { insightsQuerySchema } from '../../../src-main/ipc/channels/insights';
import { computeInsights } from '../../../src-main/insights';
import { type TempDb } from '../../support/db';
import { stripeWorkspaceAt } from '../../support/migrated';
import { refunded } from '../../support/ledgerFacts';

let t: TempDb | undefined;
afterEach(() => t?.close());

const at = (iso: string) => Date.parse(iso);
const q = insightsQuerySchema.parse({ from: at('2026-01-01T00:00:00Z'), to: at('2026-02-01T00:00:00Z') });
const base = { store: 'stripe' as const, purchaseKey: 'pi_1', paymentKey: 'pi_1', currency: 'USD' };

describe('migration 010', () => {
  it('fills the Insights refund rows of an existing workspace from its ledger, and keeps them in step after', () => {
    t = stripeWorkspaceAt(7, 2000, [
      refunded({ ...base, key: 're_ok', amountMinor: 500, status: 'succeeded', at: at('2026-01-12T10:00:00Z') }),
      refunded({ ...base, key: 're_wait', amountMinor: 300, status: 'pending', at: at('2026-01-13T10:00:00Z') }),
    ]);
    migrate(t.db);
    expect(schemaVersion(t.db)).toBe(SCHEMA_VERSION);
    const fast = computeInsights(t.db, q, 0);
    expect(fast.totals.refunds).toBe(1);
    expect(fast.refunds.map((r) => r.amountMinor)).toEqual([500]);
    expect(fast.totals).toEqual(computeInsights(t.db, q, 0, { summaries: false }).totals);
    // the pending refund settles after the migration: the triggers carry the change
    ingest(t.db, { purchases: [], events: [refunded({ ...base, key: 're_wait', amountMinor: 300, status: 'succeeded', at: at('2026-01-14T10:00:00Z') })] });
    expect(computeInsights(t.db, q, 0).totals.refunds).toBe(2);
  });
});
