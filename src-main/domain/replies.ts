// What the agent sends a customer of a store where the console cannot refund: the
// customer's own way to a refund, as a ready reply (read through STORE_PROFILES).

export interface ReplyInput {
  productId: string;
  /** The order ID the customer can find in the store's receipt email, when known. */
  orderId?: string | null;
}

export const APPLE_REPORT_URL = 'https://reportaproblem.apple.com';
export const APPLE_HELP_URL = 'https://support.apple.com/en-us/HT204084';

export function appleReply(p: ReplyInput): string {
  return [
    'Hello,',
    '',
    `Purchases made through the App Store (here: ${p.productId}${p.orderId ? `, order ID ${p.orderId}` : ''}) can only be refunded by Apple; we cannot refund them ourselves.`,
    '',
    `To ask Apple for a refund: go to ${APPLE_REPORT_URL}, sign in with your Apple ID, choose "I'd like to", then "Request a refund", pick the reason and the purchase, and submit.`,
    `Apple explains the steps here: ${APPLE_HELP_URL}`,
    '',
    'Apple usually answers within a few days (48 hours in most cases) by email.',
  ].join('\n');
}

export const AMAZON_PROCEDURE = 'The customer must contact Amazon customer service (amazon.com → Help → Digital Services and Device Support → Apps).';

export function amazonReply(p: ReplyInput): string {
  return [
    'Hello,',
    '',
    `Purchases made through the Amazon Appstore (here: ${p.productId}) are billed by Amazon, and only Amazon can refund them; we cannot refund them ourselves.`,
    '',
    'To ask for a refund, please contact Amazon customer service: on amazon.com go to Help, then Digital Services and Device Support, then Apps.',
    '',
    'A subscription stays active until the end of the period you paid for.',
  ].join('\n');
}
