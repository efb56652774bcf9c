// Plain words for the stores' codes. A row or a sentence shows the words; the raw code
// appears only in an event's expanded details, next to them, for a search in the store's
// own documents. Sources of the codes (facts only):
// - Stripe API reference: Refund.reason, Refund.failure_reason, Dispute.reason.
// - App Store Server Notifications V2: notificationType; ConsumptionRequestReason.
// - Play Developer API: Voided Purchases voidedReason / voidedSource.
// - Amazon RVS: cancelReason (0–4), as src-main/stores/amazon/map.ts reads them.
import type { RefundIntentDto, Store } from '../../../src-main/ipc/contract';
import { formatMoney, formatUtcDay, minorUnitDigits } from '../format';

const CODE_WORDS: Record<string, string> = {
  // Stripe refund reasons (the agent picks one of the first three)
  requested_by_customer: 'requested by the customer',
  duplicate: 'duplicate payment',
  fraudulent: 'fraudulent payment',
  expired_uncaptured_charge: 'the payment was never captured',
  // Stripe refund failure reasons
  expired_or_canceled_card: 'the card was expired or canceled',
  lost_or_stolen_card: 'the card was reported lost or stolen',
  insufficient_funds: 'the account had insufficient funds',
  declined: 'the card issuer declined it',
  merchant_request: 'canceled at the merchant\u2019s request',
  charge_for_pending_refund_disputed: 'the customer disputed the payment while the refund was pending',
  unknown: 'the store did not say why',
  // Stripe dispute reasons
  product_not_received: 'product not received',
  product_unacceptable: 'product unacceptable',
  subscription_canceled: 'subscription canceled',
  unrecognized: 'payment not recognized',
  credit_not_processed: 'credit not processed',
  general: 'general dispute',
  bank_cannot_process: 'the bank could not process it',
  customer_initiated: 'started by the customer',
  debit_not_authorized: 'debit not authorized',
  incorrect_account_details: 'incorrect account details',
  noncompliant: 'not compliant with network rules',
  // Apple notification types and consumption request reasons
  REFUND: 'Apple refunded the purchase',
  REFUND_DECLINED: 'Apple declined the refund request',
  REFUND_REVERSED: 'Apple reversed an earlier refund',
  REVOKE: 'access revoked (family sharing)',
  CONSUMPTION_REQUEST: 'Apple asks how much was used',
  UNINTENDED_PURCHASE: 'the customer did not mean to buy it',
  FULFILLMENT_ISSUE: 'the customer did not get the content',
  UNSATISFIED_WITH_PURCHASE: 'the customer is unhappy with it',
  LEGAL: 'a legal reason',
  OTHER: 'another reason',
  // Google order states
  PENDING_REFUND: 'refund pending at Google',
  REFUNDED: 'refunded',
  PARTIALLY_REFUNDED: 'partly refunded',
  PROCESSED: 'processed',
};

/** Amazon RVS cancelReason codes. */
const AMAZON_CANCEL: Record<string, string> = {
  '0': 'cancelled; Amazon has not given the reason yet',
  '1': 'cancelled by the customer (a refund by Amazon looks the same)',
  '2': 'cancelled by Amazon (e.g. payment not completed)',
  '3': 'cancelled by Amazon (internal reason)',
  '4': 'replaced by a new subscription (tier change)',
};

/** Google Voided Purchases voidedReason / voidedSource. */
const GOOGLE_VOIDED_REASON: Record<string, string> = {
  '0': 'other', '1': 'remorse', '2': 'not received', '3': 'defective', '4': 'bought by accident', '5': 'fraud', '6': 'friendly fraud', '7': 'chargeback',
};
const GOOGLE_VOIDED_SOURCE: Record<string, string> = { '0': 'the customer', '1': 'the developer', '2': 'Google' };

/** Words for one code, or null when the value is already words (or an ID: never rewritten). */
export function codeWords(code: unknown, key?: string, store?: Store | null): string | null {
  if (code == null) return null;
  const text = String(code);
  if (key === 'cancelReason' && store !== 'google') return AMAZON_CANCEL[text] ?? null;
  if (key === 'voidedReason') return GOOGLE_VOIDED_REASON[text] ?? null;
  if (key === 'voidedSource') return GOOGLE_VOIDED_SOURCE[text] ?? null;
  return CODE_WORDS[text] ?? null;
}

/** The words when known, else the value as sent: for rows and sentences. */
export const say = (code: string): string => codeWords(code) ?? code;

/**
 * What main's step notes say, in plain words: they name store API calls
 * ("subscriptionsv2.revoke with fullRefund: …") that mean nothing to an agent.
 */
const STEP_WORDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^subscriptionsv2\.revoke with fullRefund/, () => 'Google refunded the whole order and ended access; no more renewals'],
  [/^subscriptionsv2\.revoke with proratedRefund/, () => 'Google refunded the unused part of the period and ended access; no more renewals'],
  [/^orders\.refund of (\S+) with revoke=true/, (m) => `Google refunded order ${m[1]} and ended access to it`],
  [/^orders\.refund of (\S+) with revoke=false/, (m) => `Google refunded order ${m[1]}; access stays to the end of the period`],
  [/^orders\.get shows the order with a refund pending at Google/, () => 'Google shows a refund pending for this order'],
  [/^orders\.get shows the order (.+)$/, (m) => `Google shows the order as ${m[1]}`],
  [/^orders\.get: not refunded yet/, () => 'Google shows no refund of this order yet'],
  [/^orders\.get did not answer/, () => 'Google did not answer when asked about the order; the outcome is still unknown'],
  [/^orders\.get refused/, () => 'Google refused to show the order'],
  [/^reconcile: the store shows no such refund/, () => 'The store shows no such refund'],
];

/**
 * One step note in words. A step that reports the refunded amount in its own text is told
 * from the intent's numbers instead: main's text has carried minor units as whole units
 * ("Refunded 499 USD" for $4.99).
 */
export function stepWords(step: string, intent?: Pick<RefundIntentDto, 'amountMinor' | 'currency'>): string {
  const refunded = /^Refunded \S+ [A-Za-z]{3} of (\S+) \((\S+), (\w+)\)/.exec(step);
  if (refunded && intent) {
    const status = refunded[3]!;
    return `Refund ${refunded[2]} of ${formatMoney(intent.amountMinor, intent.currency)} on ${refunded[1]}: ${codeWords(status) ?? status}`;
  }
  for (const [re, words] of STEP_WORDS) {
    const m = re.exec(step);
    if (m) return words(m);
  }
  return step;
}

/** Main's sentences, with the pointers to screens that do not exist put right. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function mainWords(text: string): string {
  return text
    .replace(/Settings → Stores/g, 'Settings')
    // Main's amounts in words are plain major units ("19.99 USD"): shown in the agent's locale.
    .replace(/\b(\d+(?:\.\d+)?) (?!UTC)([A-Z]{3})\b/g, (all, major: string, currency: string) => {
      const digits = minorUnitDigits(currency);
      const [whole, fraction = ''] = major.split('.');
      if (fraction.length > digits) return all;
      return formatMoney(Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0'), currency);
    })
    // Main's days are UTC calendar days ("14 Nov 2022"): in the agent's format, zone named.
    .replace(/\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g, (_all, d: string, m: string, y: string) =>
      formatUtcDay(Date.UTC(Number(y), MONTHS.indexOf(m), Number(d))),
    );
}
