// Google Play's codes in words an agent reads, and the 3-year refund limit.

/** VoidedPurchase.voidedSource: 0 user, 1 developer, 2 Google (API reference). */
export function voidedSourceWords(source: number | undefined): string {
  switch (source) {
    case 0:
      return 'by the user';
    case 1:
      return 'by the developer';
    case 2:
      return 'by Google';
    default:
      return 'by an unknown party';
  }
}

/** VoidedPurchase.voidedReason 0..8 (API reference). */
export function voidedReasonWords(reason: number | undefined): string {
  switch (reason) {
    case 0:
      return 'other';
    case 1:
      return 'remorse';
    case 2:
      return 'not received';
    case 3:
      return 'defective';
    case 4:
      return 'accidental purchase';
    case 5:
      return 'fraud';
    case 6:
      return 'friendly fraud';
    case 7:
      return 'chargeback';
    case 8:
      return 'never acknowledged (refunded automatically by Google)';
    default:
      return 'unknown reason';
  }
}

export const VOIDED_REASON_CHARGEBACK = 7;

/**
 * Google refunds orders up to 3 years old (orders.refund reference), counted in calendar
 * years from the order's time: the same day and time three years later, in UTC (29 Feb
 * falls to 1 Mar). 1,095 days would refuse a day early across a leap year.
 */
export function pastGoogleRefundLimit(orderCreatedAt: number, now: number): boolean {
  const limit = new Date(orderCreatedAt);
  limit.setUTCFullYear(limit.getUTCFullYear() + 3);
  return now > limit.getTime();
}
