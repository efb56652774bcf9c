// The refund dialog's words: reasons per store, effects on access, errors that say what
// happened and whether trying again can help. Amounts and dates come from the DTOs'
// numbers, formatted here in the agent's locale, never from text main composed.
import type { DeskErrorDto, RefundIntentDto, RefundOptionDto, RefundPreviewDto, RefundRepeatDto, Store } from '../../../../src-main/ipc/contract';
import { asDeskError } from '../../ipc/client';
import { formatDateTime, formatDayZone, formatMoney, storeName, storeShort } from '../../format';

export type ReasonValue = 'requested_by_customer' | 'duplicate' | 'fraudulent';
export interface ReasonChoice {
  value: ReasonValue;
  label: string;
}

/** Stripe's three refund reasons (Stripe API reference, Refund.reason). */
const STRIPE_REASONS: ReasonChoice[] = [
  { value: 'requested_by_customer', label: 'Requested by customer' },
  { value: 'duplicate', label: 'Duplicate payment' },
  { value: 'fraudulent', label: 'Fraudulent' },
];

/**
 * The reasons the store takes, or null when it takes none: Google Play's orders.refund and
 * subscriptionsv2.revoke have no reason parameter, so only the note (audit log) says why.
 * A store profile in the preview (`reasons`) wins once main sends one.
 */
export function reasonsFor(store: Store, preview: (RefundPreviewDto & { reasons?: ReasonChoice[] | null }) | null): ReasonChoice[] | null {
  if (preview?.reasons !== undefined) return preview.reasons;
  return store === 'stripe' ? STRIPE_REASONS : null;
}

/** What the purchase the dialog refunds looks like now (from the customer page). */
export interface DialogPurchase {
  id: number;
  store: Store;
  productId: string;
  kind: string;
  state?: string;
  stateUntil?: number | null;
  expiresAt?: number | null;
  autoRenew?: boolean | null;
}

/** An option's effect on access, from the purchase's state: after a revoke nothing "continues". */
export function effectWords(option: Pick<RefundOptionDto, 'mode'>, p: DialogPurchase): string {
  const sub = p.kind === 'subscription';
  if (option.mode === 'refund_and_revoke') return sub ? 'Access ends now; no more renewals.' : 'Access to the item ends now.';
  if (p.state === 'revoked' || p.state === 'expired') return 'Access has already ended; this only sends money back.';
  if (!sub) return 'The customer keeps the item.';
  const until = p.stateUntil ?? p.expiresAt ?? null;
  const renews = p.autoRenew !== false && p.state !== 'cancelled_active';
  return `Access stays${until ? ` until ${formatDayZone(until)}` : ''}${renews ? '; renewals continue' : '; it does not renew'}.`;
}

/** "$5.00 of $29.99 (partial)" when less than the payment, else "$29.99". */
export function refundAmountWords(amountMinor: number, currency: string, paidMinor?: number | null): string {
  const money = formatMoney(amountMinor, currency);
  return paidMinor != null && amountMinor < paidMinor ? `${money} of ${formatMoney(paidMinor, currency)} (partial)` : money;
}

/** "Jane (jdoe) already refunded $10.00 of pi_… on Feb 12, 2027, 10:00 AM HST (re_…)." from the preview's data. */
export function repeatWords(r: RefundRepeatDto, paymentRef: string): string {
  const who = r.agent.name ? `${r.agent.name} (${r.agent.osUser})` : r.agent.osUser;
  return `${who} already refunded ${formatMoney(r.amountMinor, r.currency)} of ${paymentRef} on ${formatDateTime(r.at)}${r.storeRef ? ` (${r.storeRef})` : ''}.`;
}

const RETRYABLE = new Set<DeskErrorDto['code']>(['offline', 'store_unavailable', 'rate_limited']);

export interface ErrorWords {
  /** What happened, in one line. */
  headline: string;
  message: string;
  retry: string;
  code: string;
}

/** An error as the dialog shows it: what happened, the store's words, whether a retry can help. */
export function errorWords(error: unknown, store?: Store): ErrorWords {
  const dto = asDeskError(error);
  const who = store ? storeShort(store) : 'The store';
  const retryable = dto.retryable ?? RETRYABLE.has(dto.code);
  switch (dto.code) {
    case 'conflict':
      return { headline: 'A refund of this payment is already open', message: dto.message, retry: 'Wait for the open refund to finish; it is not sent twice.', code: dto.code };
    case 'not_configured':
      return {
        headline: 'Not sent: no credential',
        message: `No ${store ? storeName(store) : 'store'} credential is set on this desktop.`,
        retry: 'Add the credential in Settings, then try again.',
        code: dto.code,
      };
    case 'offline':
      return { headline: 'Not sent: offline', message: 'Refund Desk is offline, so nothing was sent.', retry: 'Try again when the connection is back.', code: dto.code };
    case 'store_unavailable':
    case 'rate_limited':
      // A 5xx or timeout is not a refusal: the store did not decide anything.
      return { headline: `${who} did not answer properly`, message: dto.message, retry: retryable ? 'Nothing was refunded. Trying again later can help.' : 'Nothing was refunded.', code: dto.code };
    case 'store_refused':
      return { headline: `Not refunded: ${who} refused`, message: dto.message, retry: retryable ? 'Trying again later can help.' : 'Trying again will not help.', code: dto.code };
    default:
      return { headline: 'Not refunded', message: dto.message, retry: retryable ? 'Trying again later can help.' : 'Trying again will not help.', code: dto.code };
  }
}

/** "Refunded $5.00 of $29.99 (partial)", "Checking with Google…", "Not refunded: Google refused" for an intent. */
export function intentHeadline(intent: RefundIntentDto, paidMinor?: number | null): string {
  const amount = refundAmountWords(intent.amountMinor, intent.currency, paidMinor);
  switch (intent.status) {
    case 'succeeded':
      return `Refunded ${amount}`;
    case 'failed':
      // Only a store that answered "no" refused; a request never sent, or one the store has
      // no record of, says so instead.
      if (intent.steps.some((s) => /never sent|refused before any call/.test(s))) return 'Not refunded: never sent to the store';
      if (intent.steps.some((s) => /shows no such refund/.test(s))) return `Not refunded: ${storeShort(intent.store)} has no record of it`;
      return `Not refunded: ${storeShort(intent.store)} refused`;
    default:
      return `Checking with ${storeShort(intent.store)}…`;
  }
}

export function intentExplanation(intent: RefundIntentDto): string {
  if (intent.status === 'succeeded') {
    return intent.mode === 'refund_and_revoke'
      ? 'The money goes back to the customer\u2019s payment method; access has ended.'
      : 'The money goes back to the customer\u2019s payment method. The timeline and entitlement are updated.';
  }
  if (intent.status === 'failed') return intent.message ?? 'The store did not say why.';
  return (
    intent.message ??
    `The answer from ${storeShort(intent.store)} was lost. Refund Desk asks the store what happened before anything is sent again; this refund is never sent twice.`
  );
}
