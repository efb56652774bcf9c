// Refunds through POST /v1/refunds, exactly once: the intent's key is the
// Idempotency-Key (Stripe replays the first answer for 24 h, and the SDK re-sends the
// same key on its own retries), and the intent ID rides in the refund's metadata so a
// lost answer can be reconciled by listing the payment's refunds.
import type Stripe from 'stripe';
import type { StoreRefundOutcome, StoreRefundRequest } from '../adapter';
import { classifyStripeError, isStripeError } from './client';
import { paymentOfInvoice, type SInvoice, type SRefund, type SSubscription } from './shapes';

export const INTENT_METADATA_KEY = 'refund_desk_intent';

function paymentParams(ref: string): { payment_intent: string } | { charge: string } {
  return ref.startsWith('pi_') ? { payment_intent: ref } : { charge: ref };
}

/** What a failed refund call means: a clear refusal in Stripe's words, or an answer we never got. */
function outcomeOfError(err: unknown, steps: string[]): StoreRefundOutcome {
  const e = classifyStripeError(err);
  if (e.kind === 'transient' || e.kind === 'offline' || e.kind === 'malformed') {
    // 5xx, timeout, dropped connection: Stripe may have refunded. Never retried under a new key.
    return {
      status: 'unknown',
      message: `Stripe did not give an answer (${e.message}). The refund may have happened; it is checked with Stripe before anything else is done.`,
      steps,
    };
  }
  const code = isStripeError(err) ? (err.code ?? (err.type === 'StripeIdempotencyError' ? 'idempotency_error' : null)) : null;
  const status = isStripeError(err) ? err.statusCode : null;
  return {
    status: 'failed',
    message: e.message,
    code: code ?? (status === 403 ? 'permission_denied' : e.kind === 'rate_limited' ? 'rate_limited' : null),
    steps,
  };
}

async function createRefund(stripe: Stripe, req: StoreRefundRequest, paymentRef: string, steps: string[]): Promise<StoreRefundOutcome> {
  try {
    const refund = (await stripe.refunds.create(
      {
        ...paymentParams(paymentRef),
        amount: req.amountMinor,
        reason: req.reason,
        metadata: { [INTENT_METADATA_KEY]: req.intentId, ...(req.note ? { refund_desk_note: req.note.slice(0, 500) } : {}) },
      },
      { idempotencyKey: req.idempotencyKey },
    )) as unknown as SRefund;
    return outcomeOfRefund(refund, [...steps, `Refunded ${req.amountMinor} ${req.currency} of ${paymentRef} (${refund.id}, ${refund.status})`]);
  } catch (err) {
    return outcomeOfError(err, [...steps, `Refund of ${paymentRef}: no confirmation from Stripe`]);
  }
}

function outcomeOfRefund(r: SRefund, steps?: string[]): StoreRefundOutcome {
  if (r.status === 'failed' || r.status === 'canceled') {
    return { status: 'failed', message: `Stripe reports the refund ${r.id} as ${r.status}${r.failure_reason ? `: ${r.failure_reason.replace(/_/g, ' ')}` : ''}`, code: r.failure_reason ?? r.status, raw: r, ...(steps ? { steps } : {}) };
  }
  return { status: 'succeeded', storeRef: r.id, amountMinor: r.amount, raw: r, ...(steps ? { steps } : {}) };
}

/** The payment of the subscription's latest paid invoice. */
async function latestPaidPayment(stripe: Stripe, subscription: string): Promise<string | null> {
  const page = await stripe.invoices.list({ subscription, status: 'paid', limit: 1, expand: ['data.payments'] });
  const inv = page.data[0] as unknown as SInvoice | undefined;
  return inv ? paymentOfInvoice(inv) : null;
}

export async function stripeRefund(stripe: Stripe, req: StoreRefundRequest): Promise<StoreRefundOutcome> {
  if (req.mode === 'refund') return createRefund(stripe, req, req.paymentRef, []);
  // "Refund and revoke access": cancel now (access ends), then refund the latest paid invoice.
  const subId = req.purchaseKey.startsWith('sub_') ? req.purchaseKey : req.paymentRef;
  const steps: string[] = [];
  try {
    const sub = (await stripe.subscriptions.retrieve(subId)) as unknown as SSubscription;
    if (sub.status === 'canceled') steps.push(`Subscription ${subId} was already cancelled`);
    else {
      await stripe.subscriptions.cancel(subId);
      steps.push(`Subscription ${subId} cancelled now: access ended, no more renewals`);
    }
  } catch (err) {
    const out = outcomeOfError(err, [`Subscription ${subId} not cancelled`, 'No refund was attempted']);
    return out.status === 'unknown' ? { ...out, message: `${out.message} Check the subscription in Stripe, then try again.` } : out;
  }
  // From here on access has ended: every outcome says so, so the console records the
  // revoke even when no money moved (DESIGN §5: show exactly what happened).
  let payment: string | null;
  try {
    payment = req.paymentRef.startsWith('pi_') || req.paymentRef.startsWith('ch_') ? req.paymentRef : await latestPaidPayment(stripe, subId);
  } catch (err) {
    const out = outcomeOfError(err, [...steps, 'Refund not attempted: the latest paid invoice could not be read; refund it from this console to finish']);
    return out.status === 'succeeded' ? out : { ...out, accessEnded: true };
  }
  if (!payment) {
    return { status: 'failed', message: `Subscription ${subId} has no paid invoice to refund`, code: 'no_paid_invoice', steps: [...steps, 'No refund was made'], accessEnded: true };
  }
  const out = await createRefund(stripe, req, payment, steps);
  if (out.status === 'failed') {
    return { ...out, accessEnded: true, steps: [...(out.steps ?? []), `To finish: the subscription is cancelled; refund ${payment} alone (mode "refund")`] };
  }
  if (out.status === 'unknown') return { ...out, accessEnded: true };
  return out;
}

/** Finds the intent's refund among the payment's refunds; never creates one. */
export async function stripeReconcile(stripe: Stripe, req: StoreRefundRequest): Promise<StoreRefundOutcome | { status: 'not_found' }> {
  let payment = req.paymentRef;
  if (!payment.startsWith('pi_') && !payment.startsWith('ch_')) {
    const found = await latestPaidPayment(stripe, payment);
    if (!found) return { status: 'not_found' };
    payment = found;
  }
  for await (const r of stripe.refunds.list({ ...paymentParams(payment), limit: 100 })) {
    const refund = r as unknown as SRefund;
    if (refund.metadata?.[INTENT_METADATA_KEY] === req.intentId) return outcomeOfRefund(refund);
  }
  return { status: 'not_found' };
}
