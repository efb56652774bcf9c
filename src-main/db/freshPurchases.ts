// Purchases one ingest batch created and gave nothing but payments: most of a first sync
// or an import. Their entitlement needs only their latest paid period, which the batch
// itself told, so it is derived without a query (ledgerEntitlement.ts, derivePaidOnly).
import type { PurchaseKind, Store } from '../ipc/vocabulary';
import type { PurchaseInput } from '../domain/model';
import type { Db } from './connection';
import { derivePaidOnly, type PaidPeriod } from './ledgerEntitlement';
import type { LedgerChange } from './ledgerWrite';

interface Fresh {
  facts: { store: Store; kind: PurchaseKind; expiresAt: number | null };
  paid: Map<string, PaidPeriod | null>;
}

export class FreshPurchases {
  private readonly m = new Map<number, Fresh>();

  /** A purchase upserted by the batch; later upserts in the same batch update it as the row was. */
  saw(id: number, created: boolean, p: PurchaseInput): void {
    const f = this.m.get(id);
    if (created) this.m.set(id, { facts: { store: p.store, kind: p.kind, expiresAt: p.expiresAt ?? null }, paid: new Map() });
    else if (f) f.facts = { store: p.store, kind: p.kind, expiresAt: p.expiresAt ?? f.facts.expiresAt };
  }

  /** Anything but a payment of its own makes a purchase read its state from the database. */
  notOnlyPaid(id: number): void {
    this.m.delete(id);
  }

  ledger(change: LedgerChange): void {
    for (const id of change.touched) if (id !== change.owner.id) this.notOnlyPaid(id);
    const f = change.fact;
    if (!f) return;
    if (f.kind !== 'payment') {
      this.notOnlyPaid(change.owner.id);
      return;
    }
    const fresh = this.m.get(change.owner.id);
    if (fresh) fresh.paid.set(f.paymentKey, f.status === 'paid' ? { paymentKey: f.paymentKey, paidAt: f.paidAt, periodEnd: f.periodEnd ?? null } : null);
    // a payment that was adopted from another purchase had refunds: read it all back
    if (change.touched.length > 1) this.notOnlyPaid(change.owner.id);
  }

  /** Derives a fresh purchase's entitlement; false when it is not one. */
  derive(db: Db, id: number, now: number): boolean {
    const f = this.m.get(id);
    if (!f) return false;
    let latest: PaidPeriod | null = null;
    // as the database would order them: paid_at, then payment key, newest first
    for (const p of f.paid.values()) if (p && (!latest || p.paidAt > latest.paidAt || (p.paidAt === latest.paidAt && p.paymentKey > latest.paymentKey))) latest = p;
    derivePaidOnly(db, id, f.facts, latest, now);
    return true;
  }
}
