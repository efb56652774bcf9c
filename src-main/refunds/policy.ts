// What each store lets a developer refund, for one purchase and one of its payments
// (DESIGN.md §2, §5). Pure functions over facts read from the cache: every refusal is
// decided here, before any byte goes to a store, in words an agent can act on.
import { pastRefundAge, refundShapes, STORE_PROFILES, type RefundShape } from '../domain/profiles';
import type { RefundMode, RefundReason } from '../domain/refunds';
import type { RefundOptionDto } from '../ipc/channels/refunds';
import { DeskError } from '../ipc/define';
import { majorUnits, STORE_NAMES, type RefundKind, type Store } from '../ipc/vocabulary';
import type { PaymentFacts, PurchaseFacts } from './facts';

export type { RefundOptionDto, RefundMode, RefundReason };

export interface RefundInput {
  purchaseId: number;
  /** Google order ID or Stripe payment intent / charge; default: the latest payment. */
  paymentRef?: string | null;
  mode: RefundMode;
  refundKind: RefundKind;
  /** Required for a partial refund; ignored otherwise (the amount is the store's). */
  amountMinor?: number | null;
  reason: RefundReason;
  note?: string | null;
}

export interface PolicyEnv {
  now: number;
  online: boolean;
  /** A credential for the store is configured. */
  configured: boolean;
}

/** Everything the service needs to write an intent and call the store. */
export interface RefundPlan {
  store: Store;
  purchaseId: number;
  purchaseKey: string;
  purchaseKind: PurchaseFacts['kind'];
  paymentRef: string;
  paidAt: number;
  mode: RefundMode;
  refundKind: RefundKind;
  amountMinor: number;
  currency: string;
  reason: RefundReason;
  note: string | null;
  warnings: string[];
  effect: string;
}

