// Amazon Receipt Verification Service (verifyReceiptId 1.0) over plain fetch: Amazon
// ships no Node SDK. Each documented status code gets a meaning the agent can act on.
import { DeskError } from '../../ipc/define';
import type { Environment } from '../../ipc/vocabulary';
import { parseRvsBody } from './schema';

export const RVS_BASE_URL = 'https://appstore-sdk.amazon.com';

/** A verifyReceiptId response; dates are epoch ms, null when not applicable. */
export interface RvsReceipt {
  receiptId: string;
  productType: 'CONSUMABLE' | 'ENTITLED' | 'SUBSCRIPTION' | string;
  productId: string;
  purchaseDate: number | null;
  renewalDate?: number | null;
  cancelDate?: number | null;
  cancelReason?: number | null;
  testTransaction?: boolean;
  betaProduct?: boolean;
  parentProductId?: string | null;
  quantity?: number | null;
  term?: string | null;
  termSku?: string | null;
  freeTrialEndDate?: number | null;
  gracePeriodEndDate?: number | null;
  autoRenewing?: boolean | null;
  deferredDate?: number | null;
  deferredSku?: string | null;
}

export type RvsOutcome =
  | { ok: true; receipt: RvsReceipt }
  /** About this receipt only: the run goes on with the others. */
  | { ok: false; status: number; message: string };

export const RVS_STATUS_WORDS: Record<number, string> = {
  400: 'Amazon does not know this receipt ID or user ID (400: invalid transaction).',
  496: 'Amazon refused the shared secret (496): copy it again from the Amazon Developer Console (Shared Key page).',
  497: 'Amazon does not know this user ID (497: invalid user).',
  410: 'Amazon says this receipt is no longer valid (410): the transaction was cancelled or deleted.',
  429: 'Amazon rate-limited receipt checks (429); sync will try again later.',
  500: 'Amazon RVS had an internal error (500); try again later.',
};

export function rvsUrl(base: string, env: Environment, secret: string, userId: string, receiptId: string): string {
  // The RVS Cloud Sandbox is the same host under /sandbox.
  const prefix = env === 'sandbox' ? '/sandbox' : '';
  const e = encodeURIComponent;
  return `${base.replace(/\/$/, '')}${prefix}/version/1.0/verifyReceiptId/developer/${e(secret)}/user/${e(userId)}/receiptId/${e(receiptId)}`;
}

export async function verifyReceipt(
  fetchImpl: typeof fetch,
  url: string,
  signal?: AbortSignal,
  receiptId = '',
): Promise<RvsOutcome> {
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { Accept: 'application/json' }, signal });
  } catch (e) {
    throw new DeskError('offline', `Amazon RVS could not be reached: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  if (res.ok) {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return { ok: false, status: res.status, message: 'Amazon RVS answered with a body that is not JSON; the receipt was left out.' };
    }
    const parsed = parseRvsBody(body, receiptId);
    return parsed.ok ? { ok: true, receipt: parsed.receipt } : { ok: false, status: res.status, message: parsed.message };
  }
  const words = RVS_STATUS_WORDS[res.status] ?? `Amazon RVS answered ${res.status}.`;
  if (res.status === 496) throw new DeskError('store_refused', words);
  if (res.status === 429) throw new DeskError('rate_limited', words, true);
  if (res.status >= 500) throw new DeskError('store_unavailable', words, true);
  return { ok: false, status: res.status, message: words };
}
