// The records of the in-memory Play account (account.ts): one order per payment (each
// renewal its own), subscriptions, one-time products and voided purchases.

export type OrderState = 'PENDING' | 'PROCESSED' | 'CANCELED' | 'PENDING_REFUND' | 'PARTIALLY_REFUNDED' | 'REFUNDED';

export interface PlayOrder {
  orderId: string;
  purchaseToken: string;
  productId: string;
  kind: 'subscription' | 'one_time';
  createTime: number;
  totalMinor: number;
  taxMinor: number;
  currency: string;
  quantity: number;
  state: OrderState;
  servicePeriodStart?: number;
  servicePeriodEnd?: number;
  refundEvent?: { eventTime: number; totalMinor: number; taxMinor: number; reason: string };
  /** Orders API CancellationEvent: "canceled before being processed" (REST reference, Order.State CANCELED). */
  canceledAt?: number;
  /** When Google accepted a refund it has not processed yet (the order's lastEventTime moves). */
  pendingRefundAt?: number;
  partialRefunds: { createTime: number; processTime: number; totalMinor: number; taxMinor: number; state: string }[];
}

export interface PlaySubscription {
  token: string;
  productId: string;
  basePlanId: string;
  startTime: number;
  orderIds: string[];
  expiryTime: number;
  autoRenew: boolean;
  state: string;
  externalAccountId: string | null;
  periodMs: number;
  priceMinor: number;
  currency: string;
}

export interface PlayProduct {
  token: string;
  productId: string;
  orderId: string;
  quantity: number;
  refundableQuantity: number;
  consumed: boolean;
  purchaseTime: number;
  purchaseState: 'PURCHASED' | 'CANCELLED' | 'PENDING';
  externalAccountId: string | null;
}

export interface VoidedRecord {
  purchaseToken: string;
  orderId: string;
  purchaseTimeMillis: number;
  voidedTimeMillis: number;
  /** When Google's systems recorded the void: what startTime/endTime filter on. */
  seenTime: number;
  voidedSource: number;
  voidedReason: number;
  voidedQuantity?: number;
  isSubscription: boolean;
}
