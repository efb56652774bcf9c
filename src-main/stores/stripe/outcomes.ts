// A refund call's result in the adapter's terms: the store's words on a refusal, and an
// answer never heard (or a request Stripe still runs) kept apart as 'unknown'.
import type { StoreRefundOutcome } from '../adapter';
import { isStripeError, stripeError } from './client';
import type { SRefund } from './shapes';

export const stillRunning = (err: unknown): boolean => isStripeError(err) && (err.code === 'idempotency_key_in_use' || err.statusCode === 409);

/** What a failed refund call means: a clear refusal in Stripe's words, or an answer we never got. */
export function outcomeOfError(err: unknown, steps: string[]): StoreRefundOutcome {
  if (stillRunning(err)) {
    return {
      status: 'unknown',
      message: 'Stripe is still processing this refund request (idempotency_key_in_use). It is asked again, with the same request, before anything else is done.',
      steps,
    };
  }
  const e = stripeError(err);
  if (e.kind === 'transient' || e.kind === 'offline' || e.kind === 'malformed') {
    // 5xx, timeout, dropped connection: Stripe may have refunded. Settled by re-sending the same request.
    return {
      status: 'unknown',
      message: `Stripe did not give an answer (${e.message}). The refund may have happened; the same request is sent again to Stripe, which replays it, before anything else is done.`,
      steps,
    };
  }
  const code = e.storeCode ?? (isStripeError(err) && err.type === 'StripeIdempotencyError' ? 'idempotency_error' : null);
  return { status: 'failed', message: e.message, code: code ?? (e.status === 403 ? 'permission_denied' : e.kind === 'rate_limited' ? 'rate_limited' : null), steps };
}

/** Stripe Refund object docs: pending, requires_action, succeeded, failed, canceled. */
export function outcomeOfRefund(r: SRefund, steps: string[] = []): StoreRefundOutcome {
  if (r.status === 'failed' || r.status === 'canceled') {
    return { status: 'failed', message: `Stripe reports the refund ${r.id} as ${r.status}${r.failure_reason ? `: ${r.failure_reason.replace(/_/g, ' ')}` : ''}`, code: r.failure_reason ?? r.status, raw: r, steps };
  }
  const storeStatus = r.status === 'pending' || r.status === 'requires_action' ? r.status : 'succeeded';
  const words = storeStatus === 'pending' ? ['Stripe reports the refund as pending: it is not final until Stripe reports it succeeded'] : storeStatus === 'requires_action' ? ['Stripe reports that the refund requires action (the customer must give Stripe details to receive it)'] : [];
  return { status: 'succeeded', storeRef: r.id, amountMinor: r.amount, raw: r, storeStatus, steps: [...steps, ...words] };
}
