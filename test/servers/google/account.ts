// The in-memory Play account behind the Google test server: orders (one per renewal),
// subscriptions, one-time products, and the voided purchases Google would list.
// Seed helpers mirror what happens in the Play Console or at Google, so a test can
// set up "refund only in the Console" and check the console finds it.

import type { OrderState, PlayOrder, PlayProduct, PlaySubscription, VoidedRecord } from './records';

export type { OrderState, PlayOrder, PlayProduct, PlaySubscription, VoidedRecord };

const DAY = 86_400_000;

export class PlayAccount {
  readonly orders = new Map<string, PlayOrder>();
  readonly subscriptions = new Map<string, PlaySubscription>();
  readonly products = new Map<string, PlayProduct>();
  readonly voided: VoidedRecord[] = [];
  /** Play Console permissions of the service account. */
  permissions = { viewFinancialData: true, manageOrders: true };
  private seq = 0;

  constructor(
    readonly packageName: string,
    readonly now: () => number,
  ) {}

  private nextBaseOrderId(): string {
    this.seq++;
    const n = String(this.seq).padStart(5, '0');
    return `GPA.1234-5678-9012-${n}`;
  }

  private nextToken(prefix: string): string {
    this.seq++;
    return `${prefix}-token-${this.seq}.AO-J1Oz${'x'.repeat(20)}${this.seq}`;
  }

  /** A subscription with its first order and `renewals` renewal orders (`…..0`, `…..1`). */
  addSubscription(o: {
    productId?: string;
    basePlanId?: string;
    priceMinor?: number;
    taxMinor?: number;
    currency?: string;
    startTime?: number;
    periodMs?: number;
    renewals?: number;
    externalAccountId?: string | null;
    autoRenew?: boolean;
  } = {}): { token: string; orderIds: string[] } {
    const token = this.nextToken('sub');
    const base = this.nextBaseOrderId();
    const periodMs = o.periodMs ?? 30 * DAY;
    // the latest period is half over: every order lies in the past
    const startTime = o.startTime ?? this.now() - ((o.renewals ?? 0) + 0.5) * periodMs;
    const renewals = o.renewals ?? 0;
    const currency = o.currency ?? 'USD';
    const priceMinor = o.priceMinor ?? 999;
    const orderIds: string[] = [];
    for (let i = -1; i < renewals; i++) {
      const orderId = i < 0 ? base : `${base}..${i}`;
      const start = startTime + (i + 1) * periodMs;
      this.orders.set(orderId, {
        orderId,
        purchaseToken: token,
        productId: o.productId ?? 'premium_monthly',
        kind: 'subscription',
        createTime: start,
        totalMinor: priceMinor,
        taxMinor: o.taxMinor ?? 0,
        currency,
        quantity: 1,
        state: 'PROCESSED',
        servicePeriodStart: start,
        servicePeriodEnd: start + periodMs,
        partialRefunds: [],
      });
      orderIds.push(orderId);
    }
    this.subscriptions.set(token, {
      token,
      productId: o.productId ?? 'premium_monthly',
      basePlanId: o.basePlanId ?? 'monthly',
      startTime,
      orderIds,
      expiryTime: startTime + (renewals + 1) * periodMs,
      autoRenew: o.autoRenew ?? true,
      state: 'SUBSCRIPTION_STATE_ACTIVE',
      externalAccountId: o.externalAccountId ?? null,
      periodMs,
      priceMinor,
      currency,
    });
    return { token, orderIds };
  }

  /**
   * A renewal Google charges after the purchase entered the console's cache: a new order
   * `<base>..N` (androidpublisher v3 REST, VoidedPurchase.orderId: "uniquely identifies …
   * a subscription renewal"), the subscription's latestSuccessfulOrderId moves to it once
   * it is PROCESSED (SubscriptionPurchaseLineItem.latestSuccessfulOrderId), and the expiry
   * moves one period on. A PENDING renewal (payment not yet processed) moves neither.
   */
  renew(token: string, opts: { state?: 'PROCESSED' | 'PENDING'; at?: number } = {}): string {
    const s = this.subscriptions.get(token);
    if (!s) throw new Error(`test server: no subscription ${token}`);
    const prev = this.order(s.orderIds[s.orderIds.length - 1]!);
    const base = s.orderIds[0]!;
    const orderId = `${base}..${s.orderIds.length - 1}`;
    const start = opts.at ?? prev.servicePeriodEnd ?? this.now();
    this.orders.set(orderId, {
      ...prev,
      orderId,
      createTime: start,
      state: opts.state ?? 'PROCESSED',
      servicePeriodStart: start,
      servicePeriodEnd: start + s.periodMs,
      partialRefunds: [],
      refundEvent: undefined,
    });
    s.orderIds.push(orderId);
    if ((opts.state ?? 'PROCESSED') === 'PROCESSED') {
      s.expiryTime = start + s.periodMs;
      s.state = 'SUBSCRIPTION_STATE_ACTIVE';
    }
    return orderId;
  }

  /** PENDING: "waiting to be processed"; CANCELED: "canceled before being processed" (REST reference, Order.State). */
  setOrderState(orderId: string, state: 'PENDING' | 'CANCELED' | 'PROCESSED', at?: number): void {
    const o = this.order(orderId);
    o.state = state;
    if (state === 'CANCELED') o.canceledAt = at ?? this.now();
  }

  /**
   * A refund Google accepted but has not processed yet: Order.State PENDING_REFUND ("the
   * order is pending refund", REST reference). No refundEvent until it completes.
   */
  pendingRefund(orderId: string): void {
    const o = this.order(orderId);
    o.state = 'PENDING_REFUND';
    o.pendingRefundAt = this.now();
  }

