// What each timeline event means, in plain words, with one consistent glyph per type.
// The store's own words (detail.summary, detail.reason) are kept: they are what the agent
// trusts; "found through …" says how the cache learnt it.
import type { DetectedVia, EventType, Store, TimelineEventDto } from '../../../../src-main/ipc/contract';
import { formatDay, formatMoney, storeShort } from '../../format';
import { cancellationMayHideRefund } from '../../storeDisplay';
import { codeWords } from '../../words/codes';
import { rowRefundStatus } from '../refund/status';

/** One timeline row as the components read it. */
export type TimelineEvent = TimelineEventDto;

export type Tone = 'plain' | 'money' | 'out' | 'warn' | 'good';

export const EVENT_GLYPH: Record<EventType, string> = {
  purchase: '◆',
  renewal: '↻',
  trial_started: '☆',
  trial_converted: '★',
  cancellation: '⊘',
  renewal_enabled: '↺',
  billing_issue: '!',
  grace_period: '◔',
  expiration: '○',
  refund: '⟲',
  refund_failed: '✕',
  refund_declined: '⊗',
  refund_reversed: '⟳',
  revoke: '⊖',
  dispute_opened: '⚑',
  dispute_won: '✓',
  dispute_lost: '⚐',
  consumption_request: '?',
  consumption_answered: '↩',
  product_change: '⇄',
  transfer: '→',
  note: '✎',
  subscription_paused: '⏸',
  subscription_extended: '⇥',
  entitlement_granted: '◇',
};

export const EVENT_LABEL: Record<EventType, string> = {
  purchase: 'Purchase',
  renewal: 'Renewal',
  trial_started: 'Trial started',
  trial_converted: 'Trial converted',
  cancellation: 'Cancellation',
  renewal_enabled: 'Auto-renew on',
  billing_issue: 'Billing issue',
  grace_period: 'Grace period',
  expiration: 'Expiration',
  refund: 'Refund',
  refund_failed: 'Refund failed',
  refund_declined: 'Refund declined',
  refund_reversed: 'Refund reversed',
  revoke: 'Revoke',
  dispute_opened: 'Dispute opened',
  dispute_won: 'Dispute won',
  dispute_lost: 'Dispute lost',
  consumption_request: 'Consumption request',
  consumption_answered: 'Consumption answer',
  product_change: 'Product change',
  transfer: 'Transfer',
  note: 'Note',
  subscription_paused: 'Pause scheduled',
  subscription_extended: 'Extended',
  entitlement_granted: 'Temporary access',
};

export function toneOf(type: EventType): Tone {
  if (type === 'refund' || type === 'dispute_lost' || type === 'revoke') return 'out';
  if (type === 'purchase' || type === 'renewal' || type === 'trial_converted') return 'money';
  if (type === 'billing_issue' || type === 'dispute_opened' || type === 'consumption_request' || type === 'refund_failed') return 'warn';
  if (type === 'dispute_won' || type === 'refund_reversed') return 'good';
  return 'plain';
}

export const VIA: Record<DetectedVia, string> = {
  stripe_events: 'found through Stripe Events',
  stripe_backfill: 'found in the Stripe backfill',
  google_voided_purchases: 'found through Voided Purchases',
  google_orders: 'found through the Orders API',
  google_subscriptions: 'found through the Subscriptions API',
  apple_notification_history: 'found in Apple\u2019s notification history',
  apple_refund_history: 'found in Apple\u2019s refund history',
  apple_transaction_history: 'found in Apple\u2019s transaction history',
  amazon_rvs: 'found through Amazon RVS',
  import: 'imported',
  console: 'done in this console',
};

