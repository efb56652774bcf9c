// Apple refund requests (CONSUMPTION_REQUEST): list, answer; a badge event.
import { z } from 'zod';
import { channel, event } from '../define';

export interface ConsumptionAnswerDto {
  customerConsented: boolean;
  deliveryStatus:
    | 'DELIVERED'
    | 'UNDELIVERED_QUALITY_ISSUE'
    | 'UNDELIVERED_WRONG_ITEM'
    | 'UNDELIVERED_SERVER_OUTAGE'
    | 'UNDELIVERED_OTHER';
  sampleContentProvided: boolean;
  /** 0–100 % of the purchase consumed. */
  consumedPercent?: number | null;
  refundPreference?: 'DECLINE' | 'GRANT_FULL' | 'GRANT_PRORATED' | null;
}

export interface RefundRequestDto {
  id: number;
  customerId: number | null;
  purchaseId: number | null;
  productId: string | null;
  transactionId: string;
  requestedAt: number;
  deadlineAt: number;
  status: 'open' | 'answered' | 'expired' | 'resolved';
  /** Apple's consumptionRequestReason, e.g. UNINTENDED_PURCHASE. */
  reason: string | null;
  expired: boolean;
  /** Why it can no longer be answered, in words for the UI. */
  refusal: string | null;
  answer: ConsumptionAnswerDto | null;
  answeredAt: number | null;
  /** Apple's decision once sync has seen it. */
  outcome: 'refunded' | 'declined' | null;
  /** Apple's product type of the transaction (JWSTransaction `type`); null when not known. */
  productType?: AppleProductType | null;
}

export const APPLE_PRODUCT_TYPES = ['Auto-Renewable Subscription', 'Non-Renewing Subscription', 'Consumable', 'Non-Consumable'] as const;
export type AppleProductType = (typeof APPLE_PRODUCT_TYPES)[number];

/**
 * Apple's documented rules for a ConsumptionRequest (App Store Server API, Send
 * Consumption Information), each broken one as a sentence; empty when Apple accepts it.
 * - customerConsented must be true (InvalidCustomerConsentedError).
 * - consumptionPercentage is for consumables, non-consumables and non-renewing
 *   subscriptions only (ConsumptionPercentageAutoRenewableSubscriptionError). A type not
 *   known is treated as auto-renewable: leaving the field out is always accepted.
 * - "If the delivery status isn't DELIVERED, set the consumptionPercentage to 0"
 *   (deliveryStatus).
 * - GRANT_PRORATED needs a consumptionPercentage greater than 0 and below 100000
 *   milliunits (consumptionPercentage, refundPreference).
 */
export function consumptionAnswerProblems(a: ConsumptionAnswerDto, productType: AppleProductType | null | undefined): string[] {
  const out: string[] = [];
  const renewing = productType == null || productType === 'Auto-Renewable Subscription';
  const pct = a.consumedPercent ?? null;
  if (!a.customerConsented) out.push('Apple accepts consumption information only with the customer’s consent to share it.');
  if (renewing && pct != null) {
    out.push(
      productType == null
        ? 'The product type of this purchase is not known, so no consumption share can be sent: Apple refuses one for auto-renewable subscriptions.'
        : 'Apple takes no consumption share for an auto-renewable subscription; leave “Consumed” empty.',
    );
  }
  if (!renewing && a.deliveryStatus !== 'DELIVERED' && pct != null && pct !== 0) {
    out.push('When the purchase was not delivered, Apple requires the consumed share to be 0 %.');
  }
  if (a.refundPreference === 'GRANT_PRORATED') {
    if (renewing) out.push('A prorated refund needs a consumed share, which Apple does not take for auto-renewable subscriptions; choose full, decline or no preference.');
    else if (pct == null || pct <= 0 || pct >= 100) out.push('A prorated refund needs the consumed share: more than 0 % and less than 100 %.');
  }
  return out;
}

export interface RequestsSummaryDto {
  open: number;
  nextDeadlineAt: number | null;
}

export const consumptionAnswerSchema = z.strictObject({
  customerConsented: z.boolean(),
  deliveryStatus: z.enum([
    'DELIVERED',
    'UNDELIVERED_QUALITY_ISSUE',
    'UNDELIVERED_WRONG_ITEM',
    'UNDELIVERED_SERVER_OUTAGE',
    'UNDELIVERED_OTHER',
  ]),
  sampleContentProvided: z.boolean(),
  // Apple's milliunits: three decimals of a percent at most
  consumedPercent: z.number().min(0).max(100).multipleOf(0.001).nullish(),
  refundPreference: z.enum(['DECLINE', 'GRANT_FULL', 'GRANT_PRORATED']).nullish(),
});

export const requestsChannels = {
  'requests:list': channel<RefundRequestDto[]>()(z.strictObject({ includeClosed: z.boolean().optional() })),
  'requests:answer': channel<RefundRequestDto>()(
    z.strictObject({ requestId: z.number().int().positive(), answer: consumptionAnswerSchema }),
  ),
};

export const requestsEvents = {
  onRequestsChanged: event<RequestsSummaryDto>(),
};
