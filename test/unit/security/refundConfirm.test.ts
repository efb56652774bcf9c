// Main's own confirmation of money (issue 18): through refunds:create (dispatch, the one
// IPC wrapper), the real Stripe adapter and the local Stripe server. The agent's answer is
// injected where the app shows a native dialog (src-main/shell/dialogs.ts createConfirmDialog).
import { describe, expect, it, vi } from 'vitest';
import { createCustomer, createPayment, createSubscription, renewSubscription, startStripeServer, type StripeTestServer } from '../../servers/stripe';
import type { TempDb } from '../../support/db';
import { createConfirmDialog } from '../../../src-main/shell/dialogs';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { dispatch } from '../../../src-main/ipc/handle';
import type { RefundConfirmation } from '../../../src-main/refunds/confirm';
import { createRefundHandlers } from '../../../src-main/refunds/handlers';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { AGENT, ctx, drain, purchaseIdOf, refundWorld, stripeAdapter, stripeRefunds, type ServiceHarness } from '../refunds/fixtures';

let server: StripeTestServer;
let t: TempDb;
let adapter: StoreAdapter;
let h: ServiceHarness;
refundWorld(
  { store: 'stripe', start: () => startStripeServer(), adapter: (s) => stripeAdapter(s), clearFaults: (s) => s.clearFaults() },
  (w) => ({ server, t, adapter, h } = w),
);
const context: HandlerContext = { agent: AGENT, emit: () => {} };

async function payment(amount: number, name = 'Ada Lovelace'): Promise<{ pi: string; purchaseId: number }> {
  const cus = createCustomer(server.account, { email: `ada${Math.random()}@example.com`, name });
  const { paymentIntent } = createPayment(server.account, { customer: cus.id, amount, currency: 'eur', description: 'Lifetime pack' });
  await drain(t.db, adapter.sync(null, ctx()));
  return { pi: paymentIntent.id, purchaseId: purchaseIdOf(t.db, 'stripe', paymentIntent.id) };
}

async function subscription(): Promise<{ pi: string; purchaseId: number }> {
  const cus = createCustomer(server.account, { email: `sub${Math.random()}@example.com`, name: 'Grace Hopper' });
  const { subscription: sub } = createSubscription(server.account, { customer: cus.id, amount: 999, currency: 'eur' });
  const inv = renewSubscription(server.account, sub.id);
  await drain(t.db, adapter.sync(null, ctx()));
  const pi = (inv.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
  return { pi, purchaseId: purchaseIdOf(t.db, 'stripe', sub.id) };
}

function handlersAnswering(answer: boolean) {
  const asked: RefundConfirmation[] = [];
  const handlers = createRefundHandlers(h.service, { db: t.db, confirm: async (c) => (asked.push(c), answer) });
  const create = (req: object) => dispatch('refunds:create', handlers['refunds:create'], req, context);
  return { asked, create };
}

const counts = () => ({
  intents: (t.db.prepare('SELECT COUNT(*) AS n FROM refund_intents').get() as { n: number }).n,
  refused: (t.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'refund.notConfirmed' AND result = 'refused'").get() as { n: number }).n,
});

describe('refunds are confirmed in main', () => {
  it('the dialog states customer, payment, amount with currency and the effect on access; yes refunds once', async () => {
    const p = await payment(2500);
    const { asked, create } = handlersAnswering(true);
    const before = stripeRefunds(server);
    const r = await create({ purchaseId: p.purchaseId, mode: 'refund', refundKind: 'partial', amountMinor: 1250, reason: 'requested_by_customer' });
    expect(r).toMatchObject({ ok: true, value: { status: 'succeeded', amountMinor: 1250, currency: 'EUR' } });
    expect(stripeRefunds(server) - before).toBe(1);
    expect(asked).toHaveLength(1);
    const c = asked[0]!;
    expect(c.message).toMatch(/^Refund 12\.50 EUR to /);
    expect(c.detail).toMatch(/^Customer: .*ada[\d.]+@example\.com/m);
    expect(c.detail).toContain(`Payment: ${p.pi} (Stripe`);
    expect(c.detail).toMatch(/25\.00 EUR paid on \d{4}-\d{2}-\d{2}/);
    expect(c.detail).toMatch(/^Amount: 12\.50 EUR$/m);
    expect(c.detail).toMatch(/^Access: \S/m);
    expect(c.confirmLabel).toBe('Refund 12.50 EUR');
  });

  it('no (refund and revoke): not_confirmed, nothing written but an audit entry, nothing sent to the store', async () => {
    const p = await subscription();
    const { asked, create } = handlersAnswering(false);
    const before = { stripe: stripeRefunds(server), ...counts() };
    const r = await create({ purchaseId: p.purchaseId, mode: 'refund_and_revoke', refundKind: 'full', reason: 'fraudulent' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_confirmed', message: expect.stringMatching(/not confirmed\. Nothing was sent/) } });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toMatch(/^Refund and revoke 9\.99 EUR to Grace Hopper/);
    expect(asked[0]!.detail).toMatch(/^Access: Access ends now; no more renewals$/m);
    expect(server.account.subscriptions.get((t.db.prepare('SELECT store_key FROM purchases WHERE id = ?').get(p.purchaseId) as { store_key: string }).store_key)).toMatchObject({ status: 'active' });
    expect(stripeRefunds(server)).toBe(before.stripe);
    expect(counts()).toEqual({ intents: before.intents, refused: before.refused + 1 });
    const row = t.db.prepare("SELECT target, detail FROM audit_log WHERE action = 'refund.notConfirmed'").get() as { target: string; detail: string };
    expect(row.target).toBe(`stripe:${p.pi}`);
    expect(JSON.parse(row.detail)).toMatchObject({ amountMinor: 999, currency: 'EUR', mode: 'refund_and_revoke' });
  });

  it('a refund the policy refuses gets its own reason, without a dialog', async () => {
    const p = await payment(500);
    const { asked, create } = handlersAnswering(true);
    const r = await create({ purchaseId: p.purchaseId, mode: 'refund', refundKind: 'partial', amountMinor: 50_000, reason: 'duplicate' });
    expect(r.ok).toBe(false);
    expect(asked).toEqual([]);
    expect(counts().intents).toBe(0);
  });

  it('bidi and control characters in store data cannot reorder or break the dialog', async () => {
    const p = await payment(700, 'Eve \u202Egnp.exe\u202C\nAmount: 0.01 EUR');
    const { asked, create } = handlersAnswering(false);
    await create({ purchaseId: p.purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' });
    const text = `${asked[0]!.message}\n${asked[0]!.detail}`;
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text.match(/^Amount:/gm)).toHaveLength(1);
  });

  it('the native dialog: Cancel is the default and the Escape answer, only the refund button says yes', async () => {
    const showMessageBox = vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false }));
    const confirm = createConfirmDialog({ showMessageBox } as never, () => null);
    const c: RefundConfirmation = { title: 'Confirm refund', message: 'Refund 1.00 EUR to A?', detail: 'd', confirmLabel: 'Refund 1.00 EUR' };
    expect(await confirm(c)).toBe(false);
    expect(showMessageBox.mock.calls[0]![0]).toMatchObject({ buttons: ['Cancel', 'Refund 1.00 EUR'], defaultId: 0, cancelId: 0, message: c.message, detail: 'd' });
    showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await confirm(c)).toBe(true);
  });
});
