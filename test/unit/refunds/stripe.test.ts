// Stripe refunds through the real adapter and the local Stripe server, which counts the
// refunds it really creates: double click, concurrent creates, retries, lost answers,
// Stripe's refusals, and the two steps of "refund and revoke access".
import { describe, expect, it } from 'vitest';
import type { TempDb } from '../../support/db';
import { rejects } from '../../support/deskError';
import { createCustomer, createPayment, createSubscription, openDispute, renewSubscription, refundCharge, type StripeTestServer } from '../../servers/stripe';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { refundedMinor } from '../../../src-main/db/ledger';
import type { DeskError } from '../../../src-main/ipc/define';
import { AGENT, AGENT2, ctx, ingestRun, purchaseIdOf, purchaseState, refundEvents, stripeRefundWorld, service, stripeAdapter, stripeRefunds, type ServiceHarness } from './fixtures';
import { auditRecords } from '../../support/read';
import { getIntent, listIntents } from '../../../src-main/refunds/intents';

let server: StripeTestServer;
let t: TempDb;
let adapter: StoreAdapter;
let h: ServiceHarness;

stripeRefundWorld((w) => ({ server, t, adapter, h } = w));

async function payment(amount = 2000): Promise<{ pi: string; charge: string; purchaseId: number }> {
  const cus = createCustomer(server.account, { email: `c${Math.random()}@example.com` });
  const { paymentIntent, charge } = createPayment(server.account, { customer: cus.id, amount, description: 'Lifetime pack' });
  await ingestRun(t.db, adapter.sync(null, ctx()));
  return { pi: paymentIntent.id, charge: charge.id, purchaseId: purchaseIdOf(t.db, 'stripe', paymentIntent.id) };
}

const posts0 = (intentId: string): string =>
  getIntent(t.db, intentId)!.idemKey;

const MONTH = 30 * 86400;
const full = (purchaseId: number) => ({ purchaseId, mode: 'refund' as const, refundKind: 'full' as const, reason: 'requested_by_customer' as const });

