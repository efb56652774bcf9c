// The one place where an event that carries no ledger fact (older adapters, the
// RevenueCat-format import, stored timelines of workspaces made before the ledger) gets
// one, derived from what the event says. Adapters that attach `EventInput.ledger` are
// never second-guessed here. Pure.
import type { EventInput } from './model';
import { DISPUTE_STATUSES, REFUND_STATUSES, type DisputeStatus, type LedgerFact, type RefundStatus } from './ledger';

/** What derivation reads of an event: the stored timeline row has exactly these. */
export type LegacyEvent = Pick<EventInput, 'store' | 'purchaseKey' | 'type' | 'occurredAt' | 'source' | 'dedupeKey' | 'amountMinor' | 'currency' | 'orderId' | 'detail'>;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function refundStatus(e: LegacyEvent): RefundStatus {
  const said = str(e.detail?.status);
  if (e.type === 'refund_reversed') return 'reversed';
  if (e.type === 'refund_failed') return said === 'canceled' ? 'canceled' : 'failed';
  return said && (REFUND_STATUSES as readonly string[]).includes(said) ? (said as RefundStatus) : 'succeeded';
}

function disputeStatus(e: LegacyEvent): DisputeStatus {
  const said = str(e.detail?.status);
  if (said && (DISPUTE_STATUSES as readonly string[]).includes(said)) return said as DisputeStatus;
  // Google documents no lifecycle for a chargeback: a voided purchase with reason
  // chargeback is the end of it.
  if (e.type === 'dispute_won') return 'won';
  if (e.store === 'google') return 'chargeback';
  return e.type === 'dispute_lost' ? 'lost' : 'needs_response';
}

/**
 * The refund's key by the contract (domain/ledger.ts), from what older events carried:
 * Stripe `re_…` and Apple transaction IDs in detail.storeRef; Google keyed by order and
 * path (`#voided` for Voided Purchases, the refund time for the Orders API); a refund
 * made here by its intent. Apple without a reference: the refunded transaction. Without
 * any store reference, the event's own key: the adapter said it is a refund of its own.
 */
function refundKey(e: LegacyEvent, paymentKey: string): string {
  const intentId = str(e.detail?.intentId);
  const storeRef = str(e.detail?.storeRef);
  // a Stripe refund made here has its store ID at once: one row under the store's key
  if (e.source === 'console' && intentId) return e.store === 'stripe' && storeRef?.startsWith('re_') ? storeRef : `intent:${intentId}`;
  if (e.store === 'google' && e.orderId) return e.detail?.detectedVia === 'google_voided_purchases' ? `${paymentKey}#voided` : `${paymentKey}#${e.occurredAt}`;
  return storeRef ?? (e.store === 'apple' ? paymentKey : e.dedupeKey);
}

/** The ledger fact an event tells, or null when it tells none (a cancellation, a note…). */
export function legacyFact(e: LegacyEvent): LedgerFact | null {
  const d = e.detail ?? {};
  const common = { store: e.store, purchaseKey: e.purchaseKey, amountMinor: e.amountMinor ?? null, currency: e.currency ?? null, source: e.source, observedAt: e.occurredAt };
  switch (e.type) {
    case 'purchase':
    case 'renewal':
    case 'trial_converted': {
      const paymentKey = e.orderId ?? (e.type === 'purchase' ? (str(d.storeRef) ?? e.purchaseKey) : e.dedupeKey);
      const periodEnd = typeof d.expiresAt === 'number' ? d.expiresAt : null;
      return { ...common, kind: 'payment', paymentKey, status: 'paid', paidAt: e.occurredAt, periodStart: e.occurredAt, periodEnd };
    }
    case 'refund':
    case 'refund_failed':
    case 'refund_reversed':
    case 'revoke': {
      const paymentKey = e.orderId ?? e.purchaseKey;
      const intentId = str(d.intentId);
      const revoke = e.type === 'revoke';
      const key = refundKey(e, paymentKey);
      return {
        ...common,
        kind: 'refund',
        // A revoke moves no money of its own (Apple family sharing, access ended from this
        // console beside its refund): a row of its own, with nothing refunded.
        refundKey: revoke ? `${key}#revoke` : key,
        paymentKey,
        status: revoke ? 'succeeded' : refundStatus(e),
        refundKind: revoke ? 'partial' : (d.refundKind ?? 'full'),
        amountMinor: revoke ? 0 : common.amountMinor,
        // Apple REFUND always ends access (DESIGN §2)
        revokesAccess: d.revokesAccess ?? (revoke || e.store === 'apple'),
        reason: str(d.reason),
        createdAt: e.occurredAt,
        detectedVia: d.detectedVia,
        intentId,
        aliasOf: null,
      };
    }
    case 'dispute_opened':
    case 'dispute_won':
    case 'dispute_lost': {
      const paymentKey = e.orderId ?? e.purchaseKey;
      const disputeKey = e.store === 'google' ? `${paymentKey}#chargeback` : (str(d.storeRef) ?? `${paymentKey}#dispute`);
      return {
        ...common,
        kind: 'dispute',
        disputeKey,
        paymentKey,
        status: disputeStatus(e),
        reason: str(d.reason),
        isChargeRefundable: null,
        // Google lists a chargeback among voided purchases, which are revoked
        revokesAccess: d.revokesAccess ?? (e.store === 'google' && e.detail?.detectedVia === 'google_voided_purchases'),
        createdAt: e.occurredAt,
      };
    }
    default:
      return null;
  }
}
