// The two reads around a refund: before sending, the payment as Stripe has it now
// (DESIGN §5.8: refuse when it differs from what the agent confirmed); after Stripe
// answers, who made the refund (DESIGN §5.7: two desktops send the same request under
// the same key, Stripe performs it once and replays it to the other).
import type Stripe from 'stripe';
import { majorUnits } from '../../ipc/vocabulary';
import type { StoreRefundOutcome, StoreRefundRequest } from '../adapter';
import { chargeSchema, disputeSchema, listOf, paymentIntentSchema, refundSchema, wire, type SCharge, type SRefund } from './shapes';

/** The idempotency key rides in the refund's metadata: identical on every desktop, so the request is too. */
export const KEY_METADATA = 'refund_desk_key';
/** Written after the refund exists (POST /v1/refunds/:id accepts metadata only): who made it. */
export const INTENT_METADATA_KEY = 'refund_desk_intent';
export const AGENT_METADATA_KEY = 'refund_desk_agent';

// Dispute object docs: these statuses are still open; is_charge_refundable says whether
// the payment may be refunded meanwhile (inquiries: yes).
const OPEN_DISPUTE = new Set(['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review']);

interface PaymentNow {
  amount: number;
  currency: string;
  customer: string | null;
  charge: SCharge | null;
}

/** The PaymentIntent and its latest charge, or the charge alone for a payment without one. */
async function readPayment(stripe: Stripe, ref: string): Promise<PaymentNow> {
  if (ref.startsWith('pi_')) {
    const pi = wire(paymentIntentSchema, await stripe.paymentIntents.retrieve(ref), 'payment intent');
    const charge = pi.latest_charge ? wire(chargeSchema, await stripe.charges.retrieve(pi.latest_charge), 'charge') : null;
    return { amount: pi.amount, currency: pi.currency, customer: pi.customer ?? null, charge };
  }
  const ch = wire(chargeSchema, await stripe.charges.retrieve(ref), 'charge');
  return { amount: ch.amount, currency: ch.currency, customer: ch.customer ?? null, charge: ch };
}

const money = (minor: number, currency: string) => `${majorUnits(minor, currency.toUpperCase())} ${currency.toUpperCase()}`;

/**
 * Null when the payment at Stripe is what the agent confirmed; else a refusal that names
 * every difference. Nothing has been sent, so a read that fails is a refusal too.
 */
export async function checkPayment(stripe: Stripe, req: StoreRefundRequest, ref: string): Promise<StoreRefundOutcome | null> {
  const want = req.expected;
  if (!want) return null;
  let now: PaymentNow;
  let disputeOpen = false;
  try {
    now = await readPayment(stripe, ref);
    // Charge docs: `disputed` stays true once a dispute was opened, even when it closed;
    // only then are the charge's disputes read to see whether one is open and blocking.
    if (now.charge?.disputed) {
      const disputes = wire(listOf(disputeSchema), await stripe.disputes.list({ charge: now.charge.id, limit: 100 }), 'dispute list');
      disputeOpen = disputes.data.some((d) => OPEN_DISPUTE.has(d.status) && !d.is_charge_refundable);
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { status: 'failed', code: 'payment_unreadable', message: `Not sent: ${ref} could not be read at Stripe before refunding (${why}). Nothing was refunded; try again.`, steps: ['Not sent: the payment could not be checked'] };
  }
  const diffs: string[] = [];
  if (now.amount !== want.amountMinor || now.currency.toUpperCase() !== want.currency.toUpperCase()) {
    diffs.push(`Stripe has ${money(now.amount, now.currency)}, you confirmed ${money(want.amountMinor, want.currency)}`);
  }
  if (want.storeCustomer && now.customer !== want.storeCustomer) diffs.push(`it belongs to customer ${now.customer ?? 'none'} at Stripe, not ${want.storeCustomer}`);
  if (want.disputeOpen !== undefined && disputeOpen !== want.disputeOpen) {
    diffs.push(disputeOpen ? 'a dispute is open at Stripe' : 'the dispute you saw is no longer open at Stripe');
  }
  if (diffs.length === 0) return null;
  return {
    status: 'failed',
    code: 'payment_changed',
    message: `Not sent: ${ref} at Stripe differs from what you confirmed (${diffs.join('; ')}). Sync, check the payment and try again.`,
    steps: ['Not sent: the payment at Stripe differs from what was confirmed'],
  };
}

/**
 * Who made the refund Stripe answered with. A replayed answer (another desktop's, or
 * this intent's own earlier attempt) carries the metadata of its first creation, so the
 * refund is read again; an unclaimed refund is claimed for this intent. Two desktops
 * claiming in the same instant would both see their own claim (Stripe has no
 * conditional update); one refund is made all the same, only its author is uncertain.
 */
export async function claimRefund(stripe: Stripe, req: StoreRefundRequest, r: SRefund): Promise<{ refund: SRefund; otherAgent: string | null }> {
  let current = r;
  try {
    // Read even when the answer looks fresh: whether Stripe marks a replay is not
    // something to bet an author on.
    current = wire(refundSchema, await stripe.refunds.retrieve(r.id), 'refund');
    const owner = current.metadata?.[INTENT_METADATA_KEY];
    if (owner && owner !== req.intentId) return { refund: current, otherAgent: current.metadata?.[AGENT_METADATA_KEY] ?? 'another desktop' };
    if (!owner) {
      const metadata = { [INTENT_METADATA_KEY]: req.intentId, [AGENT_METADATA_KEY]: (req.agent ?? 'Refund Desk').slice(0, 500) };
      current = wire(refundSchema, await stripe.refunds.update(r.id, { metadata }), 'refund');
    }
  } catch {
    // The refund exists either way; the claim only says who made it.
  }
  return { refund: current, otherAgent: null };
}
