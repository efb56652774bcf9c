// A purchase's entitlement from the ledger and its lifecycle events, read in one statement
// through indexes that hold only what the rules need: the latest paid period, the revoking
// refunds and chargebacks since, the refunds of that period's payment, and the lifecycle
// events (events_lifecycle). None of these grows with the number of refund or dispute
// events a payment collects, so a batch costs the same whether its events spread over
// many purchases or pile onto a few (DESIGN §8).
import type { PurchaseKind, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { deriveEntitlement, type EntitlementEvent } from './entitlement';
import { stmt } from './statements';

// One statement, not six: entitlement runs for every purchase a batch touches. `+@id`, not
// `@id`: this SQLite is built with STAT4, which re-plans a statement whose bound value
// could change the plan on every new binding; for an ORDER BY … LIMIT query that costs
// about 9x the query itself (measured: 7 µs against 0.8 µs). The unary plus keeps the
// index, and the plan, fixed.
const FACTS = `
WITH latest AS (
  SELECT payment_key, paid_at, period_end FROM payments WHERE purchase_id = +@id AND status = 'paid'
  ORDER BY paid_at DESC, payment_key DESC LIMIT 1
)
SELECT p.store, p.kind, p.expires_at, l.payment_key, l.paid_at, l.period_end,
  -- A revoking refund or chargeback since the current period began ends access, whichever
  -- payment it refunded (Google: revoking any order of a subscription ends it).
  (SELECT json_array(created_at, amount_minor, reason) FROM refunds
    WHERE purchase_id = +@id AND revokes_access = 1 AND status = 'succeeded' AND created_at >= COALESCE(l.paid_at, -1e15)
    ORDER BY created_at DESC LIMIT 1) AS revoking,
  (SELECT created_at FROM disputes
    WHERE purchase_id = +@id AND revokes_access = 1 AND (status = 'chargeback' OR status = 'lost') AND created_at >= COALESCE(l.paid_at, -1e15)
    ORDER BY created_at DESC LIMIT 1) AS chargeback,
  -- A refund without revoke applies to the period of the payment it refunded: an older
  -- renewal's refund says nothing about the current period. A one-time purchase has one
  -- payment, whatever key its refunds name.
  CASE WHEN p.kind = 'subscription'
    THEN (SELECT json_array(created_at, revokes_access) FROM refunds
      WHERE store = p.store AND payment_key = l.payment_key AND status = 'succeeded' ORDER BY created_at LIMIT 1)
    ELSE (SELECT json_array(created_at, revokes_access) FROM refunds
      WHERE purchase_id = +@id AND status = 'succeeded' ORDER BY created_at LIMIT 1)
  END AS refund_only,
  (SELECT json_group_array(json_array(type, occurred_at, detail)) FROM (
    SELECT type, occurred_at, detail FROM events WHERE purchase_id = +@id
      AND (type = 'trial_started' OR type = 'product_change' OR type = 'cancellation' OR type = 'renewal_enabled'
        OR type = 'billing_issue' OR type = 'grace_period' OR type = 'expiration')
    ORDER BY occurred_at, id)) AS lifecycle
FROM purchases p LEFT JOIN latest l ON 1 WHERE p.id = +@id`;

interface FactsRow {
  store: Store;
  kind: PurchaseKind;
  expires_at: number | null;
  payment_key: string | null;
  paid_at: number | null;
  period_end: number | null;
  revoking: string | null;
  chargeback: number | null;
  refund_only: string | null;
  lifecycle: string;
}

type Detail = EntitlementEvent['detail'];

/** What the ledger says about access, as the timeline-shaped input deriveEntitlement reads. */
function ledgerEvents(r: FactsRow): EntitlementEvent[] {
  const out: EntitlementEvent[] = [];
  const since = r.paid_at ?? Number.MIN_SAFE_INTEGER;
  if (r.paid_at != null) out.push({ type: 'renewal', occurredAt: r.paid_at, detail: r.period_end != null ? { expiresAt: r.period_end } : null });
  if (r.revoking) {
    const [at, amount, reason] = JSON.parse(r.revoking) as [number, number | null, string | null];
    // a revoke that moved no money (Apple family sharing, a revoke beside its refund) reads as a revoke
    out.push(amount === 0 ? { type: 'revoke', occurredAt: at, detail: { reason } } : { type: 'refund', occurredAt: at, detail: { revokesAccess: true } });
  }
  if (r.chargeback != null) out.push({ type: 'revoke', occurredAt: r.chargeback, detail: { reason: 'chargeback' } });
  if (r.refund_only) {
    const [at, revokes] = JSON.parse(r.refund_only) as [number, number];
    out.push({ type: 'refund', occurredAt: Math.max(at, since), detail: { revokesAccess: revokes === 1 } });
  }
  return out;
}

/** Derives and stores one purchase's entitlement (DESIGN §3: read from the ledger). */
export function rederive(db: Db, purchaseId: number, now: number): void {
  const r = stmt(db, FACTS).get({ id: purchaseId }) as FactsRow | undefined;
  if (r) store(db, purchaseId, r, now);
}

export interface PaidPeriod {
  paymentKey: string;
  paidAt: number;
  periodEnd: number | null;
}

/**
 * A purchase this batch created, with nothing but payments in it (most of a first sync
 * or an import): no refund, dispute or lifecycle event of it exists anywhere, so its
 * latest paid period, known to the caller, is all the rules read. No query.
 */
export function derivePaidOnly(db: Db, purchaseId: number, p: { store: Store; kind: PurchaseKind; expiresAt: number | null }, latest: PaidPeriod | null, now: number): void {
  store(
    db,
    purchaseId,
    {
      store: p.store,
      kind: p.kind,
      expires_at: p.expiresAt,
      payment_key: latest?.paymentKey ?? null,
      paid_at: latest?.paidAt ?? null,
      period_end: latest?.periodEnd ?? null,
      revoking: null,
      chargeback: null,
      refund_only: null,
      lifecycle: '[]',
    },
    now,
  );
}

function store(db: Db, purchaseId: number, r: FactsRow, now: number): void {
  const lifecycle = (JSON.parse(r.lifecycle) as [string, number, string | null][]).map(
    ([type, occurredAt, detail]): EntitlementEvent => ({ type, occurredAt, detail: detail ? (JSON.parse(detail) as Detail) : null }),
  );
  // stable sort: at equal times the paid period comes first, its refunds after it
  const events = [...ledgerEvents(r), ...lifecycle].sort((a, b) => a.occurredAt - b.occurredAt);
  const ent = deriveEntitlement({ store: r.store, kind: r.kind, expiresAt: r.expires_at, events }, now);
  stmt(db, 'UPDATE purchases SET state = ?, state_until = ?, state_reason = ?, state_at = ? WHERE id = ?').run(ent.state, ent.until, ent.reason, now, purchaseId);
}
