// Round 4: Insights counts disputes from the ledger's disputes rows (DESIGN §3), one per
// dispute however many events told it, opened on the day the store created it. Its outcome
// keeps the day its closing status was first told (the timeline event the ledger let through),
// not the ledger's latest observation. An import that conflicts with the store's row is kept
// apart (ledgerMerge) and changes nothing here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest, ingestInTransaction } from '../../../src-main/db/ingest';
import type { DisputeFact } from '../../../src-main/domain/ledger';
import { insightsQuerySchema, type InsightsDto } from '../../../src-main/ipc/channels/insights';
import { computeInsights } from '../../../src-main/insights';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { disputed, paid } from '../../support/ledgerFacts';

const at = (iso: string) => Date.parse(iso);
const PAID_AT = at('2026-01-10T10:00:00Z');
const OPENED = at('2026-01-25T10:00:00Z');
const q = insightsQuerySchema.parse({ from: at('2026-01-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') });
let t: TempDb;

beforeEach(() => {
  t = tempDb();
  ingest(t.db, {
    purchases: [purchase('stripe', 'pi_1', { purchasedAt: PAID_AT, priceMinor: 2000, currency: 'USD', kind: 'one_time' })],
    events: [paid({ store: 'stripe', purchaseKey: 'pi_1', key: 'pi_1', at: PAID_AT, amountMinor: 2000, currency: 'USD' })],
  });
});
afterEach(() => t.close());

function report(): InsightsDto {
  const { computedAt: _a, tookMs: _b, ...fast } = computeInsights(t.db, q, 0);
  const { computedAt: _c, tookMs: _d, ...scan } = computeInsights(t.db, q, 0, { summaries: false });
  expect(fast).toEqual(scan);
  return computeInsights(t.db, q, 0);
}

const told = (status: DisputeFact['status'], observed: number, source: DisputeFact['source'] = 'store_api') =>
  disputed({ store: 'stripe', purchaseKey: 'pi_1', key: 'dp_1', paymentKey: 'pi_1', amountMinor: 2000, currency: 'USD', status, at: observed, createdAt: OPENED, source });
const chargebacks = (d: InsightsDto) => d.revenue.reduce((n, r) => n + r.chargebackMinor, 0);

describe('Insights disputes read the ledger', () => {
  it('a dispute told by 3 events counts once opened and once won', () => {
    ingest(t.db, { purchases: [], events: [told('needs_response', OPENED)] });
    ingest(t.db, { purchases: [], events: [told('under_review', at('2026-02-02T10:00:00Z'))] });
    ingest(t.db, { purchases: [], events: [told('won', at('2026-02-20T10:00:00Z'))] });
    const d = report();
    expect(d.disputes).toEqual([
      { bucket: '2026-01', store: 'stripe', opened: 1, won: 0, lost: 0 },
      { bucket: '2026-02', store: 'stripe', opened: 0, won: 1, lost: 0 },
    ]);
    expect(d.totals).toMatchObject({ disputesOpened: 1, disputesWon: 1, disputesLost: 0 });
  });

  it('a lost dispute told by the events and again by the backfill takes its money back once', () => {
    ingest(t.db, { purchases: [], events: [told('needs_response', OPENED), told('lost', at('2026-02-20T10:00:00Z'))] });
    ingest(t.db, { purchases: [], events: [told('lost', at('2026-02-20T10:00:00Z'), 'notification_history')] });
    const d = report();
    expect(d.totals).toMatchObject({ disputesOpened: 1, disputesWon: 0, disputesLost: 1 });
    expect(chargebacks(d)).toBe(2000);
  });

  it('an imported dispute that conflicts with the store row does not count', () => {
    ingest(t.db, { purchases: [], events: [told('needs_response', OPENED), told('lost', at('2026-02-20T10:00:00Z'))] });
    // the .rdexport claims the lost dispute was won: the import's word, kept apart
    t.db.transaction(() => ingestInTransaction(t.db, { purchases: [], events: [told('won', at('2026-02-21T10:00:00Z'), 'import')] }, OPENED, { imported: true }))();
    const d = report();
    expect(d.totals).toMatchObject({ disputesOpened: 1, disputesWon: 0, disputesLost: 1 });
    expect(chargebacks(d)).toBe(2000);
  });

  it('a refresh that sees the closed dispute again leaves its outcome on the day it was decided', () => {
    ingest(t.db, { purchases: [], events: [told('needs_response', OPENED), told('won', at('2026-02-20T10:00:00Z'))] });
    // a refresh in March re-observes the won dispute (its fact observed at the refresh)
    ingest(t.db, { purchases: [], events: [told('won', at('2026-03-15T10:00:00Z'), 'notification_history')] });
    expect(report().disputes).toEqual([
      { bucket: '2026-01', store: 'stripe', opened: 1, won: 0, lost: 0 },
      { bucket: '2026-02', store: 'stripe', opened: 0, won: 1, lost: 0 },
    ]);
  });
});
