// What Apple allows (DESIGN §2): no developer refunds; the customer asks Apple.
import type { StoreCapabilities } from '../adapter';

export const APPLE_REFUND_URL = 'https://reportaproblem.apple.com';
export const APPLE_SUPPORT_URL = 'https://support.apple.com/en-us/HT204084';

export const appleCapabilities: StoreCapabilities = {
  store: 'apple',
  canRefund: false,
  refundModes: [],
  partialAmounts: false,
  maxRefundAgeDays: null,
  detection: [
    'App Store Server Notifications V2, pulled with Get Notification History (REFUND, REFUND_DECLINED, REFUND_REVERSED, REVOKE, CONSUMPTION_REQUEST), consumables included',
    'Get Refund History and Get Transaction History per customer',
  ],
  customerProcedure:
    `Apple does not let developers refund. The customer requests a refund from Apple at ${APPLE_REFUND_URL} ` +
    `(Apple's instructions: ${APPLE_SUPPORT_URL}). If Apple asks us for consumption information, answer it under Refund requests within 12 hours.`,
};

/** The ready reply an agent copies for a customer who asks for an App Store refund. */
export function appleCustomerReply(opts: { productName?: string | null; orderId?: string | null } = {}): string {
  const what = opts.productName ? ` for ${opts.productName}` : '';
  const order = opts.orderId ? ` Your order ID is ${opts.orderId}; it is in Apple's receipt email.` : '';
  return [
    `Thank you for writing. Purchases made in the App Store are billed by Apple, and only Apple can issue a refund${what}; we cannot do it from our side.`,
    `To request it, go to ${APPLE_REFUND_URL}, sign in with your Apple Account, choose "I'd like to", then "Request a refund", and pick the purchase.${order}`,
    `Apple's own step-by-step guide is here: ${APPLE_SUPPORT_URL}`,
    'Apple usually answers within a few days. If you have any other question, just reply to this message.',
  ].join('\n\n');
}

/**
 * Get Notification History lists only "notifications that the App Store server attempted
 * to send to your server" (App Store Server API, Get Notification History): with no App
 * Store Server Notifications V2 URL set in App Store Connect (App Information), it stays
 * empty and refunds are found only by refreshing customers.
 */
export const NOTIFICATION_URL_NEEDED =
  'Notification History holds only the notifications Apple tried to send to your App Store Server Notifications V2 URL (App Store Connect › App Information); without one, refunds are not found by sync.';

export function emptyHistoryNotice(days: number): string {
  return `Apple's Notification History came back empty for the last ${days} days. Set an App Store Server Notifications V2 URL in App Store Connect (App Information); until then refunds are found only by refreshing a customer.`;
}
