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
  consumedPercent: z.number().min(0).max(100).nullish(),
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
