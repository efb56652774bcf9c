// Issue 12, "Done when": the same facts fed through every path (backfill, events,
// refresh, this console, import) in at least 200 random orders and repetitions give
// identical ledger tables, and identical entitlement.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import { migrate } from '../../../src-main/db/migrations';
import { seeded, type Rng } from '../../../src-main/demo/random';
import type { LedgerFact } from '../../../src-main/domain/ledger';
import type { IngestBatch } from '../../../src-main/stores/types';
import { batchOf, ledgerSnapshot, worldFacts, WORLD_PURCHASES } from '../../support/ledgerWorld';
import { eventRecords } from '../../support/read';

const NOW = 10_000;
let open: Db[] = [];
afterEach(() => {
  for (const db of open) db.close();
  open = [];
});

function fresh(): Db {
  const db = openDatabase(':memory:');
  migrate(db);
  open.push(db);
  return db;
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The deliveries of one run: each path tells its share of the facts, in its own batches. */
function deliveries(rng: Rng, facts: LedgerFact[]): IngestBatch[] {
  const out: IngestBatch[] = [];
  let n = 0;
  const store = facts.filter((f) => f.source === 'store_api' || f.source === 'notification_history');
  // backfill: everything the store holds, in a few large pages
  const pages = shuffle(rng, store);
  for (let i = 0; i < pages.length; i += 7) out.push(batchOf(pages.slice(i, i + 7), 'backfill', n++));
  // incremental events: one fact at a time, some repeated
  for (const f of store) if (rng() < 0.6) out.push(batchOf([f], 'events', n++));
  // per-customer refresh: a purchase's facts together
  for (const p of WORLD_PURCHASES) if (rng() < 0.5) out.push(batchOf(store.filter((f) => f.purchaseKey === p.storeKey), 'refresh', n++));
  // this console's own refunds, and the import
  for (const f of facts.filter((x) => x.source === 'console')) out.push(batchOf([f], 'console', n++));
  const imports = facts.filter((x) => x.source === 'import');
  out.push(batchOf(imports, 'import', n));
  // repetitions: any batch may come again
  for (const b of [...out]) if (rng() < 0.25) out.push(b);
  return shuffle(rng, out);
}

describe('ledger order-independence (property, seeded)', () => {
  it('gives identical ledger tables for 200+ random orders and repetitions of every path', () => {
    const facts = worldFacts();
    const reference = fresh();
    // the reference: every fact once, in the order written, in one batch each
    ingest(reference, { purchases: WORLD_PURCHASES, events: [] }, NOW);
    facts.forEach((f, i) => ingest(reference, batchOf([f], 'ref', i), NOW));
    const want = ledgerSnapshot(reference);
    expect(want.payments).toHaveLength(6);
    expect(want.refunds).toHaveLength(8);
    expect(want.disputes).toHaveLength(2);

    const rng = seeded(20261203);
    for (let run = 0; run < 220; run++) {
      const db = fresh();
      for (const b of deliveries(rng, facts)) ingest(db, b, NOW);
      const got = ledgerSnapshot(db);
      expect(got, `run ${run}`).toEqual(want);
      // the timeline: at most one event per ledger row and status, whatever path told it
      const keys = eventRecords(db).map((e) => e.dedupe_key).filter((k) => k.startsWith('ledger:'));
      expect(new Set(keys).size).toBe(keys.length);
      db.close();
      open = open.filter((d) => d !== db);
    }
  });
});
