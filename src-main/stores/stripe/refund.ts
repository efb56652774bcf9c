// Refunds through POST /v1/refunds, exactly once (DESIGN §5.3, 5.6, 5.7):
// - the intent's key is the Idempotency-Key, and the request's parameters are derived
//   from the intent alone (payment, amount, reason, the key in metadata), so every
//   attempt of one intent, and the same refund from another desktop, is byte-identical:
//   Stripe replays the first result for 24 h, or performs the request once;
// - an answer never heard is settled by sending the identical request again, never by
//   "no refund listed" (the first request may still be running inside Stripe); a 409
//   `idempotency_key_in_use` means exactly that, so the intent stays unknown;
// - who made the refund is written on it afterwards (refundChecks.ts), so a second
//   desktop is told the refund was already made, and by whom.
import type Stripe from 'stripe';
import { majorUnits } from '../../ipc/vocabulary';
import type { StoreRefundOutcome, StoreRefundRequest } from '../adapter';
import { isStripeError } from './client';
import { outcomeOfError, outcomeOfRefund, stillRunning } from './outcomes';
import { AGENT_METADATA_KEY, checkPayment, claimRefund, INTENT_METADATA_KEY, KEY_METADATA } from './refundChecks';
import { invoiceSchema, listOf, paymentOfInvoice, refundSchema, wire, type SRefund } from './shapes';
import { cancelNow, readSubscription } from './revoke';

export { INTENT_METADATA_KEY } from './refundChecks';
export { outcomeOfError, outcomeOfRefund };

/** Stripe forgets a key once it is 24 h old (Idempotent requests docs); an hour of margin. */
export const KEY_TRUSTED_MS = 23 * 3600_000;

function paymentParams(ref: string): { payment_intent: string } | { charge: string } {
  return ref.startsWith('pi_') ? { payment_intent: ref } : { charge: ref };
}

/** The one request of an intent. Nothing per-desktop (intent ID, agent, note) goes in it. */
function refundParams(req: StoreRefundRequest, paymentRef: string): Stripe.RefundCreateParams {
  return { ...paymentParams(paymentRef), amount: req.amountMinor, reason: req.reason, metadata: { [KEY_METADATA]: req.idempotencyKey } };
}

/** The refund with this intent's key among the payment's refunds (all pages). */
async function refundWithKey(stripe: Stripe, req: StoreRefundRequest, paymentRef: string): Promise<SRefund | null> {
  for await (const raw of stripe.refunds.list({ ...paymentParams(paymentRef), limit: 100 })) {
    const r = wire(refundSchema, raw, 'refund');
    if (r.metadata?.[KEY_METADATA] === req.idempotencyKey) return r;
  }
  return null;
}

async function sendRefund(stripe: Stripe, req: StoreRefundRequest, paymentRef: string, steps: string[]): Promise<StoreRefundOutcome> {
  let refund: SRefund;
  try {
    refund = wire(refundSchema, await stripe.refunds.create(refundParams(req, paymentRef), { idempotencyKey: req.idempotencyKey }), 'refund');
  } catch (err) {
    const failedSteps = [...steps, `Refund of ${paymentRef}: no confirmation from Stripe`];
    if (!(isStripeError(err) && err.type === 'StripeIdempotencyError' && !stillRunning(err))) return outcomeOfError(err, failedSteps);
    // Same key, other parameters: the same refund was sent with other details (another
    // desktop, another reason). Stripe did not run this one; say what exists.
    const made = await refundWithKey(stripe, req, paymentRef).catch(() => null);
    if (made) return alreadyMade(made, made.metadata?.[AGENT_METADATA_KEY] ?? 'another desktop', steps);
    return { status: 'failed', code: 'idempotency_error', message: `The same refund of ${paymentRef} was already sent from another desktop with other details, and Stripe did not refund it again. Nothing was refunded by this request.`, steps: failedSteps };
  }
  const { refund: current, otherAgent } = await claimRefund(stripe, req, refund);
  if (otherAgent) return alreadyMade(current, otherAgent, steps);
  return outcomeOfRefund(current, [...steps, `Refunded ${req.amountMinor} ${req.currency} of ${paymentRef} (${current.id}, ${current.status})`]);
}

/** Another desktop made this very refund: nothing more was refunded, and the agent is told by whom. */
function alreadyMade(r: SRefund, by: string, steps: string[]): StoreRefundOutcome {
  return {
    status: 'failed',
    code: 'already_refunded_elsewhere',
    message: `This refund was already made by ${by} (${r.id}, ${majorUnits(r.amount, r.currency.toUpperCase())} ${r.currency.toUpperCase()}, ${r.status}). Nothing was refunded again. To refund the same amount a second time, confirm a second refund.`,
    raw: r,
    steps: [...steps, `Already refunded by ${by} (${r.id}); not sent again`],
  };
}

/**
 * A refund already carrying this key (another desktop made it, maybe more than 24 h ago
 * when Stripe no longer replays the key) is proof it exists: nothing is sent. A repeat
 * the agent confirmed has a key of its own and is not looked for.
 */