const SOURCE: Record<string, string> = {
  store_api: 'store API',
  notification_history: 'notification history',
  import: 'import',
  console: 'this console',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const product = (e: TimelineEvent) => e.productId ?? 'the product';
const storeWord = (s: Store | null) => (s ? storeShort(s) : 'the store');

/** The row's headline: "Refunded $9.99 · refund only", "Renewed pro_monthly". */
export function eventTitle(e: TimelineEvent): string {
  const d = e.detail ?? {};
  const amount = e.amountMinor != null && e.currency ? formatMoney(e.amountMinor, e.currency) : null;
  switch (e.type) {
    case 'purchase':
      return `Bought ${product(e)}`;
    case 'renewal':
      return `Renewed ${product(e)}`;
    case 'trial_started':
      return `Started a trial of ${product(e)}`;
    case 'trial_converted':
      return `Trial of ${product(e)} converted to paid`;
    case 'cancellation':
      return cancellationMayHideRefund(e.store) ? `Cancelled (${storeWord(e.store)} does not say whether it was refunded)` : 'Turned off auto-renew';
    case 'renewal_enabled':
      return 'Turned auto-renew back on';
    case 'billing_issue':
      return 'Payment failed at renewal';
    case 'grace_period':
      return 'Entered the grace period';
    case 'expiration':
      return `${product(e)} expired`;
    case 'refund': {
      const partial = d['refundKind'] === 'partial';
      const kind = partial ? ' (partial)' : d['refundKind'] === 'prorated' ? ' (prorated)' : '';
      const access = d['revokesAccess'] === true ? ' · access revoked' : d['revokesAccess'] === false ? ' · refund only' : '';
      const status = rowRefundStatus(e);
      // Only a succeeded refund reads as "Refunded": a pending one has not moved money yet.
      if (status !== 'succeeded') return `${partial ? 'Partial refund' : 'Refund'} of ${amount ?? 'a payment'} ${status === 'unconfirmed' ? 'not confirmed yet' : status}${access}`;
      return `Refunded ${amount ?? ''}${kind}${access}`.replace('Refunded  ', 'Refunded ');
    }
    case 'refund_failed':
      // The ledger tells a canceled refund from a failed one; both arrive as refund_failed.
      return `${d['refundKind'] === 'partial' ? 'Partial refund' : 'Refund'} of ${amount ?? 'a payment'} ${rowRefundStatus(e) === 'canceled' ? 'canceled' : 'failed'}`;
    case 'refund_declined':
      return `${storeWord(e.store)} declined a refund request`;
    case 'refund_reversed':
      return `${storeWord(e.store)} reversed a refund${amount ? ` of ${amount}` : ''}`;
    case 'revoke':
      return 'Access revoked';
    case 'dispute_opened':
      return `Dispute opened${amount ? ` for ${amount}` : ''}`;
    case 'dispute_won':
      return 'Dispute won';
    case 'dispute_lost':
      return `Dispute lost${amount ? `: ${amount} charged back` : ''}`;
    case 'consumption_request':
      return 'Apple asked for consumption information';
    case 'consumption_answered':
      return 'Answered Apple\u2019s consumption request';
    case 'product_change':
      return `Changed plan to ${product(e)}`;
    case 'transfer':
      return 'Purchase transferred';
    case 'note':
      return str(d['text']) ?? 'Note';
    case 'subscription_paused':
      return typeof d['autoResumeAt'] === 'number'
        ? `Paused from the end of the period; resumes ${formatDay(d['autoResumeAt'])}`
        : 'Paused from the end of the period';
    case 'subscription_extended':
      return typeof d['expiresAt'] === 'number'
        ? `${product(e)} extended to ${formatDay(d['expiresAt'])}, no charge`
        : `${product(e)} extended, no charge`;
    case 'entitlement_granted':
      return `Temporary access to ${product(e)} while the store could not confirm the purchase`;
  }
}

/** The second line: the store's words and where the cache learnt it. */
export function eventSource(e: TimelineEvent): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  if (e.type === 'note') {
    const who = str(d['agentName']) ?? str(d['agentOsUser']);
    return who ? `by agent ${who}` : 'note in this console';
  }
  // Codes become words here; the code itself stays in the expanded details.
  const summary = str(d['summary']);
  // A notification type as summary ("REFUND_DECLINED") only repeats the row's title: kept for the details.
  const summaryWords = summary && !/^[A-Z_]+$/.test(summary) ? (codeWords(summary) ?? summary) : null;
  if (summaryWords) parts.push(summaryWords);
  const reason = str(d['reason']);
  const reasonWords = reason ? (codeWords(reason) ?? reason) : null;
  if (reasonWords && !summaryWords?.includes(reasonWords)) parts.push(`“${reasonWords}”`);
  else if (!reasonWords && d['cancelReason'] != null) {
    const words = codeWords(d['cancelReason'], 'cancelReason', e.store);
    if (words) parts.push(words);
  }
  const via = str(d['detectedVia']) as DetectedVia | null;
  if (via && VIA[via]) parts.push(VIA[via]);
  else if (SOURCE[e.source]) parts.push(`from the ${SOURCE[e.source]}`);
  return parts.join(' · ');
}

/** Amount shown in the row's number column, signed for money going back. */
export function eventAmount(e: TimelineEvent): string | null {
  if (e.amountMinor == null || !e.currency) return null;
  const text = formatMoney(e.amountMinor, e.currency);
  return rowTone(e) === 'out' ? `−${text}` : text;
}

/** A row's tone: a refund that has not (or not yet) moved money does not read as money out. */
export function rowTone(e: TimelineEvent): Tone {
  if (e.type === 'refund' && rowRefundStatus(e) !== 'succeeded') return 'warn';
  return toneOf(e.type);
}
