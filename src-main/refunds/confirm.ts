// Main's own confirmation of every refund (issue 18): the renderer is not trusted to move
// money, so before refunds:create reaches the service, main shows the agent a native
// dialog built from the cache, not from what the renderer sent: the customer, the
// payment, the amount in its currency and the effect on access. The renderer's own
// dialog stays; this is the second line of defence should the page ever be subverted.
import type { Db } from '../db/connection';
import { customerHeader } from '../db/customers';
import type { RefundPreviewDto } from '../ipc/channels/refunds';
import { majorUnits } from '../ipc/vocabulary';
import { readPurchaseFacts } from './facts';
import type { RefundInput } from './policy';

export interface RefundConfirmation {
  title: string;
  message: string;
  detail: string;
  /** The label of the button that sends the refund ("Refund 9.99 USD"). */
  confirmLabel: string;
}

/** Shows the confirmation and resolves true only when the agent chose to refund. */
export type ConfirmRefund = (confirmation: RefundConfirmation) => Promise<boolean>;

const STORE_NAMES: Record<string, string> = { stripe: 'Stripe', google: 'Google Play', apple: 'App Store', amazon: 'Amazon Appstore' };

/**
 * Names and IDs come from the stores: bidi overrides could reorder what the dialog shows
 * (an amount or a name read backwards), control characters could break its lines.
 */
// eslint-disable-next-line no-control-regex -- control and bidi characters are exactly what is removed
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
export const plain = (text: string, max = 120): string => {
  const clean = text.replace(UNSAFE, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
};

function customerLabel(db: Db, customerId: number): string {
  try {
    const c = customerHeader(db, customerId);
    const name = c.displayName ?? c.email ?? c.appUserId ?? `customer #${c.id}`;
    const extra = c.email && c.email !== name ? ` <${c.email}>` : '';
    return plain(`${name}${extra}`);
  } catch {
    return `customer #${customerId}`;
  }
}

/** The dialog's words for a refund the policy allows (`preview.summary` set). */
export function describeRefund(db: Db, input: RefundInput, preview: RefundPreviewDto & { summary: NonNullable<RefundPreviewDto['summary']> }): RefundConfirmation {
  const facts = readPurchaseFacts(db, input.purchaseId, { paymentRef: preview.paymentRef });
  const amount = `${majorUnits(preview.summary.amountMinor, preview.currency)} ${preview.currency}`;
  const approx = input.refundKind === 'prorated' ? 'about ' : '';
  const paid = preview.payments.find((p) => p.ref === preview.paymentRef);
  const paidText = paid ? `${majorUnits(paid.amountMinor, preview.currency)} ${preview.currency} paid on ${new Date(paid.paidAt).toISOString().slice(0, 10)}` : '';
  const revoke = input.mode === 'refund_and_revoke';
  const repeat = preview.summary.repeatOf;
  const again = repeat ? ' again' : '';
  return {
    title: 'Confirm refund',
    message: `${revoke ? 'Refund and revoke' : 'Refund'} ${approx}${amount}${again} to ${facts ? customerLabel(db, facts.customerId) : 'this customer'}?`,
    detail: [
      `Customer: ${facts ? customerLabel(db, facts.customerId) : 'unknown'}`,
      `Payment: ${plain(preview.paymentRef)} (${STORE_NAMES[preview.store] ?? preview.store}${facts ? `, ${plain(facts.productId)}` : ''})${paidText ? `, ${paidText}` : ''}`,
      `Amount: ${approx}${amount}`,
      `Access: ${plain(preview.summary.effect, 300)}`,
      ...(repeat ? [`Second refund: the same amount was refunded on ${new Date(repeat.at).toISOString().slice(0, 16).replace('T', ' ')} UTC${repeat.storeRef ? ` (${plain(repeat.storeRef)})` : ''}.`] : []),
      ...preview.summary.warnings.map((w) => `Warning: ${plain(w, 300)}`),
      'The store is asked at once; a refund cannot be taken back.',
    ].join('\n'),
    confirmLabel: `${revoke ? 'Refund and revoke' : 'Refund'} ${approx}${amount}${again}`,
  };
}