async function madeElsewhere(stripe: Stripe, req: StoreRefundRequest): Promise<StoreRefundOutcome | null> {
  if (req.allowRepeat) return null;
  try {
    const made = await refundWithKey(stripe, req, req.paymentRef);
    if (!made || made.status === 'failed' || made.status === 'canceled' || made.metadata?.[INTENT_METADATA_KEY] === req.intentId) return null;
    return alreadyMade(made, made.metadata?.[AGENT_METADATA_KEY] ?? 'another desktop', []);
  } catch {
    return null; // a read that fails proves nothing either way; the key still guards the send
  }
}

/** The payment of the subscription's latest paid invoice. */
async function latestPaidPayment(stripe: Stripe, subscription: string): Promise<string | null> {
  const page = wire(listOf(invoiceSchema), await stripe.invoices.list({ subscription, status: 'paid', limit: 1, expand: ['data.payments'] }), 'invoice list');
  const inv = page.data[0];
  return inv ? paymentOfInvoice(inv) : null;
}

/** `settling`: a re-send of an uncertain intent, which must not be refused by the pre-send check. */
async function run(stripe: Stripe, req: StoreRefundRequest, settling: boolean): Promise<StoreRefundOutcome> {
  const direct = req.paymentRef.startsWith('pi_') || req.paymentRef.startsWith('ch_');
  if (!settling && direct) {
    const refused = (await checkPayment(stripe, req, req.paymentRef)) ?? (await madeElsewhere(stripe, req));
    if (refused && req.mode === 'refund_and_revoke') return { ...refused, accessEnded: false, steps: [...(refused.steps ?? []), 'The subscription was not cancelled'] };
    if (refused) return refused;
  }
  if (req.mode === 'refund') return sendRefund(stripe, req, req.paymentRef, []);
  // "Refund and revoke access": cancel now (access ends), then refund the payment.
  const subId = req.purchaseKey.startsWith('sub_') ? req.purchaseKey : req.paymentRef;
  const cancel = await cancelNow(stripe, subId);
  if (cancel.status !== 'cancelled') return { ...cancel.outcome, accessEnded: false };
  const steps = cancel.steps;
  // From here on access has ended: every outcome says so as data (DESIGN §5: show exactly what happened).
  let payment: string | null;
  try {
    payment = direct ? req.paymentRef : await latestPaidPayment(stripe, subId);
  } catch (err) {
    return { ...outcomeOfError(err, [...steps, 'Refund not attempted: the latest paid invoice could not be read; refund it from this console to finish']), accessEnded: true };
  }
  if (!payment) {
    return { status: 'failed', message: `Subscription ${subId} has no paid invoice to refund`, code: 'no_paid_invoice', steps: [...steps, 'No refund was made'], accessEnded: true };
  }
  const out = await sendRefund(stripe, req, payment, steps);
  if (out.status === 'failed') {
    return { ...out, accessEnded: true, steps: [...(out.steps ?? []), `To finish: the subscription is cancelled; refund ${payment} alone (mode "refund")`] };
  }
  return { ...out, accessEnded: true };
}

export function stripeRefund(stripe: Stripe, req: StoreRefundRequest): Promise<StoreRefundOutcome> {
  return run(stripe, req, false);
}

/**
 * Settles an intent whose answer was lost: the identical request again, under the same
 * key, while Stripe still holds the key (it replays, or performs once). After ~24 h
 * the key may be gone and a re-send could refund again; by then the first request has
 * long finished, so the payment's refunds are read instead.
 */
export async function stripeReconcile(stripe: Stripe, req: StoreRefundRequest, nowMs: number): Promise<StoreRefundOutcome | { status: 'not_found' }> {
  if (req.intentCreatedAt == null || nowMs - req.intentCreatedAt < KEY_TRUSTED_MS) return run(stripe, req, true);
  let payment = req.paymentRef;
  if (!payment.startsWith('pi_') && !payment.startsWith('ch_')) {
    const found = await latestPaidPayment(stripe, payment);
    if (!found) return { status: 'not_found' };
    payment = found;
  }
  const made = await refundWithKey(stripe, req, payment);
  if (!made) return { status: 'not_found' };
  const out = outcomeOfRefund(made, ['found by its key among the payment\u2019s refunds']);
  return req.mode === 'refund_and_revoke' ? { ...out, accessEnded: await subscriptionEnded(stripe, req) } : out;
}

/** Whether the subscription of a refund-and-revoke is cancelled at Stripe now (its first step happened). */
async function subscriptionEnded(stripe: Stripe, req: StoreRefundRequest): Promise<boolean> {
  const subId = req.purchaseKey.startsWith('sub_') ? req.purchaseKey : req.paymentRef;
  if (!subId.startsWith('sub_')) return false;
  try {
    return (await readSubscription(stripe, subId)).status === 'canceled';
  } catch {
    return false; // unread: not claimed; the timeline shows the cancellation once synced
  }
}
