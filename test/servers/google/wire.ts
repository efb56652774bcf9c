// The Android Publisher v3 wire shapes the test server answers with: int64 as strings,
// timestamps as RFC 3339, money as {currencyCode, units (string), nanos}.
import type { PlayOrder, PlayProduct, PlaySubscription, VoidedRecord } from './account';

function digits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function money(minor: number, currency: string) {
  const d = digits(currency);
  const scale = 10 ** d;
  const units = Math.trunc(minor / scale);
  const nanos = Math.round((minor - units * scale) * 10 ** (9 - d));
  return { currencyCode: currency, units: String(units), nanos };
}

export const rfc3339 = (ms: number): string => new Date(ms).toISOString();

export function orderJson(o: PlayOrder) {
  // A PENDING or CANCELED order was never processed (REST reference, Order.State), so it has no processedEvent.
  const history: Record<string, unknown> = o.state === 'PENDING' || o.canceledAt != null ? {} : { processedEvent: { eventTime: rfc3339(o.createTime) } };
  if (o.canceledAt != null) history.cancellationEvent = { eventTime: rfc3339(o.canceledAt) };
  if (o.refundEvent) {
    history.refundEvent = {
      eventTime: rfc3339(o.refundEvent.eventTime),
      refundDetails: { total: money(o.refundEvent.totalMinor, o.currency), tax: money(o.refundEvent.taxMinor, o.currency) },
      refundReason: o.refundEvent.reason,
    };
  }
  if (o.partialRefunds.length) {
    history.partialRefundEvents = o.partialRefunds.map((p) => ({
      createTime: rfc3339(p.createTime),
      processTime: rfc3339(p.processTime),
      state: p.state,
      refundDetails: { total: money(p.totalMinor, o.currency), tax: money(p.taxMinor, o.currency) },
    }));
  }
  const lastEvent = Math.max(
    o.createTime,
    o.refundEvent?.eventTime ?? 0,
    o.pendingRefundAt ?? 0,
    o.canceledAt ?? 0,
    ...o.partialRefunds.map((p) => p.processTime),
  );
  const lineItem: Record<string, unknown> = {
    productId: o.productId,
    productTitle: o.productId.replace(/_/g, ' '),
    total: money(o.totalMinor, o.currency),
    tax: money(o.taxMinor, o.currency),
    listingPrice: money(o.totalMinor - o.taxMinor, o.currency),
  };
  if (o.kind === 'subscription') {
    lineItem.subscriptionDetails = {
      basePlanId: 'monthly',
      offerPhase: 'BASE',
      servicePeriodStartTime: rfc3339(o.servicePeriodStart ?? o.createTime),
      servicePeriodEndTime: rfc3339(o.servicePeriodEnd ?? o.createTime),
    };
  } else {
    lineItem.oneTimePurchaseDetails = { quantity: o.quantity, purchaseOptionId: 'default' };
  }
  return {
    orderId: o.orderId,
    purchaseToken: o.purchaseToken,
    state: o.state,
    createTime: rfc3339(o.createTime),
    lastEventTime: rfc3339(lastEvent),
    buyerAddress: { buyerCountry: 'US', buyerState: 'CA', buyerPostcode: '94043' },
    total: money(o.totalMinor, o.currency),
    tax: money(o.taxMinor, o.currency),
    orderDetails: { taxInclusive: false },
    orderHistory: history,
    lineItems: [lineItem],
    salesChannel: 'IN_APP',
  };
}

/**
 * How the server renders int32 enums of a voided purchase. The REST reference types
 * voidedSource / voidedReason / voidedQuantity as integer; Google's own Voided Purchases
 * guide shows them as strings ("voidedSource": "0"). Both happen; tests switch.
 */
export type EnumStyle = 'number' | 'string';

export function voidedJson(v: VoidedRecord, style: EnumStyle = 'number') {
  const e = (n: number) => (style === 'string' ? String(n) : n);
  const out: Record<string, unknown> = {
    kind: 'androidpublisher#voidedPurchase',
    purchaseToken: v.purchaseToken,
    purchaseTimeMillis: String(v.purchaseTimeMillis),
    voidedTimeMillis: String(v.voidedTimeMillis),
    orderId: v.orderId,
    voidedSource: e(v.voidedSource),
    voidedReason: e(v.voidedReason),
  };
  if (v.voidedQuantity != null) out.voidedQuantity = e(v.voidedQuantity);
  return out;
}

/**
 * latestOrderId (deprecated in the REST reference) names the newest order of any state;
 * each line item's latestSuccessfulOrderId the newest paid one.
 */
export function subscriptionJson(s: PlaySubscription, latestSuccessful: string | undefined) {
  const latestOrderId = s.orderIds[s.orderIds.length - 1];
  const out: Record<string, unknown> = {
    kind: 'androidpublisher#subscriptionPurchaseV2',
    regionCode: 'US',
    startTime: rfc3339(s.startTime),
    subscriptionState: s.state,
    latestOrderId,
    acknowledgementState: 'ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED',
    lineItems: [
      {
        productId: s.productId,
        expiryTime: rfc3339(s.expiryTime),
        latestSuccessfulOrderId: latestSuccessful,
        autoRenewingPlan: { autoRenewEnabled: s.autoRenew, recurringPrice: money(s.priceMinor, s.currency) },
        offerDetails: { basePlanId: s.basePlanId },
      },
    ],
  };
  if (s.externalAccountId) out.externalAccountIdentifiers = { obfuscatedExternalAccountId: s.externalAccountId };
  return out;
}

export function productJson(p: PlayProduct) {
  const out: Record<string, unknown> = {
    kind: 'androidpublisher#productPurchaseV2',
    orderId: p.orderId,
    regionCode: 'US',
    purchaseCompletionTime: rfc3339(p.purchaseTime),
    purchaseStateContext: { purchaseState: p.purchaseState },
    acknowledgementState: 'ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED',
    productLineItem: [
      {
        productId: p.productId,
        productOfferDetails: {
          quantity: p.quantity,
          refundableQuantity: p.refundableQuantity,
          consumptionState: p.consumed ? 'CONSUMPTION_STATE_CONSUMED' : 'CONSUMPTION_STATE_YET_TO_BE_CONSUMED',
          purchaseOptionId: 'default',
        },
      },
    ],
  };
  if (p.externalAccountId) out.obfuscatedExternalAccountId = p.externalAccountId;
  return out;
}
