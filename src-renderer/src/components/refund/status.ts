// A refund's status as the Stripe Dashboard shows it: pending, succeeded, failed,
// canceled, reversed (and "unconfirmed" while this console's own request awaits the
// store's answer). Read from the ledger (`ledgerStatus`) where the cache has it, else
// from the status the store reported on the event; only "succeeded" reads as refunded.
import { REFUND_STATUSES as LEDGER_STATUSES, type RefundStatus as LedgerStatus } from '../../../../src-main/domain/refunds';
import type { IntentStatusDto, TimelineEventDto } from '../../../../src-main/ipc/contract';

/** The ledger's statuses as a badge shows them ("requires_action" reads as pending), and this console's "unconfirmed". */
export type RefundStatus = Exclude<LedgerStatus, 'requires_action'> | 'unconfirmed';
export const REFUND_STATUSES: readonly RefundStatus[] = [...LEDGER_STATUSES.filter((s): s is Exclude<LedgerStatus, 'requires_action'> => s !== 'requires_action'), 'unconfirmed'];

export const STATUS_LABEL = Object.fromEntries(REFUND_STATUSES.map((s) => [s, s.charAt(0).toUpperCase() + s.slice(1)])) as Record<RefundStatus, string>;

/** What each status means to the agent, for the badge's hover text. */
export const STATUS_HINT: Record<RefundStatus, string> = {
  pending: 'The store accepted the refund but has not finished it; the money has not gone back yet.',
  succeeded: 'The money went back to the customer.',
  failed: 'The refund did not go through; the money stayed with you.',
  canceled: 'The refund was canceled before it finished; no money went back.',
  reversed: 'The refund was undone; the money is yours again.',
  unconfirmed: 'The store\u2019s answer was lost; Refund Desk checks with the store before anything is sent again.',
};

// The stores' own words for the same states (Stripe refund.status, Google order states,
// the ledger's lifecycle, this console's intent states).
const NORMAL: Record<string, RefundStatus> = {
  pending: 'pending', requires_action: 'pending', pending_refund: 'pending', sent: 'pending',
  succeeded: 'succeeded', refunded: 'succeeded', partially_refunded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled', cancelled: 'canceled',
  reversed: 'reversed',
  unknown: 'unconfirmed',
};

export const normalStatus = (raw: unknown): RefundStatus | null => (typeof raw === 'string' ? (NORMAL[raw.toLowerCase()] ?? null) : null);

const REFUND_TYPES = new Set(['refund', 'refund_failed', 'refund_reversed']);

/** The status of a timeline row that tells a refund, or null for any other row. */
export function rowRefundStatus(row: Pick<TimelineEventDto, 'type' | 'detail'> & { ledgerStatus?: string | null }): RefundStatus | null {
  if (!REFUND_TYPES.has(row.type)) return null;
  if (row.type === 'refund_reversed') return 'reversed';
  const status = normalStatus(row.ledgerStatus ?? row.detail?.['status']);
  if (row.type === 'refund_failed') return status && status !== 'succeeded' && status !== 'pending' ? status : 'failed';
  // Refunds reported without a status (Apple, Google voided, older imports) are final.
  return status ?? 'succeeded';
}

export function intentRefundStatus(status: IntentStatusDto): RefundStatus {
  return status === 'sent' ? 'pending' : status === 'unknown' ? 'unconfirmed' : status;
}
