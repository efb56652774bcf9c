// Google's wire values, checked and turned into ours. Google sends int64 as strings
// (purchaseTimeMillis, Money.units), timestamps as RFC 3339, and money as units + nanos.
import { z } from 'zod';
import { minorUnitDigits } from '../../ipc/vocabulary';
import { malformed } from './client';

/** An int64 that Google encodes as a decimal string (a number is tolerated). */
const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform((v) => Number(v));
/**
 * An int32 (enum code or count). The REST reference types voidedSource, voidedReason and
 * voidedQuantity as integer, while Google's Voided Purchases guide shows them as strings
 * ("voidedSource": "0"); a page in either form must sync. Same for quantities and nanos.
 */
const int32 = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform((v) => Number(v))]);
const timestamp = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not an RFC 3339 time').transform((s) => Date.parse(s));

const moneySchema = z.object({
  currencyCode: z.string().regex(/^[A-Za-z]{3}$/),
  units: int64.optional(),
  nanos: int32.optional(),
});
export type GoogleMoney = z.output<typeof moneySchema>;

export const voidedPurchaseSchema = z.object({
  purchaseToken: z.string().min(1),
  orderId: z.string().min(1),
  purchaseTimeMillis: int64,
  voidedTimeMillis: int64,
  voidedSource: int32.optional(),
  voidedReason: int32.optional(),
  voidedQuantity: int32.pipe(z.number().positive()).optional(),
});
export type VoidedPurchase = z.output<typeof voidedPurchaseSchema>;

export const voidedListSchema = z.object({
  voidedPurchases: z.array(voidedPurchaseSchema).optional(),
  tokenPagination: z.object({ nextPageToken: z.string().optional() }).optional(),
});

const refundDetails = z.object({ total: moneySchema.optional(), tax: moneySchema.optional() });

export const orderSchema = z.object({
  orderId: z.string().min(1),
  purchaseToken: z.string().min(1),
  state: z.string().optional(),
  createTime: timestamp,
  lastEventTime: timestamp.optional(),
  total: moneySchema.optional(),
  tax: moneySchema.optional(),
  lineItems: z
    .array(
      z.object({
        productId: z.string().optional(),
        total: moneySchema.optional(),
        subscriptionDetails: z
          .object({ basePlanId: z.string().optional(), servicePeriodStartTime: timestamp.optional(), servicePeriodEndTime: timestamp.optional() })
          .optional(),
        oneTimePurchaseDetails: z.object({ quantity: int32.optional() }).optional(),
      }),
    )
    .optional(),
  orderHistory: z
    .object({
      refundEvent: z.object({ eventTime: timestamp, refundDetails: refundDetails.optional(), refundReason: z.string().optional() }).optional(),
      cancellationEvent: z.object({ eventTime: timestamp.optional() }).optional(),
      partialRefundEvents: z
        .array(
          z.object({
            createTime: timestamp,
            processTime: timestamp.optional(),
            state: z.string().optional(),
            refundDetails: refundDetails.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type Order = z.output<typeof orderSchema>;
export const batchOrdersSchema = z.object({ orders: z.array(orderSchema).optional() });

export const subscriptionSchema = z.object({
  subscriptionState: z.string().optional(),
  startTime: timestamp.optional(),
  latestOrderId: z.string().optional(),
  acknowledgementState: z.string().optional(),
  externalAccountIdentifiers: z.object({ obfuscatedExternalAccountId: z.string().optional() }).optional(),
  lineItems: z
    .array(
      z.object({
        productId: z.string(),
        expiryTime: timestamp.optional(),
        latestSuccessfulOrderId: z.string().optional(),
        autoRenewingPlan: z.object({ autoRenewEnabled: z.boolean().optional(), recurringPrice: moneySchema.optional() }).optional(),
      }),
    )
    .min(1),
});
export type SubscriptionV2 = z.output<typeof subscriptionSchema>;

export const productSchema = z.object({
  orderId: z.string().optional(),
  obfuscatedExternalAccountId: z.string().optional(),
  purchaseCompletionTime: timestamp.optional(),
  purchaseStateContext: z.object({ purchaseState: z.string().optional() }).optional(),
  productLineItem: z
    .array(
      z.object({
        productId: z.string(),
        productOfferDetails: z
          .object({
            quantity: int32.optional(),
            refundableQuantity: int32.optional(),
            consumptionState: z.string().optional(),
          })
          .optional(),
      }),
    )
    .min(1),
});
export type ProductV2 = z.output<typeof productSchema>;

/** Validates one response; a shape Google does not document becomes a clear error. */
export function parseResponse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
  throw malformed(what, where);
}

/** Money {units, nanos} → integer minor units of the currency (JPY 0 digits, KWD 3). */
export function toMinor(m: GoogleMoney | undefined): { amountMinor: number; currency: string } | null {
  if (!m) return null;
  const currency = m.currencyCode.toUpperCase();
  const d = minorUnitDigits(currency);
  const units = m.units ?? 0;
  const nanos = m.nanos ?? 0;
  return { amountMinor: units * 10 ** d + Math.round(nanos / 10 ** (9 - d)), currency };
}
