// The refund dialog's words: store names as agents say them, reasons, errors that say
// whether trying again can help.
import type { DeskErrorDto, RefundIntentDto } from '../../../../src-main/ipc/contract';
import { asDeskError } from '../../ipc/client';
import { formatMoney, storeShort } from '../../format';

export const REASONS = [
  { value: 'requested_by_customer', label: 'Requested by customer' },
  { value: 'duplicate', label: 'Duplicate payment' },
  { value: 'fraudulent', label: 'Fraudulent' },
] as const;
export type ReasonValue = (typeof REASONS)[number]['value'];

const RETRYABLE = new Set<DeskErrorDto['code']>(['offline', 'store_unavailable', 'rate_limited']);

export interface ErrorWords {
  message: string;
  retry: string;
  code: string;
}

/** An error as the dialog shows it: the store's words, and whether a retry can help. */
export function errorWords(error: unknown): ErrorWords {
  const dto = asDeskError(error);
  const retryable = dto.retryable ?? RETRYABLE.has(dto.code);
  const retry =
    dto.code === 'conflict'
      ? 'Wait for the open refund to finish; it is not sent twice.'
      : retryable
        ? 'Trying again later can help.'
        : dto.code === 'not_configured'
          ? 'Add the credential in Settings, then try again.'
          : 'Trying again will not help.';
  return { message: dto.message, retry, code: dto.code };
}

/** "Refunded $9.99", "Checking with Google…", "Google refused" for an intent. */
export function intentHeadline(intent: RefundIntentDto): string {
  const amount = formatMoney(intent.amountMinor, intent.currency);
  switch (intent.status) {
    case 'succeeded':
      return `Refunded ${amount}`;
    case 'failed':
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