  /** The pending refund completes: the order shows REFUNDED with its refundEvent. */
  completePendingRefund(orderId: string, opts: { revoke: boolean; at?: number }): void {
    this.fullRefund(orderId, { ...opts, source: 1, reason: 0 });
  }

  addOneTime(o: {
    productId?: string;
    unitPriceMinor?: number;
    currency?: string;
    quantity?: number;
    purchaseTime?: number;
    consumed?: boolean;
    externalAccountId?: string | null;
  } = {}): { token: string; orderId: string } {
    const token = this.nextToken('inapp');
    const orderId = this.nextBaseOrderId();
    const quantity = o.quantity ?? 1;
    const purchaseTime = o.purchaseTime ?? this.now() - DAY;
    const productId = o.productId ?? 'coins_100';
    this.orders.set(orderId, {
      orderId,
      purchaseToken: token,
      productId,
      kind: 'one_time',
      createTime: purchaseTime,
      totalMinor: (o.unitPriceMinor ?? 199) * quantity,
      taxMinor: 0,
      currency: o.currency ?? 'USD',
      quantity,
      state: 'PROCESSED',
      partialRefunds: [],
    });
    this.products.set(token, {
      token,
      productId,
      orderId,
      quantity,
      refundableQuantity: quantity,
      consumed: o.consumed ?? false,
      purchaseTime,
      purchaseState: 'PURCHASED',
      externalAccountId: o.externalAccountId ?? null,
    });
    return { token, orderId };
  }

  /** latestSuccessfulOrderId: the newest order that was paid (not PENDING, not CANCELED). */
  latestSuccessfulOrderId(token: string): string | undefined {
    const s = this.subscriptions.get(token);
    return s ? [...s.orderIds].reverse().find((id) => !['PENDING', 'CANCELED'].includes(this.order(id).state)) : undefined;
  }

  order(orderId: string): PlayOrder {
    const o = this.orders.get(orderId);
    if (!o) throw new Error(`test server: no order ${orderId}`);
    return o;
  }

  private addVoided(o: PlayOrder, at: number, source: number, reason: number, quantity?: number): void {
    const rec: VoidedRecord = {
      purchaseToken: o.purchaseToken,
      orderId: o.orderId,
      purchaseTimeMillis: o.createTime,
      voidedTimeMillis: at,
      seenTime: at,
      voidedSource: source,
      voidedReason: reason,
      isSubscription: o.kind === 'subscription',
    };
    if (quantity != null) rec.voidedQuantity = quantity;
    this.voided.push(rec);
  }

  /** A full refund of one order, with or without revoke. Only revoked orders reach Voided Purchases (Google's docs). */
  fullRefund(orderId: string, opts: { revoke: boolean; at?: number; source?: number; reason?: number; refundReason?: string }): void {
    const o = this.order(orderId);
    const at = opts.at ?? this.now();
    const refunded = o.partialRefunds.reduce((s, p) => s + p.totalMinor, 0);
    o.state = 'REFUNDED';
    o.refundEvent = {
      eventTime: at,
      totalMinor: o.totalMinor - refunded,
      taxMinor: o.taxMinor,
      reason: opts.refundReason ?? 'OTHER',
    };
    if (opts.revoke) {
      this.addVoided(o, at, opts.source ?? 1, opts.reason ?? 0);
      this.revokeAccess(o, at);
    }
  }

  /** A partial (amount) refund, e.g. in the Play Console; never listed by Voided Purchases. */
  partialRefund(orderId: string, amountMinor: number, at?: number): void {
    const o = this.order(orderId);
    const t = at ?? this.now();
    o.partialRefunds.push({ createTime: t, processTime: t, totalMinor: amountMinor, taxMinor: 0, state: 'PROCESSED_SUCCESSFULLY' });
    const refunded = o.partialRefunds.reduce((s, p) => s + p.totalMinor, 0);
    o.state = refunded >= o.totalMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  }

  /** A chargeback by the payment processor: voided (reason 7, source Google) and refunded on the order. */
  chargeback(orderId: string, at?: number): void {
    this.fullRefund(orderId, { revoke: true, at, source: 2, reason: 7, refundReason: 'CHARGEBACK' });
  }

  /** A quantity-based partial refund of a multi-quantity one-time purchase. */
  quantityRefund(orderId: string, quantity: number, at?: number): void {
    const o = this.order(orderId);
    const t = at ?? this.now();
    const unit = Math.round(o.totalMinor / o.quantity);
    this.addVoided(o, t, 0, 1, quantity);
    this.partialRefund(orderId, unit * quantity, t);
    const p = this.products.get(o.purchaseToken);
    if (p) p.refundableQuantity -= quantity;
  }

  private revokeAccess(o: PlayOrder, at: number): void {
    const s = this.subscriptions.get(o.purchaseToken);
    if (s) {
      s.state = 'SUBSCRIPTION_STATE_EXPIRED';
      s.expiryTime = at;
      s.autoRenew = false;
    }
    const p = this.products.get(o.purchaseToken);
    if (p) {
      p.purchaseState = 'CANCELLED';
      p.refundableQuantity = 0;
    }
  }

  /** `count` voided one-time purchases (for pagination and quota tests). */
  bulkVoided(count: number, at?: number): void {
    for (let i = 0; i < count; i++) {
      const { orderId } = this.addOneTime({ purchaseTime: (at ?? this.now()) - DAY });
      this.fullRefund(orderId, { revoke: true, at: (at ?? this.now()) - 1000 + (i % 1000), source: 0, reason: 1 });
    }
  }
}