/** Stores whose profile says the console cannot refund (Apple, Amazon): refused, with the customer's procedure. */
export function assertStoreRefunds(store: Store): void {
  const profile = STORE_PROFILES[store];
  if (!profile.canRefund) throw new DeskError('not_allowed_by_store', profile.procedure ?? `${STORE_NAMES[store]} does not let developers refund.`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function dayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function money(minor: number, currency: string): string {
  return `${majorUnits(minor, currency)} ${currency}`;
}

/** What the store still lets the console refund: refunds it holds as pending already count against the payment. */
export function remaining(p: PaymentFacts): number {
  return Math.max(0, p.amountMinor - p.refundedMinor - p.pendingMinor);
}

export function findPayment(f: PurchaseFacts, ref: string | null | undefined): PaymentFacts {
  const pay = ref ? f.payments.find((p) => p.ref === ref) : f.payments[f.payments.length - 1];
  if (!pay) {
    throw new DeskError(
      'not_found',
      ref ? `Payment ${ref} is not part of this purchase in the cache. Sync the store, then try again.` : 'This purchase has no payment in the cache to refund. Sync the store, then try again.',
    );
  }
  return pay;
}

/** Google's prorated refund: the unused part of the current period, as Google computes it at revoke time. */
export function proratedEstimate(p: PaymentFacts, now: number): number | null {
  if (p.periodEnd == null || p.periodEnd <= p.paidAt) return null;
  const share = Math.min(1, Math.max(0, (p.periodEnd - now) / (p.periodEnd - p.paidAt)));
  return Math.min(remaining(p), Math.round(p.amountMinor * share));
}

/** Refusals that apply to every option of a payment, first one wins. Callers have refused Apple and Amazon already (assertStoreRefunds). */
function paymentRefusal(f: PurchaseFacts, p: PaymentFacts, env: PolicyEnv): DeskError | null {
  if (!env.configured) {
    return new DeskError('not_configured', `No ${STORE_NAMES[f.store]} credential is set. Add it in Settings → Stores to refund from the console.`);
  }
  if (!env.online) return new DeskError('offline', 'Refund Desk is offline. Refunds need the store; try again when the connection is back.', true);
  if (pastRefundAge(f.store, p.paidAt, env.now)) {
    return new DeskError(
      'not_allowed_by_store',
      `${STORE_NAMES[f.store]} does not refund orders older than ${STORE_PROFILES[f.store].maxRefundAgeYears} years; order ${p.ref} was paid on ${dayText(p.paidAt)}.`,
    );
  }
  if (!p.storeSourced) {
    return new DeskError(
      'not_allowed_by_store',
      `Payment ${p.ref} is known only from an imported file. The console refunds only payments it read from ${STORE_NAMES[f.store]}; sync the store, then try again.`,
    );
  }
  if (p.disputeOpen && p.dispute?.inquiry) {
    return new DeskError(
      'not_allowed_by_store',
      `Payment ${p.ref} has an open inquiry from the customer's bank (${p.dispute.status.replace(/_/g, ' ')}): no money was taken yet, and ${STORE_NAMES[f.store]} does not say the payment can be refunded meanwhile. Answer the inquiry in the store.`,
    );
  }
  if (p.disputeOpen) {
    return new DeskError(
      'not_allowed_by_store',
      `Payment ${p.ref} is under dispute (a chargeback is open). The bank decides; a refund now could pay the customer twice. Answer the dispute in the store instead.`,
    );
  }
  if (p.chargedBack) return new DeskError('not_allowed_by_store', `Payment ${p.ref} was charged back: the customer already has the money.`);
  if (remaining(p) <= 0) {
    if (p.pendingMinor > 0) {
      return new DeskError(
        'not_allowed_by_store',
        `Payment ${p.ref}: ${money(p.pendingMinor, p.currency)} is being refunded (pending at the store) and the rest is already refunded. Wait for the store to settle it.`,
      );
    }
    return new DeskError('not_allowed_by_store', `Payment ${p.ref} is already fully refunded (${money(p.refundedMinor, p.currency)}).`);
  }
  return null;
}

function effectOf(f: PurchaseFacts, mode: RefundMode): string {
  if (mode === 'refund_and_revoke') {
    return f.kind === 'subscription' ? 'Access ends now; no more renewals' : 'Access ends now: the item is taken back';
  }
  if (f.kind !== 'subscription') return 'Access unchanged';
  const until = f.stateUntil ?? f.expiresAt;
  const renewals = f.autoRenew === false ? '; no more renewals' : '; renewals continue';
  return until ? `Access unchanged until ${dayText(until)}${renewals}` : `Access unchanged${renewals}`;
}

type Shape = RefundShape;

/** The options the store's profile offers for this kind of purchase. */
const shapes = (f: PurchaseFacts): readonly Shape[] => refundShapes(f.store, f.kind);

/** Why this shape is off for this payment (beyond the payment-wide refusals), or null. */
function shapeRefusal(f: PurchaseFacts, p: PaymentFacts, s: Shape): string | null {
  const profile = STORE_PROFILES[f.store];
  const revokesSubscription = s.mode === 'refund_and_revoke' && f.kind === 'subscription';
  if (revokesSubscription && !p.latest && profile.revoke.notLatest) return profile.revoke.notLatest;
  if (revokesSubscription && (f.state === 'revoked' || f.state === 'expired') && profile.revoke.ended) return profile.revoke.ended;
  const taken = p.refundedMinor + p.pendingMinor;
  if (!profile.partialAmounts && taken > 0 && s.refundKind === 'full') {
    const where = profile.restRefundedIn ? `, so only ${profile.restRefundedIn} can refund the rest` : '';
    return `${STORE_NAMES[f.store]} refunds whole orders; ${money(taken, p.currency)} of order ${p.ref} was already refunded or is being refunded${where}.`;
  }
  if (s.refundKind === 'prorated' && p.periodEnd == null) return `The cache does not know this period\u2019s end; sync ${STORE_NAMES[f.store]} first.`;
  if (s.refundKind === 'partial' && remaining(p) < 2) return 'Less than two minor units remain; use the full refund.';
  return null;
}

function warningsOf(f: PurchaseFacts, p: PaymentFacts, s: Shape): string[] {
  const w: string[] = [];
  if (p.dispute?.chargeRefundable) {
    // Stripe Dispute.is_charge_refundable: the disputed payment can still be refunded, and
    // once it is fully refunded no further funds are withdrawn for the dispute.
    const what = p.dispute.inquiry ? 'An inquiry' : 'A dispute';
    w.push(`${what} is open on ${p.ref} (${p.dispute.status.replace(/_/g, ' ')}); Stripe still accepts a refund. After a full refund Stripe takes no further funds for it.`);
  }
  const profile = STORE_PROFILES[f.store];
  if (f.kind !== 'subscription' && f.consumed && profile.consumedWarning) w.push(profile.consumedWarning);
  if (s.mode === 'refund_and_revoke' && profile.revoke.warning) w.push(profile.revoke.warning);
  return w;
}

/** Every option for this payment, each with its reason when off. Throws only for Apple/Amazon. */
export function refundOptions(f: PurchaseFacts, p: PaymentFacts, env: PolicyEnv): RefundOptionDto[] {
  assertStoreRefunds(f.store);
  const common = paymentRefusal(f, p, env);
  return shapes(f).map((s) => {
    const off = common?.message ?? shapeRefusal(f, p, s);
    const amount = s.refundKind === 'full' ? remaining(p) : s.refundKind === 'prorated' ? proratedEstimate(p, env.now) : null;
    return {
      mode: s.mode,
      refundKind: s.refundKind,
      label: s.label,
      enabled: off == null,
      offReason: off ?? null,
      amountMinor: amount,
      estimate: s.refundKind === 'prorated',
      effect: effectOf(f, s.mode),
      warnings: warningsOf(f, p, s),
    };
  });
}

/** The plan for a refund the agent asked for, or a DeskError saying why not. */
export function planRefund(f: PurchaseFacts, input: RefundInput, env: PolicyEnv): RefundPlan {
  assertStoreRefunds(f.store);
  const p = findPayment(f, input.paymentRef);
  const common = paymentRefusal(f, p, env);
  if (common) throw common;
  const s = shapes(f).find((x) => x.mode === input.mode && x.refundKind === input.refundKind);
  if (!s) {
    const what = input.refundKind === 'partial' ? 'a partial refund' : input.refundKind === 'prorated' ? 'a prorated refund' : 'this';
    throw new DeskError('not_allowed_by_store', `${STORE_NAMES[f.store]} does not allow ${what} as "${input.mode.replace(/_/g, ' ')}" for a ${f.kind.replace('_', '-')} purchase.`);
  }
  const off = shapeRefusal(f, p, s);
  if (off) throw new DeskError('not_allowed_by_store', off);
  let amount = remaining(p);
  if (s.refundKind === 'partial') {
    const want = input.amountMinor;
    if (want == null || !Number.isInteger(want) || want < 1) {
      throw new DeskError('invalid_input', `Enter the amount to refund, in ${p.currency}, between 0.01 and ${money(remaining(p), p.currency)}.`);
    }
    if (want > remaining(p)) {
      throw new DeskError(
        'invalid_input',
        `${money(want, p.currency)} is more than what remains refundable on ${p.ref}: ${money(remaining(p), p.currency)} (paid ${money(p.amountMinor, p.currency)}, already refunded ${money(p.refundedMinor, p.currency)}).`,
      );
    }
    amount = want;
  } else if (s.refundKind === 'prorated') {
    amount = proratedEstimate(p, env.now) ?? amount;
    if (amount < 1) throw new DeskError('not_allowed_by_store', 'The period has ended: a prorated refund would be zero. Use "Refund only" or a full refund.');
  }
  return {
    store: f.store,
    purchaseId: f.id,
    purchaseKey: f.storeKey,
    purchaseKind: f.kind,
    paymentRef: p.ref,
    paidAt: p.paidAt,
    mode: s.mode,
    refundKind: s.refundKind,
    amountMinor: amount,
    currency: p.currency,
    reason: input.reason,
    note: input.note?.trim() ? input.note.trim() : null,
    warnings: warningsOf(f, p, s),
    effect: effectOf(f, s.mode),
  };
}
