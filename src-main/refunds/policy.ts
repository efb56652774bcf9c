// What each store lets a developer refund, for one purchase and one of its payments
// (DESIGN.md §2, §5). Pure functions over facts read from the cache: every refusal is
// decided here, before any byte goes to a store, in words an agent can act on.
import { refundShapes, STORE_PROFILES, type RefundShape } from '../domain/profiles';
import type { RefundMode, RefundReason } from '../domain/refunds';
import type { RefundOptionDto, RefundWarningDto } from '../ipc/channels/refunds';
import { DeskError } from '../ipc/define';
import { STORE_NAMES, type RefundKind, type Store } from '../ipc/vocabulary';
import type { PaymentFacts, PurchaseFacts } from './facts';
import { dayText, money, paymentRefusal, shapeRefusal } from './refusals';

export { dayText, money };

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

/** The warnings beside an option, as data; `warningText` words them for main's own sentences. */
function warningsOf(f: PurchaseFacts, p: PaymentFacts, s: Shape): RefundWarningDto[] {
  const w: RefundWarningDto[] = [];
  if (p.dispute?.chargeRefundable) {
    // Stripe Dispute.is_charge_refundable: the disputed payment can still be refunded, and
    // once it is fully refunded no further funds are withdrawn for the dispute.
    w.push({ code: 'dispute_refundable', paymentRef: p.ref, disputeStatus: p.dispute.status, inquiry: p.dispute.inquiry });
  }
  const profile = STORE_PROFILES[f.store];
  if (f.kind !== 'subscription' && f.consumed && profile.consumedWarning) w.push({ code: 'store_rule', text: profile.consumedWarning });
  if (s.mode === 'refund_and_revoke' && profile.revoke.warning) w.push({ code: 'store_rule', text: profile.revoke.warning });
  return w;
}

function warningText(w: RefundWarningDto): string {
  if (w.code === 'store_rule') return w.text;
  const what = w.inquiry ? 'An inquiry' : 'A dispute';
  return `${what} is open on ${w.paymentRef} (${w.disputeStatus.replace(/_/g, ' ')}); Stripe still accepts a refund. After a full refund Stripe takes no further funds for it.`;
}

/** Every option for this payment, each with its reason when off. Throws only for Apple/Amazon. */
export function refundOptions(f: PurchaseFacts, p: PaymentFacts, env: PolicyEnv): RefundOptionDto[] {
  assertStoreRefunds(f.store);
  const common = paymentRefusal(f, p, env, remaining(p));
  return shapes(f).map((s) => {
    const off = common ?? shapeRefusal(f, p, s, remaining(p));
    const amount = s.refundKind === 'full' ? remaining(p) : s.refundKind === 'prorated' ? proratedEstimate(p, env.now) : null;
    const warnings = warningsOf(f, p, s);
    return {
      mode: s.mode,
      refundKind: s.refundKind,
      label: s.label,
      enabled: off == null,
      offReason: off?.error.message ?? null,
      off: off?.off ?? null,
      amountMinor: amount,
      estimate: s.refundKind === 'prorated',
      effect: effectOf(f, s.mode),
      warnings: warnings.map(warningText),
      warningData: warnings,
    };
  });
}

/** The plan for a refund the agent asked for, or a DeskError saying why not. */
export function planRefund(f: PurchaseFacts, input: RefundInput, env: PolicyEnv): RefundPlan {
  assertStoreRefunds(f.store);
  const p = findPayment(f, input.paymentRef);
  const common = paymentRefusal(f, p, env, remaining(p));
  if (common) throw common.error;
  const s = shapes(f).find((x) => x.mode === input.mode && x.refundKind === input.refundKind);
  if (!s) {
    const what = input.refundKind === 'partial' ? 'a partial refund' : input.refundKind === 'prorated' ? 'a prorated refund' : 'this';
    throw new DeskError('not_allowed_by_store', `${STORE_NAMES[f.store]} does not allow ${what} as "${input.mode.replace(/_/g, ' ')}" for a ${f.kind.replace('_', '-')} purchase.`);
  }
  const off = shapeRefusal(f, p, s, remaining(p));
  if (off) throw off.error;
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
    warnings: warningsOf(f, p, s).map(warningText),
    effect: effectOf(f, s.mode),
  };
}
