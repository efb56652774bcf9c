// What each store lets the agent do for a purchase, as the policy panel says it: read
// from the store profiles main decides with (src-main/domain/profiles.ts), never restated here.
import { APPLE_HELP_URL, APPLE_REPORT_URL, STORE_PROFILES } from '../../../../src-main/domain/profiles';
import type { Store } from '../../../../src-main/ipc/contract';
import type { PurchaseView } from './types';

export { APPLE_HELP_URL, APPLE_REPORT_URL };

export const policyLine = (p: PurchaseView): string => STORE_PROFILES[p.store].policyLine[p.kind];

export const refundsFromConsole = (store: Store): boolean => STORE_PROFILES[store].canRefund;

/** The ready reply an agent sends to an Apple customer who asks for a refund. */
export const appleReply = (p: PurchaseView, orderId?: string | null): string =>
  STORE_PROFILES.apple.reply?.({ productId: p.productId, orderId }) ?? '';

export const AMAZON_LINE = STORE_PROFILES.amazon.caveat ?? '';
