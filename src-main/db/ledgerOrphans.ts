// Which payments of a batch have a refund or dispute waiting for them (learned before the
// payment). One query per batch instead of one per new payment: most payments have none.
import type { LedgerFact } from '../domain/ledger';
import type { Db } from './connection';
import { ANY_ORPHAN, orphanKey } from './ledgerWrite';
import { stmt } from './statements';

// One seek in the orphans' partial indexes per payment of the batch.
const WAITING = `
  SELECT r.store, r.payment_key FROM json_each(?) j
    JOIN refunds r ON r.store = j.value ->> 0 AND r.payment_key = j.value ->> 1 AND r.orphan = 1
  UNION
  SELECT d.store, d.payment_key FROM json_each(?) j
    JOIN disputes d ON d.store = j.value ->> 0 AND d.payment_key = j.value ->> 1 AND d.orphan = 1`;

/** The orphanKeys of the batch's payments that have a refund or dispute waiting. */
export function waitingOrphans(db: Db, facts: Iterable<LedgerFact | null>): Set<string> {
  const out = new Set<string>();
  if (stmt(db, ANY_ORPHAN).pluck().get() !== 1) return out;
  const keys: [string, string][] = [];
  for (const f of facts) if (f?.kind === 'payment') keys.push([f.store, f.paymentKey]);
  if (keys.length === 0) return out;
  const json = JSON.stringify(keys);
  for (const r of stmt(db, WAITING).all(json, json) as { store: LedgerFact['store']; payment_key: string }[]) out.add(orphanKey(r.store, r.payment_key));
  return out;
}