describe('Stripe refunds, exactly once', () => {
  it('full refund: intent succeeded, refund event keyed by the re_ id, entitlement at once, audit', async () => {
    const p = await payment(2500);
    const before = stripeRefunds(server);
    const r = await h.service.create({ ...full(p.purchaseId), note: 'app crashed on launch' }, AGENT);
    expect(r.status).toBe('succeeded');
    expect(r.storeRef).toMatch(/^re_/);
    expect(stripeRefunds(server) - before).toBe(1);
    const refund = server.account.refunds.get(r.storeRef!)!;
    expect(refund.metadata).toMatchObject({ refund_desk_intent: r.id });
    const post = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds').at(-1)!;
    expect(post.idempotencyKey).toMatch(/^rd_[0-9a-f]{40}$/);
    const evs = refundEvents(t.db, p.purchaseId);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ dedupe_key: `ledger:refund:stripe:${r.storeRef}:succeeded`, amount_minor: 2500, source: 'console' });
    expect(purchaseState(t.db, p.purchaseId)).toBe('refunded_active');
    const audit = auditRecords(t.db).filter((a) => a.target === `stripe:${p.pi}`);
    expect(audit.map(({ action, result, os_user, agent_name }) => ({ action, result, os_user, agent_name }))).toEqual([
      { action: 'refund.requested', result: 'ok', os_user: 'jdoe', agent_name: 'Jane' },
      { action: 'refund.succeeded', result: 'ok', os_user: 'jdoe', agent_name: 'Jane' },
    ]);
    expect(h.emitted.map((e) => (e.payload as { status: string }).status)).toEqual(['pending', 'sent', 'succeeded']);

    // a later sync sees the same refund through the Events API: still one refund event
    await ingestRun(t.db, adapter.sync(null, ctx()));
    expect(refundEvents(t.db, p.purchaseId)).toHaveLength(1);
    // and counted once: the intent names the re_ row, which counts (not zero, not twice)
    expect(refundedMinor(t.db, { store: 'stripe', paymentKey: p.pi, amountMinor: 2500 })).toBe(2500);
  });

  it('a double click gives one refund at Stripe and a conflict in words', async () => {
    const p = await payment();
    const before = stripeRefunds(server);
    const first = h.service.create(full(p.purchaseId), AGENT);
    const second = h.service.create(full(p.purchaseId), AGENT);
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    const err = (b as PromiseRejectedResult).reason as DeskError;
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/already|in progress|just started/);
    expect(stripeRefunds(server) - before).toBe(1);
    // and a click after it finished is refused by the policy: nothing remains
    const again = await rejects(h.service.create(full(p.purchaseId), AGENT));
    expect(again.message).toMatch(/already fully refunded/);
    expect(stripeRefunds(server) - before).toBe(1);
  });

  it('two windows (two services over the same file) creating at once give one refund', async () => {
    const p = await payment();
    const before = stripeRefunds(server);
    const other = service(t.db, { stripe: stripeAdapter(server) });
    const results = await Promise.allSettled([h.service.create(full(p.purchaseId), AGENT), other.service.create(full(p.purchaseId), AGENT2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as DeskError).code).toBe('conflict');
    expect(stripeRefunds(server) - before).toBe(1);
    expect(listIntents(t.db, { paymentRef: p.pi })).toHaveLength(1);
  });

  it('a 500 is retried by the SDK under the same Idempotency-Key: one refund', async () => {
    const p = await payment();
    const before = stripeRefunds(server);
    server.addFault({ fault: { kind: 'server_error' }, method: 'POST', path: '/v1/refunds', times: 1 });
    const r = await h.service.create(full(p.purchaseId), AGENT);
    expect(r.status).toBe('succeeded');
    const posts = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds').slice(-2);
    expect(posts.map((q) => q.status)).toEqual([500, 200]);
    expect(new Set(posts.map((q) => q.idempotencyKey)).size).toBe(1);
    expect(stripeRefunds(server) - before).toBe(1);
  });

  it('500s past the SDK retries leave it unknown; the next click settles it by re-sending the same request: one refund', async () => {
    const p = await payment();
    const before = stripeRefunds(server);
    server.addFault({ fault: { kind: 'server_error' }, method: 'POST', path: '/v1/refunds', times: 3 });
    const r = await h.service.create(full(p.purchaseId), AGENT);
    expect(r.status).toBe('unknown');
    expect(r.message).toMatch(/did not give an answer/);
    // 500s save nothing at Stripe: the identical request then runs once
    const again = await rejects(h.service.create(full(p.purchaseId), AGENT));
    expect(again.message).toMatch(/already fully refunded/);
    expect(h.service.status(r.id).status).toBe('succeeded');
    const posts = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds');
    expect(new Set(posts.slice(-4).map((q) => q.idempotencyKey)).size).toBe(1);
    expect(stripeRefunds(server) - before).toBe(1);
  });

  it('a response lost after Stripe refunded gives unknown; reconcile re-sends the identical request, Stripe replays it: no second refund', async () => {
    const p = await payment(1500);
    const before = stripeRefunds(server);
    const noRetry = h;
    // every attempt of the SDK (it re-sends the same Idempotency-Key) loses its answer
    server.addFault({ fault: { kind: 'drop_after' }, method: 'POST', path: '/v1/refunds', times: 10 });
    const r = await noRetry.service.create(full(p.purchaseId), AGENT);
    server.clearFaults();
    expect(r.status).toBe('unknown');
    const posts = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds' && q.idempotencyKey === posts0(r.id));
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((q) => q.status === 'dropped')).toBe(true);
    expect(stripeRefunds(server) - before).toBe(1);
    expect(refundEvents(t.db, p.purchaseId)).toHaveLength(0);
    const rec = await noRetry.service.reconcile(r.id, AGENT);
    expect(rec.status).toBe('succeeded');
    expect(rec.storeRef).toMatch(/^re_/);
    expect(rec.steps.at(-1)).toMatch(/confirmed by the store on reconcile/);
    expect(refundEvents(t.db, p.purchaseId)).toHaveLength(1);
    // a new click reads the timeline: nothing remains, nothing is sent
    const again = await rejects(noRetry.service.create(full(p.purchaseId), AGENT));
    expect(again.message).toMatch(/already fully refunded/);
    expect(stripeRefunds(server) - before).toBe(1);
    expect(purchaseState(t.db, p.purchaseId)).toBe('refunded_active');
  });

  it('a new click on an unknown intent settles it first: the identical request, replayed by Stripe', async () => {
    const p = await payment(1500);
    const before = stripeRefunds(server);
    server.addFault({ fault: { kind: 'drop_after' }, method: 'POST', path: '/v1/refunds', times: 10 });
    const r = await h.service.create(full(p.purchaseId), AGENT);
    server.clearFaults();
    expect(r.status).toBe('unknown');
    const posts = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds').length;
    const again = await rejects(h.service.create(full(p.purchaseId), AGENT2));
    expect(again.message).toMatch(/already fully refunded/);
    expect(h.service.status(r.id).status).toBe('succeeded');
    const resent = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds').slice(posts);
    expect(resent.map((q) => [q.idempotencyKey, q.status])).toEqual([[posts0(r.id), 200]]);
    // every attempt of the intent, the SDK's and the settle's, sent the same bytes
    const attempts = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds' && q.idempotencyKey === posts0(r.id));
    expect(attempts.length).toBeGreaterThan(2);
    expect(new Set(attempts.map((q) => q.bodyHash)).size).toBe(1);
    expect(stripeRefunds(server) - before).toBe(1);
  });

  it('partial refunds up to what remains; more than that is refused before any call', async () => {
    const p = await payment(3000);
    const before = stripeRefunds(server);
    const r1 = await h.service.create({ ...full(p.purchaseId), refundKind: 'partial', amountMinor: 1000, reason: 'duplicate' }, AGENT);
    expect(r1.status).toBe('succeeded');
    expect(server.account.refunds.get(r1.storeRef!)).toMatchObject({ amount: 1000, reason: 'duplicate' });
    const requests = server.requests.length;
    const err = await rejects(h.service.create({ ...full(p.purchaseId), refundKind: 'partial', amountMinor: 2500 }, AGENT));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('more than what remains refundable');
    expect(err.message).toContain('20.00 USD');
    expect(server.requests.length).toBe(requests);
    // the same partial amount again is refused in words until the agent confirms a second refund
    const repeat = await rejects(h.service.create({ ...full(p.purchaseId), refundKind: 'partial', amountMinor: 1000 }, AGENT2));
    expect(repeat.code).toBe('conflict');
    expect(repeat.message).toMatch(/^Jane \(jdoe\) already refunded 10\.00 USD of pi_\w+ on .* UTC \(re_\w+\)\. Nothing was sent\. To refund the same amount again, confirm a second refund\.$/);
    expect(server.requests.length).toBe(requests);
    // the preview flags the same repeat as data, so the dialog can ask first; another amount is no repeat
    const ask = (amountMinor: number) => h.service.preview({ purchaseId: p.purchaseId, mode: 'refund', refundKind: 'partial', amountMinor });
    expect((await ask(1000)).summary?.repeatOf).toMatchObject({ intentId: r1.id, amountMinor: 1000, currency: 'USD', storeRef: r1.storeRef, agent: { osUser: 'jdoe' } });
    expect((await ask(500)).summary?.repeatOf).toBeNull();
    const r2 = await h.service.create({ ...full(p.purchaseId), refundKind: 'partial', amountMinor: 1000, allowRepeat: true }, AGENT);
    expect(r2.status).toBe('succeeded');
    expect(r2.storeRef).not.toBe(r1.storeRef);
    expect(stripeRefunds(server) - before).toBe(2);
    const preview = await h.service.preview({ purchaseId: p.purchaseId });
    expect(preview.amounts).toMatchObject({ paidMinor: 3000, refundedMinor: 2000, remainingMinor: 1000 });
  });

  it('charge_already_refunded (refunded in the Dashboard, not yet synced): failed with Stripe\u2019s words', async () => {
    const p = await payment();
    refundCharge(server.account, { charge: p.charge });
    const before = stripeRefunds(server);
    const r = await h.service.create(full(p.purchaseId), AGENT);
    expect(r.status).toBe('failed');
    expect(r.message).toBe(`Charge ${p.charge} has already been refunded.`);
    expect(stripeRefunds(server)).toBe(before);
    expect(JSON.parse(auditRecords(t.db, 'refund.failed').at(-1)!.detail!)).toMatchObject({ code: 'charge_already_refunded' });
    // after a sync the console knows: the option is off with a reason
    await ingestRun(t.db, adapter.sync(null, ctx()));
    const preview = await h.service.preview({ purchaseId: p.purchaseId });
    expect(preview.options.every((o) => !o.enabled)).toBe(true);
    expect(preview.options[0]!.offReason).toMatch(/already fully refunded/);
  });

  it('a disputed charge: refused before any call once the dispute is synced; refused after re-reading the payment otherwise', async () => {
    const p = await payment();
    openDispute(server.account, p.charge);
    const before = stripeRefunds(server);
    const r = await h.service.create(full(p.purchaseId), AGENT);
    expect(r.status).toBe('failed');
    // the payment is read again before sending (DESIGN §5.8): not sent at all
    expect(r.message).toMatch(/^Not sent: .*a dispute is open at Stripe/);
    expect(server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds' && q.idempotencyKey === posts0(r.id))).toHaveLength(0);
    await ingestRun(t.db, adapter.sync(null, ctx()));
    const requests = server.requests.length;
    const err = await rejects(h.service.create(full(p.purchaseId), AGENT));
    expect(err.code).toBe('not_allowed_by_store');
    expect(err.message).toMatch(/under dispute/);
    expect(server.requests.length).toBe(requests);
    expect(stripeRefunds(server)).toBe(before);
  });

  it('offline and not configured are refused before any intent', async () => {
    const p = await payment();
    h.online.value = false;
    expect((await rejects(h.service.create(full(p.purchaseId), AGENT))).code).toBe('offline');
    const none = service(t.db, {});
    expect((await rejects(none.service.create(full(p.purchaseId), AGENT))).code).toBe('not_configured');
    expect(listIntents(t.db)).toHaveLength(0);
    expect(auditRecords(t.db, 'refund.refused')).toHaveLength(2);
  });
});

