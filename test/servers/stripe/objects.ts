// What happens inside the account: payments, refunds, disputes, subscriptions. Used by
// the HTTP routes (POST /v1/refunds, DELETE /v1/subscriptions/:id) and by tests as
// "something happened in the Stripe Dashboard". Each change emits the events Stripe
// documents for it.
import { emitEvent, newId, nowSec, type Obj, type StripeAccount } from './state';

export function createCustomer(
  acct: StripeAccount,
  o: { email?: string | null; name?: string | null; metadata?: Record<string, string> } = {},
): Obj {
  const c = acct.customers.add({
    id: newId(acct, 'cus'),
    object: 'customer',
    created: nowSec(acct),
    email: o.email ?? null,
    name: o.name ?? null,
    metadata: o.metadata ?? {},
    livemode: false,
    description: null,
    currency: 'usd',
    delinquent: false,
  });
  emitEvent(acct, 'customer.created', c);
  return c;
}

/** A change made in the Dashboard: customer.updated with the fields' previous values (Event object: previous_attributes). */
export function updateCustomer(acct: StripeAccount, id: string, o: { email?: string; name?: string; metadata?: Record<string, string> }): Obj {
  const c = acct.customers.get(id);
  if (!c) throw new Error(`no customer ${id}`);
  const previous: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    previous[k] = c[k];
    c[k] = k === 'metadata' ? { ...(c.metadata as Record<string, string>), ...(v as Record<string, string>) } : v;
  }
  emitEvent(acct, 'customer.updated', c, previous);
  return c;
}

/** A succeeded card payment: a PaymentIntent and its Charge. */
export function createPayment(
  acct: StripeAccount,
  o: { customer: string; amount: number; currency?: string; description?: string; emit?: boolean; invoice?: string },
): { paymentIntent: Obj; charge: Obj } {
  const created = nowSec(acct);
  const currency = o.currency ?? 'usd';
  const customer = acct.customers.get(o.customer);
  const piId = newId(acct, 'pi');
  if (o.invoice) acct.invoiceOfPayment.set(piId, o.invoice);
  const charge = acct.charges.add({
    id: newId(acct, 'ch'),
    object: 'charge',
    amount: o.amount,
    amount_captured: o.amount,
    amount_refunded: 0,
    balance_transaction: newId(acct, 'txn'),
    billing_details: { email: (customer?.email as string | null) ?? null, name: null },
    captured: true,
    created,
    currency,
    customer: o.customer,
    description: o.description ?? null,
    disputed: false,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: piId,
    payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } },
    receipt_email: (customer?.email as string | null) ?? null,
    refunded: false,
    status: 'succeeded',
  });
  const paymentIntent = acct.paymentIntents.add({
    id: piId,
    object: 'payment_intent',
    amount: o.amount,
    amount_received: o.amount,
    created,
    currency,
    customer: o.customer,
    description: o.description ?? null,
    latest_charge: charge.id,
    livemode: false,
    metadata: {},
    status: 'succeeded',
  });
  if (o.emit !== false) {
    emitEvent(acct, 'payment_intent.succeeded', paymentIntent);
    emitEvent(acct, 'charge.succeeded', charge);
  }
  return { paymentIntent, charge };
}

export type RefundError = { status: number; error: Record<string, unknown> };

/**
 * Creates a refund as Stripe does (API or Dashboard), with its checks in Stripe's
 * order and words: unknown charge, disputed charge, fully refunded charge, amount over
 * what remains.
 */
