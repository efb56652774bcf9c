// Per-customer history (refresh): Transaction History v2, Refund History v2 and
// subscription statuses for one original transaction ID → purchases and events.
import type {
  JWSRenewalInfoDecodedPayload,
  JWSTransactionDecodedPayload,
} from '@apple/app-store-server-library';
import type { Environment } from '../../ipc/vocabulary';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';
import { isFreeTrial, priceToMinor, purchaseFromTransaction, refundDetail, toEvent } from './map';

/** Charges and refunds share keys with the notification path, so neither source doubles the other. */
export const chargeKey = (transactionId: string): string => `apple:charge:${transactionId}`;
export const refundKey = (transactionId: string): string => `apple:refund:${transactionId}`;

export function refundEventFromTransaction(
  t: JWSTransactionDecodedPayload,
  via: 'apple_refund_history' | 'apple_transaction_history',
): EventInput {
  const family = t.revocationType === 'FAMILY_REVOKE';
  return toEvent(
    family ? { type: 'revoke', detail: { detectedVia: via, revokesAccess: true, reason: 'family sharing ended for this family member' } } : refundDetail(t, via),
    t,
    t.revocationDate ?? t.signedDate ?? 0,
    'store_api',
    family ? `apple:revoke:${t.transactionId}` : refundKey(t.transactionId ?? ''),
    { transactionId: t.transactionId, revocationType: t.revocationType ?? null },
  );
}

/** One customer's purchases from their verified transactions, oldest first. */
export function batchFromHistory(
  environment: Environment,
  transactions: JWSTransactionDecodedPayload[],
  refunds: JWSTransactionDecodedPayload[],
  renewals: Map<string, JWSRenewalInfoDecodedPayload>,
): IngestBatch {
  const purchases = new Map<string, PurchaseInput>();
  const events: EventInput[] = [];
  const trial = new Map<string, boolean>();
  const sorted = [...transactions].sort((a, b) => (a.purchaseDate ?? 0) - (b.purchaseDate ?? 0));
  for (const t of sorted) {
    const original = t.originalTransactionId ?? t.transactionId ?? '';
    purchases.set(original, purchaseFromTransaction(t, environment, renewals.get(original) ?? null));
    const first = t.transactionId === original;
    const freeTrial = isFreeTrial(t);
    const price = priceToMinor(t.price, t.currency);
    const type = first ? (freeTrial ? 'trial_started' : 'purchase') : trial.get(original) ? 'trial_converted' : 'renewal';
    events.push(
      toEvent(
        { type, amountMinor: freeTrial ? null : price, detail: { detectedVia: 'apple_transaction_history' } },
        t,
        t.purchaseDate ?? 0,
        'store_api',
        chargeKey(t.transactionId ?? ''),
        { transactionId: t.transactionId },
      ),
    );
    trial.set(original, freeTrial);
    if (t.revocationDate) events.push(refundEventFromTransaction(t, 'apple_transaction_history'));
  }
  for (const r of refunds) {
    const original = r.originalTransactionId ?? r.transactionId ?? '';
    if (!purchases.has(original)) purchases.set(original, purchaseFromTransaction(r, environment, null));
    events.push(refundEventFromTransaction(r, 'apple_refund_history'));
  }
  return { purchases: [...purchases.values()], events };
}
