// The demo's named customers: each shows one store rule an agent meets in real life.
import { DAY, MONTH, buildPurchase, type Built } from './build';
import type { ConsumptionRequestSeed } from './generate';
import { DEMO_AMAZON, DEMO_CONSUMPTION, DEMO_DISPUTE, DEMO_JANE, DEMO_PLAY_CONSOLE_REFUND } from './fixtures';
import { demoDispute, demoPayment, demoRefund } from './ledgerFacts';

export function wellKnown(now: number): { built: Built[]; consumptionRequests: ConsumptionRequestSeed[] } {
  const J = DEMO_JANE;
  const jane = { appUserId: J.appUserId, email: J.email, displayName: J.displayName };
  const built: Built[] = [];

  // Jane on Apple: yearly plan refunded by Apple (REFUND revokes), earlier a declined request.
  const apple = buildPurchase({
    store: 'apple', storeKey: J.appleOriginalTransactionId, productId: 'pro_yearly', start: now - 400 * DAY, periods: 2, periodMs: 365 * DAY,
    priceMinor: 4999, currency: 'USD', raw: true,
    customer: { ...jane, ids: [{ kind: 'apple_app_account_token', value: '5c8e2a1b-0f6e-4c1b-9a3f-jane00000042' }, { kind: 'apple_original_transaction_id', value: J.appleOriginalTransactionId }] },
    ids: { apple_order_id: J.appleOrderId }, orderId: (k) => `20000008471234${56 + k}`,
  }, now);
  apple.add('refund_declined', now - 30 * DAY, { orderId: '2000000847123457', detail: { detectedVia: 'apple_notification_history', summary: 'REFUND_DECLINED' } });
  apple.add('refund', now - 10 * DAY, { amountMinor: 4999, orderId: '2000000847123457', detail: { refundKind: 'full', revokesAccess: true, reason: 'customer reported a problem to Apple', detectedVia: 'apple_notification_history', storeRef: '2000000847123457' } });
  built.push(apple);

  // Jane on Google Play: monthly plan; an older order refunded only (access stays), a quantity refund.
  const google = buildPurchase({
    store: 'google', storeKey: J.googlePurchaseToken, productId: 'pro_monthly', start: now - 5 * MONTH + DAY, periods: 6,
    priceMinor: 899, currency: 'EUR', raw: true,
    customer: { ...jane, ids: [{ kind: 'google_external_account_id', value: J.appUserId }, { kind: 'google_purchase_token', value: J.googlePurchaseToken }] },
    ids: { google_order_id: J.googleOrderId }, orderId: (k) => (k ? `${J.googleOrderId}..${k - 1}` : J.googleOrderId),
  }, now);
  google.add('refund', now - 3 * MONTH, { amountMinor: 899, orderId: `${J.googleOrderId}..0`, detail: { refundKind: 'full', revokesAccess: false, detectedVia: 'google_orders', summary: 'refund only of an earlier order' } });
  built.push(google);

  // Jane on Stripe: a one-off payment refunded partly in the Stripe Dashboard, then a failed refund.
  const stripe = buildPurchase({
    store: 'stripe', storeKey: J.stripePaymentIntent, productId: 'lifetime_unlock', kind: 'one_time', start: now - 60 * DAY, periods: 1,
    priceMinor: 2999, currency: 'USD', raw: true,
    customer: { ...jane, ids: [{ kind: 'stripe_customer', value: J.stripeCustomer }] },
    ids: { stripe_payment_intent: J.stripePaymentIntent, stripe_charge: 'ch_DemoJane0001' }, orderId: () => 'ch_DemoJane0001',
  }, now);
  // Stripe keys a payment by its PaymentIntent (the charge is a reference of it)
  stripe.events[0]!.ledger = demoPayment('stripe', J.stripePaymentIntent, J.stripePaymentIntent, now - 60 * DAY, 2999, 'USD', { charge: 'ch_DemoJane0001' });
  const janeRefund = (refundKey: string, createdAt: number, observedAt = createdAt) => ({ store: 'stripe' as const, purchaseKey: J.stripePaymentIntent, paymentKey: J.stripePaymentIntent, refundKey, createdAt, observedAt });
  stripe.add('refund', now - 50 * DAY, { amountMinor: 1000, orderId: 'ch_DemoJane0001', ledger: demoRefund(janeRefund('re_DemoJane0001', now - 50 * DAY), 'succeeded', 1000, 'USD', 'partial', { reason: 'requested_by_customer', detectedVia: 'stripe_events' }), detail: { refundKind: 'partial', reason: 'requested_by_customer', detectedVia: 'stripe_events', status: 'succeeded', storeRef: 're_DemoJane0001', summary: 'refunded in the Stripe Dashboard' } });
  // $5 refunded, then failed at the bank (Stripe: a refund can fail after it succeeded): it gives nothing back
  stripe.add('refund', now - 48 * DAY, { amountMinor: 500, orderId: 'ch_DemoJane0001', ledger: demoRefund(janeRefund('re_DemoJane0002', now - 48 * DAY), 'succeeded', 500, 'USD', 'partial', { reason: 'requested_by_customer', detectedVia: 'stripe_events' }), detail: { refundKind: 'partial', status: 'succeeded', reason: 'requested_by_customer', storeRef: 're_DemoJane0002', detectedVia: 'stripe_events' } });
  stripe.add('refund_failed', now - 45 * DAY, { amountMinor: 500, orderId: 'ch_DemoJane0001', ledger: demoRefund(janeRefund('re_DemoJane0002', now - 48 * DAY, now - 45 * DAY), 'failed', 500, 'USD', 'partial', { reason: 'expired_or_canceled_card', detectedVia: 'stripe_events' }), detail: { refundKind: 'partial', status: 'failed', reason: 'expired_or_canceled_card', storeRef: 're_DemoJane0002', detectedVia: 'stripe_events' } });
  built.push(stripe);
  const stripeSub = buildPurchase({
    store: 'stripe', storeKey: J.stripeSubscription, productId: 'pro_monthly', start: now - 3 * MONTH + 2 * DAY, periods: 3, priceMinor: 999, currency: 'USD',
    customer: { ...jane, ids: [{ kind: 'stripe_customer', value: J.stripeCustomer }] }, orderId: (k) => `in_DemoJane000${k}`, raw: true,
  }, now);
  const janeSub = (key: string, createdAt: number, observedAt = createdAt) => ({ store: 'stripe' as const, purchaseKey: J.stripeSubscription, createdAt, observedAt, paymentKey: key });
  // an inquiry on the first invoice, closed without becoming a chargeback
  stripeSub.add('dispute_opened', now - 80 * DAY, { amountMinor: 999, orderId: 'in_DemoJane0000', ledger: demoDispute({ ...janeSub('in_DemoJane0000', now - 80 * DAY), disputeKey: 'dp_DemoJaneInquiry' }, 'warning_needs_response', 999, 'USD', 'general'), detail: { reason: 'general', status: 'warning_needs_response', storeRef: 'dp_DemoJaneInquiry', detectedVia: 'stripe_events', summary: 'Inquiry opened (not a chargeback yet)' } });
  stripeSub.add('dispute_won', now - 70 * DAY, { amountMinor: 999, orderId: 'in_DemoJane0000', ledger: demoDispute({ ...janeSub('in_DemoJane0000', now - 80 * DAY, now - 70 * DAY), disputeKey: 'dp_DemoJaneInquiry' }, 'warning_closed', 999, 'USD', 'general'), detail: { reason: 'general', status: 'warning_closed', storeRef: 'dp_DemoJaneInquiry', detectedVia: 'stripe_events', summary: 'Inquiry closed without a chargeback' } });
  // a refund of the latest invoice that Stripe still holds as pending: not refunded yet
  stripeSub.add('refund', now - DAY, { amountMinor: 300, orderId: 'in_DemoJane0002', ledger: demoRefund({ ...janeSub('in_DemoJane0002', now - DAY), refundKey: 're_DemoJanePending' }, 'pending', 300, 'USD', 'partial', { reason: 'requested_by_customer', detectedVia: 'stripe_events' }), detail: { refundKind: 'partial', status: 'pending', reason: 'requested_by_customer', storeRef: 're_DemoJanePending', detectedVia: 'stripe_events', summary: 'pending at Stripe' } });
  built.push(stripeSub);

  // An Apple consumable with an open consumption request (answer within 12 h), and a refund reversed.
  const C = DEMO_CONSUMPTION;
  const gems = buildPurchase({
    store: 'apple', storeKey: C.appleOriginalTransactionId, productId: 'gems_500', kind: 'consumable', start: now - 5 * DAY, periods: 1,
    priceMinor: 1999, currency: 'USD', raw: true,
    customer: { appUserId: C.appUserId, email: C.email, displayName: 'Gem Buyer', ids: [{ kind: 'apple_original_transaction_id', value: C.appleOriginalTransactionId }] },
  }, now);
  gems.add('consumption_request', now - 3 * 3_600_000, { orderId: C.appleTransactionId, detail: { detectedVia: 'apple_notification_history', reason: 'UNINTENDED_PURCHASE' } });
  built.push(gems);
  const gems2 = buildPurchase({
    store: 'apple', storeKey: '2000000999000222', productId: 'gems_100', kind: 'consumable', start: now - 40 * DAY, periods: 1, priceMinor: 499, currency: 'USD',
    customer: { appUserId: C.appUserId, ids: [] },
  }, now);
  // Apple keys the refund by the refunded transaction; REFUND_REVERSED gives money and access back
  const gemsRefund = (observedAt: number) => ({ store: 'apple' as const, purchaseKey: '2000000999000222', paymentKey: '2000000999000222', refundKey: '2000000999000222', createdAt: now - 35 * DAY, observedAt });
  gems2.add('refund', now - 35 * DAY, { amountMinor: 499, ledger: demoRefund(gemsRefund(now - 35 * DAY), 'succeeded', 499, 'USD', 'full', { revokesAccess: true, detectedVia: 'apple_notification_history' }), detail: { refundKind: 'full', revokesAccess: true, detectedVia: 'apple_notification_history' } });
  gems2.add('refund_reversed', now - 20 * DAY, { amountMinor: 499, ledger: demoRefund(gemsRefund(now - 20 * DAY), 'reversed', 499, 'USD', 'full', { revokesAccess: true, detectedVia: 'apple_notification_history' }), detail: { detectedVia: 'apple_notification_history', summary: 'REFUND_REVERSED' } });
  built.push(gems2);

  // Stripe chargeback: dispute opened, still open.
  const D = DEMO_DISPUTE;
  const disputed = buildPurchase({
    store: 'stripe', storeKey: D.stripePaymentIntent, productId: 'lifetime_unlock', kind: 'one_time', start: now - 20 * DAY, periods: 1, priceMinor: 2999, currency: 'USD',
    customer: { email: D.email, displayName: 'Dana Disputer', ids: [{ kind: 'stripe_customer', value: D.stripeCustomer }] },
    ids: { stripe_payment_intent: D.stripePaymentIntent, stripe_charge: D.stripeCharge }, orderId: () => D.stripeCharge,
  }, now);
  disputed.events[0]!.ledger = demoPayment('stripe', D.stripePaymentIntent, D.stripePaymentIntent, now - 20 * DAY, 2999, 'USD', { charge: D.stripeCharge });
  const dana = { store: 'stripe' as const, purchaseKey: D.stripePaymentIntent, paymentKey: D.stripePaymentIntent, disputeKey: D.disputeId, createdAt: now - 4 * DAY };
  disputed.add('dispute_opened', now - 4 * DAY, { amountMinor: 2999, orderId: D.stripeCharge, ledger: demoDispute(dana, 'needs_response', 2999, 'USD', 'fraudulent'), detail: { reason: 'fraudulent', status: 'needs_response', storeRef: D.disputeId, detectedVia: 'stripe_events' } });
  built.push(disputed);

  // Amazon: cancelled through customer service (RVS cancelDate), stays active to the period's end.
  const A = DEMO_AMAZON;
  const amazon = buildPurchase({
    store: 'amazon', storeKey: A.receiptId, productId: 'pro_monthly', start: now - MONTH + 5 * DAY, periods: 1, priceMinor: 999, currency: 'USD',
    customer: { displayName: 'Amazon Customer', ids: [{ kind: 'amazon_user_id', value: A.amazonUserId }, { kind: 'amazon_receipt_id', value: A.receiptId }] },
  }, now);
  amazon.add('cancellation', now - 2 * DAY, { detail: { reason: 'cancelled by the customer (a refund by Amazon customer service looks the same)', cancelReason: 1, possibleRefund: true, detectedVia: 'amazon_rvs' } });
  built.push(amazon);

  // Google: a Play Console refund (refund only) that Voided Purchases does not list; the
  // Orders API shows it. Plus a chargeback and a quantity refund on another customer.
  const P = DEMO_PLAY_CONSOLE_REFUND;
  const console_ = buildPurchase({
    store: 'google', storeKey: P.googlePurchaseToken, productId: 'pro_monthly', start: now - 2 * MONTH + 3 * DAY, periods: 3, priceMinor: 899, currency: 'EUR',
    customer: { appUserId: 'user_console_refund', displayName: 'Noor Console', ids: [{ kind: 'google_purchase_token', value: P.googlePurchaseToken }] },
    ids: { google_order_id: P.googleOrderId }, orderId: (k) => (k ? `${P.googleOrderId}..${k - 1}` : P.googleOrderId),
  }, now);
  console_.add('refund', now - 6 * DAY, { amountMinor: 899, orderId: `${P.googleOrderId}..0`, detail: { refundKind: 'full', revokesAccess: false, detectedVia: 'google_orders', summary: 'refunded in the Play Console; not in Voided Purchases, found through the Orders API' } });
  built.push(console_);
  const coins = buildPurchase({
    store: 'google', storeKey: 'gplay.coins.DemoToken88', productId: 'coins_x5', kind: 'consumable', start: now - 15 * DAY, periods: 1, priceMinor: 2495, currency: 'EUR',
    customer: { appUserId: 'user_coins_88', displayName: 'Quinn Quantity', ids: [{ kind: 'google_purchase_token', value: 'gplay.coins.DemoToken88' }] },
    orderId: () => 'GPA.3388-0000-0000-00088',
  }, now);
  coins.add('refund', now - 12 * DAY, { amountMinor: 998, orderId: 'GPA.3388-0000-0000-00088', detail: { refundKind: 'partial', quantity: 2, revokesAccess: true, detectedVia: 'google_voided_purchases', summary: 'quantity refund: 2 of 5' } });
  coins.add('dispute_lost', now - 8 * DAY, { amountMinor: 1497, orderId: 'GPA.3388-0000-0000-00088', detail: { reason: 'chargeback', detectedVia: 'google_orders' } });
  built.push(coins);

  return {
    built,
    consumptionRequests: [
      { store: 'apple', storeKey: C.appleOriginalTransactionId, transactionId: C.appleTransactionId, requestedAt: now - 3 * 3_600_000, deadlineAt: now + 9 * 3_600_000 },
    ],
  };
}
