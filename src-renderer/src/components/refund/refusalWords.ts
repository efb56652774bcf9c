// Why a refund option is off, and the warnings beside it, in words: from main's data
// (codes, minor units, epoch ms), formatted in the agent's locale and zone. Main's own
// sentence (`offReason`) is shown only when an older main sends no data.
import type { RefundOptionDto, RefundRefusalDto, RefundWarningDto } from '../../../../src-main/ipc/contract';
import { DISPUTE_STATUS_WORDS, type DisputeStatus } from '../../../../src-main/domain/refunds';
import { formatDayZone, formatMoney, storeName } from '../../format';
import { mainWords } from '../../words/codes';

const disputeWords = (status: string | undefined) => (status ? (DISPUTE_STATUS_WORDS[status as DisputeStatus] ?? status.replace(/_/g, ' ')) : 'open');
const amount = (r: RefundRefusalDto) => (r.amountMinor != null && r.currency ? formatMoney(r.amountMinor, r.currency) : 'an amount');

export function refusalWords(r: RefundRefusalDto): string {
  const store = storeName(r.store);
  const ref = r.paymentRef ?? 'this payment';
  switch (r.code) {
    case 'not_configured':
      return `No ${store} credential is set. Add it in Settings to refund from the console.`;
    case 'offline':
      return 'Refund Desk is offline. Refunds need the store; try again when the connection is back.';
    case 'too_old':
      return `${store} does not refund orders older than ${r.years ?? '?'} years; ${ref} was paid on ${r.at != null ? formatDayZone(r.at) : 'an unknown day'}.`;
    case 'imported_only':
      return `${ref} is known only from an imported file. The console refunds only payments it read from ${store}; sync the store, then try again.`;
    case 'inquiry_open':
      return `${ref} has an open inquiry from the customer\u2019s bank (${disputeWords(r.disputeStatus)}): no money was taken yet. Answer the inquiry in the store.`;
    case 'dispute_open':
      return `${ref} is under dispute (${disputeWords(r.disputeStatus)}). The bank decides; a refund now could pay the customer twice. Answer the dispute in the store instead.`;
    case 'charged_back':
      return `${ref} was charged back: the customer already has the money.`;
    case 'pending_rest':
      return `${amount(r)} of ${ref} is being refunded (pending at the store) and the rest is already refunded. Wait for the store to settle it.`;
    case 'fully_refunded':
      return `${ref} is already fully refunded (${amount(r)}).`;
    case 'whole_orders_only':
      return `${store} refunds whole orders; ${amount(r)} of ${ref} was already refunded or is being refunded${r.where ? `, so only ${r.where} can refund the rest` : ''}.`;
    case 'store_rule':
      return r.text ?? `${store} does not allow this now.`;
    case 'period_unknown':
      return `The cache does not know this period\u2019s end; sync ${store} first.`;
    case 'partial_too_small':
      return 'Less than two minor units remain; use the full refund.';
    case 'intent_open':
      return 'A refund of this payment is already open; wait for its result.';
  }
}

export function warningWords(w: RefundWarningDto): string {
  if (w.code === 'store_rule') return w.text;
  return `${w.inquiry ? 'An inquiry' : 'A dispute'} is open on ${w.paymentRef} (${disputeWords(w.disputeStatus)}); Stripe still accepts a refund. After a full refund Stripe takes no further funds for it.`;
}

/** The option's off reason in words: main's data when sent, else its sentence put right. */
export const offWords = (o: Pick<RefundOptionDto, 'off' | 'offReason'>): string | null => (o.off ? refusalWords(o.off) : o.offReason && mainWords(o.offReason));

/** The option's warnings in words, from data when sent. */
export const optionWarnings = (o: Pick<RefundOptionDto, 'warnings' | 'warningData'>): string[] => (o.warningData ? o.warningData.map(warningWords) : o.warnings.map(mainWords));
