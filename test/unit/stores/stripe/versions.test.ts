// Real accounts run on older default API versions, and Stripe renders each event in the
// version of its creation. The same story (subscription, renewal, refund of the renewal,
// dispute, one-off payment with a refund that later fails) replayed in a pre-acacia, a
// pre-basil and the pinned version, through the SDK → engine → SQLite: everything lands
// on the right purchase under the right payment ID.
import { describe, expect, it } from 'vitest';
import {
  createCustomer,
  createPayment,
  createSubscription,
  failRefund,
  openDispute,
  refundCharge,
  renewSubscription,
  type Obj,
} from '../../../servers/stripe';
import { ACACIA_VERSION, OLD_VERSION } from '../../../servers/stripe/versions';
import { API_VERSION } from '../../../servers/stripe/state';
import { ACCOUNT, events, harness } from './harness';
import { AGENT, purchaseIdOf, service } from '../../refunds/fixtures';
import { refundedMinor } from '../../../../src-main/db/ledger';
import { eventRecords, purchases as stripePurchases } from '../../../support/read';

const piOf = (inv: Obj) => (inv.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;

describe.each([OLD_VERSION, ACACIA_VERSION, API_VERSION])('events rendered in API version %s', (version) => {
  it('renewals, refunds and disputes land on the subscription under the payment ID; one-offs on their own', async () => {
    const h = await harness();
    try {
      const cus = createCustomer(h.server.account, { email: 'old@example.com', metadata: { app_user_id: 'user_old' } });
      expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull(); // backfill: only the customer
      h.server.account.apiVersion = version;
      const { subscription, invoice: first } = createSubscription(h.server.account, { customer: cus.id, amount: 999 });
      const renewal = renewSubscription(h.server.account, subscription.id);
      const third = renewSubscription(h.server.account, subscription.id);
      const refund = refundCharge(h.server.account, { paymentIntent: piOf(renewal), amount: 300 }) as Obj;
      const dispute = openDispute(h.server.account, h.server.account.paymentIntents.get(piOf(third))!.latest_charge as string);
      const { paymentIntent: one } = createPayment(h.server.account, { customer: cus.id, amount: 4999, description: 'Lifetime' });
      const oneRefund = refundCharge(h.server.account, { paymentIntent: one.id }) as Obj;
      failRefund(h.server.account, oneRefund.id);
      const s = await h.engine.sync(ACCOUNT);
      expect(s.lastError).toBeNull();

      const purchases = stripePurchases(h.t.db, 'stripe');
      // no phantom one-time purchase for a subscription's payments
      expect(purchases.map((p) => [p.store_key, p.kind])).toEqual([
        [subscription.id, 'subscription'],
        [one.id, 'one_time'],
      ]);
      expect(purchases[0]!.expires_at).toBe(((subscription.items as { data: { current_period_end: number }[] }).data[0]!.current_period_end) * 1000);

      // the ledger keys a payment event by its PaymentIntent (DESIGN §3), so each renewal's own payment
      const renewals = events(h.t, 'renewal');
      expect(renewals.map((r) => [r.store_key, r.dedupe_key])).toEqual([
        [subscription.id, `ledger:payment:stripe:${piOf(renewal)}:paid`],
        [subscription.id, `ledger:payment:stripe:${piOf(third)}:paid`],
      ]);
      const orderIds = eventRecords(h.t.db, { types: ['purchase', 'renewal'] }).sort((a, b) => a.occurred_at - b.occurred_at || a.id - b.id);
      expect(orderIds.map((r) => r.order_id)).toEqual([piOf(first), piOf(renewal), piOf(third), one.id]);

      // The timeline tells each status the ledger learned, once. Before acacia no refund.created
      // is sent (versions.ts): the one-off's refund is first read through charge.refunded, which
      // lists the charge's refunds as they are now, already failed, so only its failure is told.
      const learnedSucceeded = version === OLD_VERSION ? [] : [[one.id, `ledger:refund:stripe:${oneRefund.id}:succeeded`, 4999]];
      const refunds = events(h.t, 'refund');
      expect(refunds.map((r) => [r.store_key, r.dedupe_key, r.amount_minor])).toEqual([
        [subscription.id, `ledger:refund:stripe:${refund.id}:succeeded`, 300],
        ...learnedSucceeded,
      ]);
      expect(events(h.t, 'refund_failed').map((r) => [r.store_key, r.dedupe_key, r.amount_minor])).toEqual([
        [one.id, `ledger:refund:stripe:${oneRefund.id}:failed`, 4999],
      ]);
      // money: the renewal's partial refund counts, the failed one does not
      expect(refundedMinor(h.t.db, { store: 'stripe', paymentKey: piOf(renewal), amountMinor: 999 })).toBe(300);
      expect(refundedMinor(h.t.db, { store: 'stripe', paymentKey: one.id, amountMinor: 4999 })).toBe(0);
      expect(events(h.t, 'dispute_opened').map((r) => [r.store_key, r.detail.storeRef])).toEqual([[subscription.id, dispute.id]]);
    } finally {
      await h.close();
    }
  });
});

describe('a renewal learned only through invoice.paid', () => {
  it.each([OLD_VERSION, API_VERSION])('(%s) is refunded from the console under its payment intent, and Stripe accepts it', async (version) => {
    const h = await harness();
    try {
      const cus = createCustomer(h.server.account, { email: 'renewal@example.com' });
      expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
      h.server.account.apiVersion = version;
      const { subscription } = createSubscription(h.server.account, { customer: cus.id, amount: 1299 });
      const renewal = renewSubscription(h.server.account, subscription.id);
      expect((await h.engine.sync(ACCOUNT)).lastError).toBeNull();
      const purchaseId = purchaseIdOf(h.t.db, 'stripe', subscription.id);
      const desk = service(h.t.db, { stripe: h.adapter });
      const preview = await desk.service.preview({ purchaseId });
      expect(preview.paymentRef).toBe(piOf(renewal));
      const r = await desk.service.create({ purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
      expect(r.status, r.message ?? '').toBe('succeeded');
      expect(h.server.account.refunds.get(r.storeRef!)!.payment_intent).toBe(piOf(renewal));
    } finally {
      await h.close();
    }
  });
});
