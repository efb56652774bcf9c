// Ledger facts as store adapters attach them to events (EventInput.ledger), for reader
// tests: the cache is filled through the real ingest, then the readers are asked.
import type { DisputeFact, LedgerSource, PaymentFact, RefundFact } from '../../src-main/domain/ledger';
import type { Store } from '../../src-main/ipc/vocabulary';
import type { EventInput } from '../../src-main/stores/types';
import { ev } from './batches';

type Base = { store: Store; purchaseKey: string; at: number; source?: LedgerSource };

export function paid(b: Base & { key: string; amountMinor: number; currency: string; periodEnd?: number | null }): EventInput {
  const fact: PaymentFact = {
    kind: 'payment',
    store: b.store,
    paymentKey: b.key,
    purchaseKey: b.purchaseKey,
    status: 'paid',
    amountMinor: b.amountMinor,
    currency: b.currency,
    paidAt: b.at,
    periodStart: b.at,
    periodEnd: b.periodEnd ?? null,
    source: b.source ?? 'store_api',
    observedAt: b.at,
  };
  return ev(b.store, b.purchaseKey, 'purchase', b.at, {
    source: fact.source,
    amountMinor: b.amountMinor,
    currency: b.currency,
    orderId: b.key,
    dedupeKey: `test:payment:${b.key}:${b.source ?? 'store_api'}`,
    detail: b.periodEnd ? { expiresAt: b.periodEnd } : {},
    ledger: fact,
  });
}

export function refunded(
  b: Base & { key: string; paymentKey: string; amountMinor: number | null; currency: string; status: RefundFact['status']; kind?: RefundFact['refundKind']; revokes?: boolean; createdAt?: number },
): EventInput {
  const fact: RefundFact = {
    kind: 'refund',
    store: b.store,
    refundKey: b.key,
    paymentKey: b.paymentKey,
    purchaseKey: b.purchaseKey,
    status: b.status,
    refundKind: b.kind ?? 'partial',
    amountMinor: b.amountMinor,
    currency: b.currency,
    revokesAccess: b.revokes ?? false,
    createdAt: b.createdAt ?? b.at,
    observedAt: b.at,
    source: b.source ?? 'store_api',
    detectedVia: b.store === 'stripe' ? 'stripe_events' : b.store === 'google' ? 'google_orders' : undefined,
  };
  const type = b.status === 'failed' || b.status === 'canceled' ? 'refund_failed' : b.status === 'reversed' ? 'refund_reversed' : 'refund';
  return carrier(type, b, fact, { refundKind: fact.refundKind, status: b.status, storeRef: b.key, revokesAccess: fact.revokesAccess });
}

/** The timeline event that carries a refund or dispute fact, as an adapter would send it. */
function carrier(type: EventInput['type'], b: Base & { key: string; paymentKey: string; status: string }, fact: RefundFact | DisputeFact, detail: EventInput['detail']): EventInput {
  return ev(b.store, b.purchaseKey, type, b.at, {
    source: fact.source,
    amountMinor: fact.amountMinor,
    currency: fact.currency,
    orderId: b.paymentKey,
    dedupeKey: `test:${fact.kind}:${b.key}:${b.status}:${fact.source}`,
    detail,
    ledger: fact,
  });
}

export function disputed(
  b: Base & { key: string; paymentKey: string; amountMinor: number; currency: string; status: DisputeFact['status']; chargeRefundable?: boolean | null; createdAt?: number },
): EventInput {
  const fact: DisputeFact = {
    kind: 'dispute',
    store: b.store,
    disputeKey: b.key,
    paymentKey: b.paymentKey,
    purchaseKey: b.purchaseKey,
    status: b.status,
    amountMinor: b.amountMinor,
    currency: b.currency,
    reason: 'fraudulent',
    isChargeRefundable: b.chargeRefundable ?? null,
    createdAt: b.createdAt ?? b.at,
    observedAt: b.at,
    source: b.source ?? 'store_api',
  };
  const type = b.status === 'won' || b.status === 'warning_closed' || b.status === 'prevented' ? 'dispute_won' : b.status === 'lost' || b.status === 'chargeback' ? 'dispute_lost' : 'dispute_opened';
  return carrier(type, b, fact, { status: b.status, storeRef: b.key });
}