describe('Stripe subscription', () => {
  async function subscription(): Promise<{ sub: string; pi: string; purchaseId: number }> {
    const cus = createCustomer(server.account, { email: `s${Math.random()}@example.com` });
    // Stripe bills a renewal at the end of the period: the subscription began a month ago and
    // its renewal is paid now, after the first invoice (the server would otherwise pay both in one second)
    server.account.clockOffset -= MONTH;
    const { subscription } = createSubscription(server.account, { customer: cus.id, amount: 999 });
    server.account.clockOffset += MONTH;
    const inv = renewSubscription(server.account, subscription.id);
    await ingestRun(t.db, adapter.sync(null, ctx()));
    const pi = (inv.payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent;
    return { sub: subscription.id, pi, purchaseId: purchaseIdOf(t.db, 'stripe', subscription.id) };
  }

  it('"refund" keeps the subscription; "refund and revoke access" cancels now, then refunds the latest invoice', async () => {
    const s = await subscription();
    const preview = await h.service.preview({ purchaseId: s.purchaseId, mode: 'refund', refundKind: 'full' });
    expect(preview.paymentRef).toBe(s.pi);
    expect(preview.summary!.effect).toMatch(/^Access unchanged until \d{1,2} [A-Z][a-z]{2} \d{4}; renewals continue$/);
    const revoke = preview.options.find((o) => o.mode === 'refund_and_revoke' && o.refundKind === 'full')!;
    expect(revoke.effect).toBe('Access ends now; no more renewals');

    const before = stripeRefunds(server);
    const r = await h.service.create({ purchaseId: s.purchaseId, mode: 'refund_and_revoke', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('succeeded');
    expect(server.account.subscriptions.get(s.sub)!.status).toBe('canceled');
    expect(server.account.refunds.get(r.storeRef!)!.payment_intent).toBe(s.pi);
    expect(stripeRefunds(server) - before).toBe(1);
    expect(r.steps.join(' | ')).toMatch(/cancelled now.*Refunded/);
    expect(purchaseState(t.db, s.purchaseId)).toBe('revoked');
  });

  it('cancelled but the refund refused: says exactly what happened, and Refund finishes it once', async () => {
    const s = await subscription();
    // refunded in part in the Dashboard, not yet synced: Stripe refuses the full amount of step two
    refundCharge(server.account, { paymentIntent: s.pi, amount: 500 });
    const before = stripeRefunds(server);
    const r = await h.service.create({ purchaseId: s.purchaseId, mode: 'refund_and_revoke', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/greater than unrefunded amount/);
    expect(server.account.subscriptions.get(s.sub)!.status).toBe('canceled');
    expect(r.finish).toMatch(/^Subscription cancelled; refund not sent\. Press Refund to finish/);
    expect(r.steps).toContain('Access ended; the refund was not sent');
    expect(purchaseState(t.db, s.purchaseId)).toBe('revoked');
    expect(stripeRefunds(server)).toBe(before);

    await ingestRun(t.db, adapter.sync(null, ctx()));
    const done = await h.service.create({ purchaseId: s.purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(done.status).toBe('succeeded');
    expect(done.amountMinor).toBe(499);
    expect(stripeRefunds(server) - before).toBe(1);
    expect(server.account.subscriptions.get(s.sub)!.status).toBe('canceled');
  });
});
