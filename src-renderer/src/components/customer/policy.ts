// What each store lets the agent do for a purchase (DESIGN.md §2), as the policy panel says it.
import type { Store } from '../../../../src-main/ipc/contract';
import type { PurchaseView } from './types';

export const APPLE_REPORT_URL = 'https://reportaproblem.apple.com';
export const APPLE_HELP_URL = 'https://support.apple.com/HT204084';

export function policyLine(p: PurchaseView): string {
  switch (p.store) {
    case 'google':
      if (p.kind === 'subscription') return 'Refund and revoke (access ends now), or refund only this order (access stays).';
      return p.kind === 'consumable'
        ? 'Refund, with or without revoking; a consumed item must be taken back by the app itself.'
        : 'Refund, with or without revoking the item.';
    case 'stripe':
      return p.kind === 'subscription'
        ? 'Full or partial refund; refund and revoke also cancels the subscription now.'
        : 'Full or partial refund, with a reason and a note.';
    case 'apple':
      return 'Apple refunds only via Apple: developers cannot refund App Store purchases.';
    case 'amazon':
      return 'Only Amazon customer service can refund Appstore purchases.';
  }
}

export const refundsFromConsole = (store: Store) => store === 'google' || store === 'stripe';

/** The ready reply an agent sends to an Apple customer who asks for a refund. */
export function appleReply(p: PurchaseView, orderId?: string | null): string {
  return [
    'Hello,',
    '',
    `Purchases made through the App Store (here: ${p.productId}${orderId ? `, order ID ${orderId}` : ''}) can only be refunded by Apple; we cannot refund them ourselves.`,
    '',
    `To ask Apple for a refund: go to ${APPLE_REPORT_URL}, sign in with your Apple ID, choose "I'd like to", then "Request a refund", pick the reason and the purchase, and submit.`,
    `Apple explains the steps here: ${APPLE_HELP_URL}`,
    '',
    'Apple usually answers within a few days (48 hours in most cases) by email.',
  ].join('\n');
}

export const AMAZON_LINE =
  'The customer must contact Amazon customer service (amazon.com → Help → Digital Services and Device Support → Apps). Amazon tells developers only that a subscription was cancelled: a refund cannot be told apart from a cancellation.';
