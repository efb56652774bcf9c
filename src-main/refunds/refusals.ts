// Why a payment, or one refund option of it, cannot be refunded now: each refusal as data
// (a code with its amounts, times and IDs, for the renderer's words) and as main's own
// sentence (the DeskError that create throws, and `offReason` for older readers). Pure.
import { pastRefundAge, STORE_PROFILES, type RefundShape } from '../domain/profiles';
import type { RefundRefusalDto } from '../ipc/channels/refunds';
import { DeskError } from '../ipc/define';
import { majorUnits, STORE_NAMES } from '../ipc/vocabulary';
import type { PaymentFacts, PurchaseFacts } from './facts';

export interface Refusal {
  off: RefundRefusalDto;
  error: DeskError;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Main's own sentences only (logs, errors, main's confirmation); the renderer formats the data. */
export function dayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function money(minor: number, currency: string): string {
  return `${majorUnits(minor, currency)} ${currency}`;
}

const refused = (off: RefundRefusalDto, message: string, code: DeskError['code'] = 'not_allowed_by_store', retryable = false): Refusal => ({
  off,
  error: new DeskError(code, message, retryable),
});

/** Refusals that apply to every option of a payment, first one wins. Callers have refused Apple and Amazon already. */
export function paymentRefusal(f: PurchaseFacts, p: PaymentFacts, env: { now: number; online: boolean; configured: boolean }, remaining: number): Refusal | null {
  const store = f.store;
  const name = STORE_NAMES[store];
  const at = { store, paymentRef: p.ref };
  if (!env.configured) return refused({ code: 'not_configured', store }, `No ${name} credential is set. Add it in Settings to refund from the console.`, 'not_configured');
  if (!env.online) return refused({ code: 'offline', store }, 'Refund Desk is offline. Refunds need the store; try again when the connection is back.', 'offline', true);
  if (pastRefundAge(store, p.paidAt, env.now)) {
    const years = STORE_PROFILES[store].maxRefundAgeYears!;
    return refused({ code: 'too_old', ...at, at: p.paidAt, years }, `${name} does not refund orders older than ${years} years; order ${p.ref} was paid on ${dayText(p.paidAt)}.`);
  }
  if (!p.storeSourced) {
    return refused(
      { code: 'imported_only', ...at },
      `Payment ${p.ref} is known only from an imported file. The console refunds only payments it read from ${name}; sync the store, then try again.`,
    );
  }
  if (p.disputeOpen && p.dispute?.inquiry) {
    return refused(
      { code: 'inquiry_open', ...at, disputeStatus: p.dispute.status },
      `Payment ${p.ref} has an open inquiry from the customer's bank (${p.dispute.status.replace(/_/g, ' ')}): no money was taken yet, and ${name} does not say the payment can be refunded meanwhile. Answer the inquiry in the store.`,
    );
  }
  if (p.disputeOpen) {
    return refused(
      { code: 'dispute_open', ...at, ...(p.dispute ? { disputeStatus: p.dispute.status } : {}) },
      `Payment ${p.ref} is under dispute (a chargeback is open). The bank decides; a refund now could pay the customer twice. Answer the dispute in the store instead.`,
    );
  }
  if (p.chargedBack) return refused({ code: 'charged_back', ...at }, `Payment ${p.ref} was charged back: the customer already has the money.`);
  if (remaining <= 0) {
    if (p.pendingMinor > 0) {
      return refused(
        { code: 'pending_rest', ...at, amountMinor: p.pendingMinor, currency: p.currency },
        `Payment ${p.ref}: ${money(p.pendingMinor, p.currency)} is being refunded (pending at the store) and the rest is already refunded. Wait for the store to settle it.`,
      );
    }
    return refused({ code: 'fully_refunded', ...at, amountMinor: p.refundedMinor, currency: p.currency }, `Payment ${p.ref} is already fully refunded (${money(p.refundedMinor, p.currency)}).`);
  }
  return null;
}

/** Why this shape is off for this payment (beyond the payment-wide refusals), or null. */
export function shapeRefusal(f: PurchaseFacts, p: PaymentFacts, s: RefundShape, remaining: number): Refusal | null {
  const profile = STORE_PROFILES[f.store];
  const store = f.store;
  const rule = (text: string) => refused({ code: 'store_rule', store, paymentRef: p.ref, text }, text);
  const revokesSubscription = s.mode === 'refund_and_revoke' && f.kind === 'subscription';
  if (revokesSubscription && !p.latest && profile.revoke.notLatest) return rule(profile.revoke.notLatest);
  if (revokesSubscription && (f.state === 'revoked' || f.state === 'expired') && profile.revoke.ended) return rule(profile.revoke.ended);
  const taken = p.refundedMinor + p.pendingMinor;
  if (!profile.partialAmounts && taken > 0 && s.refundKind === 'full') {
    const where = profile.restRefundedIn ? `, so only ${profile.restRefundedIn} can refund the rest` : '';
    return refused(
      { code: 'whole_orders_only', store, paymentRef: p.ref, amountMinor: taken, currency: p.currency, where: profile.restRefundedIn },
      `${STORE_NAMES[store]} refunds whole orders; ${money(taken, p.currency)} of order ${p.ref} was already refunded or is being refunded${where}.`,
    );
  }
  if (s.refundKind === 'prorated' && p.periodEnd == null) {
    return refused({ code: 'period_unknown', store }, `The cache does not know this period\u2019s end; sync ${STORE_NAMES[store]} first.`);
  }
  if (s.refundKind === 'partial' && remaining < 2) return refused({ code: 'partial_too_small', store }, 'Less than two minor units remain; use the full refund.');
  return null;
}