export function refundCharge(
  acct: StripeAccount,
  o: { charge?: string; paymentIntent?: string; amount?: number; reason?: string | null; metadata?: Record<string, string> },
): Obj | RefundError {
  let charge: Obj | undefined;
  if (o.charge) {
    charge = acct.charges.get(o.charge);
    if (!charge) return missing('charge', o.charge);
  } else if (o.paymentIntent) {
    const pi = acct.paymentIntents.get(o.paymentIntent);
    if (!pi) return missing('payment_intent', o.paymentIntent);
    charge = acct.charges.get(pi.latest_charge as string);
    if (!charge) return missing('payment_intent', o.paymentIntent);
  } else {
    return {
      status: 400,
      error: { type: 'invalid_request_error', message: 'One of the following params should be provided for this request: payment_intent or charge.' },
    };
  }
  const amount = charge.amount as number;
  const refunded = charge.amount_refunded as number;
  // Dispute object docs, is_charge_refundable: while true the disputed payment can still
  // be refunded (inquiries); a chargeback is not, and Stripe refuses the refund.
  const dispute = acct.disputes.items.find((d) => d.charge === charge.id && d.status !== 'won' && d.status !== 'warning_closed');
  if (dispute && !dispute.is_charge_refundable) {
    return {
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'charge_disputed',
        message: `Charge ${charge.id} has been charged back; cannot issue a refund.`,
        param: 'charge',
      },
    };
  }
  if (refunded >= amount) {
    return {
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge ${charge.id} has already been refunded.`,
        param: 'charge',
      },
    };
  }
  const want = o.amount ?? amount - refunded;
  if (!Number.isInteger(want) || want < 1) {
    return { status: 400, error: { type: 'invalid_request_error', message: 'Invalid positive integer', param: 'amount' } };
  }
  if (want > amount - refunded) {
    return {
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        message: `Refund amount (${money(want)}) is greater than unrefunded amount on charge (${money(amount - refunded)})`,
        param: 'amount',
      },
    };
  }
  const refund = acct.refunds.add({
    id: newId(acct, 're'),
    object: 'refund',
    amount: want,
    balance_transaction: newId(acct, 'txn'),
    charge: charge.id,
    created: nowSec(acct),
    currency: charge.currency,
    destination_details: { type: 'card', card: { type: 'refund', reference_status: 'pending' } },
    metadata: o.metadata ?? {},
    payment_intent: charge.payment_intent,
    reason: o.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: acct.newRefundStatus,
    transfer_reversal: null,
  });
  const previous = { amount_refunded: refunded, refunded: charge.refunded };
  charge.amount_refunded = refunded + want;
  charge.refunded = refunded + want >= amount;
  emitEvent(acct, 'refund.created', refund);
  emitEvent(acct, 'charge.refunded', charge, previous);
  return refund;
}

/**
 * A refund's later life (Refund object docs: pending → succeeded, succeeded → failed when
 * e.g. the card was closed, requires_action → canceled). Stripe sends refund.updated, and
 * refund.failed on failure (before acacia: charge.refund.updated only, see versions.ts).
 * A failed or canceled refund gives the money back to the charge's refundable amount.
 */
export function updateRefund(acct: StripeAccount, refundId: string, status: 'succeeded' | 'failed' | 'canceled' | 'requires_action', failureReason?: string): Obj {
  const refund = acct.refunds.get(refundId);
  if (!refund) throw new Error(`no refund ${refundId}`);
  const previous = refund.status as string;
  refund.status = status;
  if (status === 'failed') {
    refund.failure_reason = failureReason ?? 'expired_or_canceled_card';
    refund.failure_balance_transaction = newId(acct, 'txn');
  }
  if ((status === 'failed' || status === 'canceled') && previous !== 'failed' && previous !== 'canceled') {
    const charge = acct.charges.get(refund.charge as string)!;
    charge.amount_refunded = (charge.amount_refunded as number) - (refund.amount as number);
    charge.refunded = false;
  }
  emitEvent(acct, 'refund.updated', refund, { status: previous });
  if (status === 'failed') emitEvent(acct, 'refund.failed', refund);
  return refund;
}

/** A refund that succeeded and then failed (e.g. the card was closed). */
export function failRefund(acct: StripeAccount, refundId: string, failureReason = 'expired_or_canceled_card'): Obj {
  return updateRefund(acct, refundId, 'failed', failureReason);
}

/**
 * Dispute object docs: an inquiry starts as warning_needs_response and the payment can
 * still be refunded (is_charge_refundable true); a chargeback starts as needs_response,
 * not refundable.
 */
export function openDispute(acct: StripeAccount, chargeId: string, o: string | { reason?: string; inquiry?: boolean } = {}): Obj {
  const { reason = 'fraudulent', inquiry = false } = typeof o === 'string' ? { reason: o } : o;
  const charge = acct.charges.get(chargeId);
  if (!charge) throw new Error(`no charge ${chargeId}`);
  charge.disputed = true;
  const dispute = acct.disputes.add({
    id: newId(acct, 'dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: nowSec(acct),
    currency: charge.currency,
    evidence_details: { due_by: nowSec(acct) + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  });
  emitEvent(acct, 'charge.dispute.created', dispute);
  return dispute;
}

export type DisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost'
  | 'prevented';

/**
 * Moves a dispute on. Event types docs: charge.dispute.closed when the status becomes
 * won, lost or warning_closed; charge.dispute.updated otherwise. Which event tells
 * `prevented` is not documented: updated is sent (the reader must go by the status).
 */
export function moveDispute(acct: StripeAccount, disputeId: string, status: DisputeStatus): Obj {
  const dispute = acct.disputes.get(disputeId);
  if (!dispute) throw new Error(`no dispute ${disputeId}`);
  const previous = dispute.status;
  dispute.status = status;
  // An inquiry that became a chargeback (needs_response…) stops being refundable.
  if (!status.startsWith('warning_')) dispute.is_charge_refundable = false;
  const closed = status === 'won' || status === 'lost' || status === 'warning_closed';
  emitEvent(acct, closed ? 'charge.dispute.closed' : 'charge.dispute.updated', dispute, { status: previous });
  return dispute;
}

export function closeDispute(acct: StripeAccount, disputeId: string, outcome: 'won' | 'lost'): Obj {
  moveDispute(acct, disputeId, 'under_review');
  return moveDispute(acct, disputeId, outcome);
}

function missing(param: string, id: string): RefundError {
  const noun = param === 'charge' ? 'charge' : 'payment_intent';
  return {
    status: 400,
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${noun}: '${id}'`, param },
  };
}

const money = (minor: number) => `$${(minor / 100).toFixed(2)}`;
