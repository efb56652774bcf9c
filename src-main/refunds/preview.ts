// What a refund will do, before the agent confirms: the amounts, the effect on access
// and renewals, and every option that is off with its reason. Reads the cache only.
import type { Db } from '../db/connection';
import { refundShapes } from '../domain/profiles';
import { DeskError } from '../ipc/define';
import { PREVIEW_PAYMENTS, type RefundPreviewDto } from '../ipc/channels/refunds';
import type { RefundKind } from '../ipc/vocabulary';
import type { FactsScope, PurchaseFacts } from './facts';
import { openIntentFor, sendKeyFor, succeededWithKey } from './intents';
import {
  assertStoreRefunds,
  findPayment,
  money,
  planRefund,
  proratedEstimate,
  refundOptions,
  remaining,
  type PolicyEnv,
  type RefundMode,
} from './policy';
import { purchaseTotals, type PurchaseTotal } from './totals';

export interface PreviewInput {
  purchaseId: number;
  paymentRef?: string | null;
  mode?: RefundMode;
  refundKind?: RefundKind;
  amountMinor?: number | null;
  /** How many of the newest payments to list (default PREVIEW_PAYMENTS). */
  paymentsLimit?: number;
}

/** The succeeded refund that create would refuse this one as a repeat of (same key: store, payment, amount). */
function repeatOf(db: Db, plan: Parameters<typeof sendKeyFor>[0]): NonNullable<RefundPreviewDto['summary']>['repeatOf'] {
  const prior = succeededWithKey(db, sendKeyFor(plan, '', false));
  if (!prior) return null;
  return {
    intentId: prior.id,
    amountMinor: prior.amountMinor,
    currency: prior.currency,
    at: prior.createdAt,
    agent: { osUser: prior.agentOsUser, name: prior.agentName },
    storeRef: prior.storeRef,
  };
}

/** What the preview reads: the payment asked for and the newest few, never all of them (issue 20). */
export const previewScope = (input: PreviewInput): FactsScope => ({ paymentRef: input.paymentRef ?? null, newest: input.paymentsLimit ?? PREVIEW_PAYMENTS });

/**
 * `f`: the purchase's facts, read by the caller with previewScope(input) for the store's env;
 * `totals`: purchaseTotals over all its payments (the service reads them in a worker).
 */
export function previewRefund(db: Db, f: PurchaseFacts, input: PreviewInput, env: PolicyEnv, totals: readonly PurchaseTotal[] = purchaseTotals(db, f.store, f.id)): RefundPreviewDto {
  assertStoreRefunds(f.store);
  const p = findPayment(f, input.paymentRef);
  let summary: RefundPreviewDto['summary'] = null;
  if (input.mode && input.refundKind) {
    try {
      const plan = planRefund(
        f,
        { purchaseId: f.id, paymentRef: p.ref, mode: input.mode, refundKind: input.refundKind, amountMinor: input.amountMinor ?? null, reason: 'requested_by_customer' },
        env,
      );
      const est = plan.refundKind === 'prorated' ? 'about ' : '';
      summary = {
        amountMinor: plan.amountMinor,
        effect: plan.effect,
        warnings: plan.warnings,
        text: `Refund ${est}${money(plan.amountMinor, plan.currency)} of ${plan.paymentRef}. ${plan.effect}.`,
        repeatOf: repeatOf(db, plan),
      };
    } catch (e) {
      if (!(e instanceof DeskError) || e.code === 'internal') throw e;
      // the option is off: its reason is already in `options`
    }
  }
  const open = openIntentFor(db, f.store, p.ref);
  const paymentCount = totals.reduce((n, t) => n + t.paymentCount, 0);
  return {
    store: f.store,
    purchaseId: f.id,
    paymentRef: p.ref,
    paidAt: p.paidAt,
    currency: p.currency,
    amounts: {
      paidMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      remainingMinor: remaining(p),
      fullMinor: remaining(p),
      proratedEstimateMinor: p.latest && refundShapes(f.store, f.kind).some((s) => s.refundKind === 'prorated') ? proratedEstimate(p, env.now) : null,
      pendingMinor: p.pendingMinor,
    },
    payments: f.payments.map((x) => ({
      ref: x.ref,
      paidAt: x.paidAt,
      amountMinor: x.amountMinor,
      refundedMinor: x.refundedMinor,
      latest: x.latest,
      pendingMinor: x.pendingMinor,
      remainingMinor: remaining(x),
      storeSourced: x.storeSourced,
    })),
    options: refundOptions(f, p, env).map((o) =>
      open
        ? { ...o, enabled: false, offReason: o.offReason ?? 'A refund of this payment is already open; wait for its result.', off: o.off ?? { code: 'intent_open', store: f.store, paymentRef: p.ref } }
        : o,
    ),
    summary,
    openIntentId: open?.id ?? null,
    paymentCount,
    paymentsNewest: Math.min(paymentCount, input.paymentsLimit ?? PREVIEW_PAYMENTS),
    totals: [...totals],
  };
}
