// A customer's money, read from the ledger (DESIGN §3): spent, refunded (succeeded refunds
// only, each once however many keys name it), pending refunds, open disputes. Every figure
// on the customer page comes from here, never from timeline rows.
import { DISPUTE_STATUSES, isDisputeOpen, isInquiry, type RefundStatus } from '../domain/ledger';
import { countedRefunds, countsOnItsOwn, refundAmount } from '../domain/ledgerCount';
import type { MoneyDto } from '../ipc/channels/customers';
import type { PurchaseKind, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { disputeFigures, groupByPayment, paidByCurrency, paymentGroupKey, refundedPaymentAmounts, refundFigures, type PaidSum, type PaymentAmount, type RefundFigure } from './ledgerFigures';
import { stmt } from './statements';

/** Sums per currency, sorted by currency code for a stable display. */
export class Amounts {
  private readonly m = new Map<string, number>();
  add(currency: string | null, minor: number): void {
    if (!currency || !minor) return;
    const c = currency.toUpperCase();
    this.m.set(c, (this.m.get(c) ?? 0) + minor);
  }
  list(): MoneyDto[] {
    return [...this.m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amountMinor]) => ({ currency, amountMinor }));
  }
}

export interface PurchaseMoney {
  refunded: Amounts;
  pending: Amounts;
}

export interface CustomerMoney {
  spent: Amounts;
  refunded: Amounts;
  pending: Amounts;
  refundCount: number;
  refundStores: Set<Store>;
  refundedConsumable: boolean;
  openDisputes: number;
  openInquiries: number;
  byPurchase: Map<number, PurchaseMoney>;
}

const IN_FLIGHT: ReadonlySet<RefundStatus> = new Set(['pending', 'requires_action']);

/** The statuses of a dispute still open, for SQL filters (json_each keeps the SQL text constant). */
export const OPEN_DISPUTE_STATUSES_JSON = JSON.stringify(DISPUTE_STATUSES.filter(isDisputeOpen));

/** `paid`: paidByCurrency(customerId), when the caller read it elsewhere (services.ts: in the read worker). */
export function customerMoney(db: Db, customerId: number, paid: readonly PaidSum[] = paidByCurrency(db, customerId)): CustomerMoney {
  const out: CustomerMoney = {
    spent: new Amounts(),
    refunded: new Amounts(),
    pending: new Amounts(),
    refundCount: 0,
    refundStores: new Set(),
    refundedConsumable: false,
    openDisputes: 0,
    openInquiries: 0,
    byPurchase: new Map(),
  };
  // Only a payment that moved money was spent (Google PENDING/CANCELED orders did not).
  for (const p of paid) out.spent.add(p.currency, p.amountMinor);
  // Refunds are few, payments many: only the payments a refund names are read.
  const payments = new Map<string, PaymentAmount>();
  for (const p of refundedPaymentAmounts(db, customerId)) payments.set(paymentGroupKey(p.store, p.paymentKey), p);
  const kinds = new Map(
    (stmt(db, 'SELECT id, kind FROM purchases WHERE customer_id = ?').all(customerId) as { id: number; kind: PurchaseKind }[]).map((r) => [r.id, r.kind]),
  );
  for (const [id, refunds] of groupByPayment(refundFigures(db, { customerId }))) {
    const payment = payments.get(id) ?? null;
    const keys = new Set(refunds.map((r) => r.refundKey));
    const currencyOf = (r: RefundFigure) => r.currency ?? payment?.currency ?? null;
    for (const r of refunds) {
      if (!IN_FLIGHT.has(r.status) || !countsOnItsOwn(r, keys)) continue;
      const amount = refundAmount(r, payment);
      out.pending.add(currencyOf(r), amount);
      purchaseMoney(out, r.purchaseId).pending.add(currencyOf(r), amount);
    }
    // Never more back than was paid: the cap Insights applies too, by the same function.
    for (const { refund: r, counted } of countedRefunds(payment, refunds)) {
      out.refunded.add(currencyOf(r), counted);
      purchaseMoney(out, r.purchaseId).refunded.add(currencyOf(r), counted);
      // A revoke is kept as a refund row that gives nothing back (amount 0): not a refund to count.
      if (r.amountMinor === 0) continue;
      out.refundCount += 1;
      out.refundStores.add(r.store);
      if (kinds.get(r.purchaseId) === 'consumable') out.refundedConsumable = true;
    }
  }
  for (const d of disputeFigures(db, { customerId })) {
    if (!isDisputeOpen(d.status)) continue;
    out.openDisputes += 1;
    if (isInquiry(d.status)) out.openInquiries += 1;
  }
  return out;
}

function purchaseMoney(out: CustomerMoney, purchaseId: number): PurchaseMoney {
  let m = out.byPurchase.get(purchaseId);
  if (!m) {
    m = { refunded: new Amounts(), pending: new Amounts() };
    out.byPurchase.set(purchaseId, m);
  }
  return m;
}
