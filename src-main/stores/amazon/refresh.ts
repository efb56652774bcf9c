// Refresh: the receipts of a pasted user ID or receipt ID. RVS needs both IDs, so a
// receipt pasted with its user is verified even when the cache has never seen it.
import type { AmazonCredential } from '../../secrets/credentials';
import type { SyncContext, SyncRun } from '../adapter';
import type { RvsClient } from './client';
import { checkReceipts, type KnownReceipt } from './sync';

export function amazonRefresh(client: RvsClient, credential: AmazonCredential, known: KnownReceipt[], ids: { kind: string; value: string }[], ctx: SyncContext): SyncRun {
  const wanted = known.filter((k) => ids.some((i) => (i.kind === 'amazon_receipt_id' && i.value === k.receiptId) || (i.kind === 'amazon_user_id' && i.value === k.userId)));
  const receiptId = ids.find((i) => i.kind === 'amazon_receipt_id')?.value;
  const userId = ids.find((i) => i.kind === 'amazon_user_id')?.value;
  if (receiptId && userId && !wanted.some((k) => k.receiptId === receiptId)) wanted.push({ receiptId, userId });
  return checkReceipts(client, credential, wanted, ctx);
}
