// Money facts of the demo's well-known customers, as the store adapters attach them, so
// the demo shows what the ledger holds: a pending refund, a refund that failed after
// succeeding next to one that stayed, an Apple refund reversed, an inquiry and a chargeback.
import type { DisputeFact, DisputeStatus, PaymentFact, RefundFact, RefundStatus } from '../domain/ledger';
import type { RefundKind, Store } from '../ipc/vocabulary';

export function demoPayment(store: Store, purchaseKey: string, paymentKey: string, paidAt: number, amountMinor: number, currency: string, refs?: Record<string, string>): PaymentFact {
  return { kind: 'payment', store, purchaseKey, paymentKey, status: 'paid', amountMinor, currency, paidAt, ...(refs ? { refs } : {}), source: 'store_api', observedAt: paidAt };
}

export function demoRefund(
  r: { store: Store; purchaseKey: string; paymentKey: string; refundKey: string; createdAt: number; observedAt?: number },
  status: RefundStatus,
  amountMinor: number,
  currency: string,
  refundKind: RefundKind,
  extra: Partial<Pick<RefundFact, 'reason' | 'revokesAccess' | 'detectedVia'>> = {},
): RefundFact {
  return {
    kind: 'refund',
    store: r.store,
    purchaseKey: r.purchaseKey,
    paymentKey: r.paymentKey,
    refundKey: r.refundKey,
    status,
    refundKind,
    amountMinor,
    currency,
    revokesAccess: extra.revokesAccess ?? false,
    reason: extra.reason ?? null,
    createdAt: r.createdAt,
    observedAt: r.observedAt ?? r.createdAt,
    source: 'store_api',
    ...(extra.detectedVia ? { detectedVia: extra.detectedVia } : {}),
  };
}

export function demoDispute(
  d: { store: Store; purchaseKey: string; paymentKey: string; disputeKey: string; createdAt: number; observedAt?: number },
  status: DisputeStatus,
  amountMinor: number,
  currency: string,
  reason: string,
): DisputeFact {
  return { kind: 'dispute', ...d, status, amountMinor, currency, reason, isChargeRefundable: false, createdAt: d.createdAt, observedAt: d.observedAt ?? d.createdAt, source: 'store_api' };
}
