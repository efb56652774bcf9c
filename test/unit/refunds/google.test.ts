// Google Play refunds through the real adapter and the local Android Publisher server,
// which counts the refunds it performs. Google has no idempotency key: exactly-once
// rests on the intent and on orders.get before any retry.
import { describe, expect, it } from 'vitest';
import type { TempDb } from '../../support/db';
import { rejects } from '../../support/deskError';
import type { GoogleTestServer } from '../../servers/google/server';
import { createGoogleAdapter } from '../../../src-main/stores/google/index';
import { DEFAULT_SETTLE_MS } from '../../../src-main/stores/google/refund';
import { AGENT, ctx, DAY, ingestRun, googleAdapter, PACKAGE, purchaseIdOf, purchaseState, refundEvents, refundWorld, service, serviceAccount, startGoogle, type ServiceHarness } from './fixtures';

let server: GoogleTestServer;
let t: TempDb;
let adapter: ReturnType<typeof googleAdapter>;
let h: ServiceHarness;

refundWorld(
  { store: 'google', start: () => startGoogle(), adapter: (s) => googleAdapter(s), clearFaults: (s) => void (s.faults.length = 0) },
  (w) => ({ server, t, adapter, h } = w),
);

async function cache(token: string): Promise<number> {
  await ingestRun(t.db, adapter.refresh!([{ kind: 'google_purchase_token', value: token }], ctx()));
  return purchaseIdOf(t.db, 'google', token);
}

describe('Google Play refunds', () => {
  it('subscription refund and revoke: one revoke call, access ends now, event keyed like Voided Purchases', async () => {
    const { token, orderIds } = server.account.addSubscription({ renewals: 1 });
    const id = await cache(token);
    const preview = await h.service.preview({ purchaseId: id });
    expect(preview.paymentRef).toBe(orderIds[1]);
    expect(preview.amounts.proratedEstimateMinor).toBeGreaterThan(0);
    expect(preview.options.find((o) => o.refundKind === 'prorated')!.effect).toBe('Access ends now; no more renewals');
    const before = server.refundsPerformed;
    const r = await h.service.create({ purchaseId: id, mode: 'refund_and_revoke', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('succeeded');
    expect(server.refundsPerformed - before).toBe(1);
    expect(server.requests.filter((l) => l.includes(':revoke'))).toHaveLength(1);
    expect(purchaseState(t.db, id)).toBe('revoked');
    expect(refundEvents(t.db, id).map((e) => e.dedupe_key)).toEqual([`ledger:refund:google:${orderIds[1]}#refund:succeeded`]);
    // a later sync of the same purchase does not add a second refund
    await cache(token);
    expect(refundEvents(t.db, id)).toHaveLength(1);
  });

  it('refund only of an older renewal: orders.refund revoke=false, access unchanged; revoke of it is off', async () => {
    const { token, orderIds } = server.account.addSubscription({ renewals: 2 });
    const id = await cache(token);
    const preview = await h.service.preview({ purchaseId: id, paymentRef: orderIds[0], mode: 'refund', refundKind: 'full' });
    expect(preview.summary!.effect).toMatch(/^Access unchanged until /);
    const off = preview.options.find((o) => o.mode === 'refund_and_revoke')!;
    expect(off.enabled).toBe(false);
    expect(off.offReason).toMatch(/latest order/);
    const r = await h.service.create({ purchaseId: id, paymentRef: orderIds[0], mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('succeeded');
    expect(server.requests.some((l) => l.includes(`${encodeURIComponent(orderIds[0]!)}:refund?revoke=false`) || l.includes(`${orderIds[0]}:refund?revoke=false`))).toBe(true);
    // issue 12: a refund-only of an older renewal does not mark the current period refunded
    expect(purchaseState(t.db, id)).toBe('active');
  });

  it('one-time consumed item: refund with a warning that the app must take the content back', async () => {
    const { token } = server.account.addOneTime({ consumed: true });
    const id = await cache(token);
    const preview = await h.service.preview({ purchaseId: id });
    expect(preview.options.map((o) => o.mode)).toEqual(['refund_and_revoke', 'refund']);
    expect(preview.options[1]!.warnings.join(' ')).toMatch(/app must take back the content itself/);
  });

  it('a 5xx on the refund leaves it unknown; a click inside the settle window is refused, sending nothing; after it the next click reads the order (not refunded) and refunds once', async () => {
    const { token } = server.account.addOneTime();
    const id = await cache(token);
    // A 5xx does not say whether Google performed the refund, and Google documents no bound on
    // when a sent refund is done: for the adapter's settle window (default 10 minutes) "no refund
    // shown" proves nothing (DESIGN §5.6). On this clock the first click is a minute more than the window ago.
    let shift = -(DEFAULT_SETTLE_MS + 60_000);
    const now = () => Date.now() + shift;
    const s = service(t.db, { google: googleAdapter(server, { now }) }, { now }).service;
    const refunds = () => server.requests.filter((l) => l.includes(':refund')).length;
    const before = server.refundsPerformed;
    server.faults.push({ fault: '500', match: ':refund' });
    const r = await s.create({ purchaseId: id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('unknown');
    expect(r.message).toMatch(/Google Play failed during .*Internal error encountered/);
    const sent = refunds();
    // a minute before the window ends: the order shows no refund, yet nothing is sent again
    shift = -120_000;
    const early = await rejects(s.create({ purchaseId: id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT));
    expect(early.code).toBe('store_unavailable');
    expect(early.message).toMatch(/still unconfirmed .*may still be running inside Google.*not sent again/);
    expect(s.status(r.id).status).toBe('unknown');
    expect(refunds()).toBe(sent);
    shift = 0;
    const again = await s.create({ purchaseId: id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(again.status).toBe('succeeded');
    expect(s.status(r.id).status).toBe('failed');
    expect(s.status(r.id).message).toMatch(/nothing was refunded/);
    expect(refunds()).toBe(sent + 1);
    expect(server.refundsPerformed - before).toBe(1);
  });

  it('an answer lost after Google refunded: unknown, then reconcile (orders.get) says succeeded, no second refund', async () => {
    const { token } = server.account.addOneTime();
    const id = await cache(token);
    const before = server.refundsPerformed;
    server.faults.push({ fault: 'drop_after_refund', match: ':refund' });
    const r = await h.service.create({ purchaseId: id, mode: 'refund_and_revoke', refundKind: 'full', reason: 'fraudulent' }, AGENT);
    expect(r.status).toBe('unknown');
    const [rec] = await h.service.reconcileAll(AGENT);
    expect(rec!.status).toBe('succeeded');
    expect(server.refundsPerformed - before).toBe(1);
    expect(purchaseState(t.db, id)).toBe('revoked');
    const again = await rejects(h.service.create({ purchaseId: id, mode: 'refund', refundKind: 'full', reason: 'fraudulent' }, AGENT));
    expect(again.message).toMatch(/already fully refunded/);
    expect(server.refundsPerformed - before).toBe(1);
  });

  it('an order older than 3 years is refused before any call, with the date', async () => {
    const { token } = server.account.addOneTime({ purchaseTime: Date.now() - 1100 * DAY });
    const id = await cache(token);
    const requests = server.requests.length;
    const err = await rejects(h.service.create({ purchaseId: id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT));
    expect(err.code).toBe('not_allowed_by_store');
    expect(err.message).toMatch(/older than 3 years; order GPA\.\S+ was paid on \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(server.requests.length).toBe(requests);
    const preview = await h.service.preview({ purchaseId: id });
    expect(preview.options.every((o) => !o.enabled && /3 years/.test(o.offReason!))).toBe(true);
  });

  it('partial amounts are not offered by Google', async () => {
    const { token } = server.account.addOneTime();
    const id = await cache(token);
    const err = await rejects(h.service.create({ purchaseId: id, mode: 'refund', refundKind: 'partial', amountMinor: 50, reason: 'duplicate' }, AGENT));
    expect(err.code).toBe('not_allowed_by_store');
  });

  it('a token Google stops accepting before the refund: renewed once, one refund', async () => {
    const { token } = server.account.addOneTime();
    const id = await cache(token);
    const before = server.refundsPerformed;
    const tokens = server.tokensIssued;
    server.revokeAccessTokens();
    const r = await h.service.create({ purchaseId: id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('succeeded');
    expect(server.refundsPerformed - before).toBe(1);
    expect(server.tokensIssued - tokens).toBe(1);
  });

  it('a revoke after a renewal the cache has not seen is refused before anything is sent', async () => {
    const { token, orderIds } = server.account.addSubscription({ renewals: 1, startTime: Date.now() - 1.9 * 30 * DAY });
    const id = await cache(token);
    const renewal = server.account.renew(token, { at: Date.now() });
    const before = server.refundsPerformed;
    const r = await h.service.create({ purchaseId: id, mode: 'refund_and_revoke', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('failed');
    expect(r.message).toContain(`latest order of this subscription is ${renewal}, not ${orderIds[1]}`);
    expect(server.refundsPerformed - before).toBe(0);
    expect(purchaseState(t.db, id)).not.toBe('revoked');
  });
});


describe('Google Play refunds: dated evidence through the service', () => {
  it('a prorated revoke lost on its way, on an order the Play Console had partly refunded: unknown, then "nothing refunded", never "succeeded"', async () => {
    const { token, orderIds } = server.account.addSubscription({ renewals: 0, priceMinor: 1000 });
    server.account.partialRefund(orderIds[0]!, 300, Date.now() - DAY);
    // the adapter as the registry builds it: intent times from the workspace, a short settle window for the test
    const dated = createGoogleAdapter({
      credential: { store: 'google', serviceAccountJson: serviceAccount().json, packageName: PACKAGE },
      endpoint: { rootUrl: server.rootUrl, tokenUrl: server.tokenUrl },
      timeoutMs: 3000,
      settleMs: 300,
    });
    await ingestRun(t.db, dated.refresh([{ kind: 'google_purchase_token', value: token }], ctx()));
    const id = purchaseIdOf(t.db, 'google', token);
    const s = service(t.db, { google: dated }).service;
    const before = server.refundsPerformed;
    server.faults.push({ fault: 'lose', match: ':revoke' });
    const r = await s.create({ purchaseId: id, mode: 'refund_and_revoke', refundKind: 'prorated', reason: 'requested_by_customer' }, AGENT);
    expect(r.status).toBe('unknown');
    expect((await s.reconcile(r.id, AGENT)).status).toBe('unknown');
    await new Promise((ok) => setTimeout(ok, 400));
    const after = await s.reconcile(r.id, AGENT);
    expect(after.status).toBe('failed');
    expect(after.message).toMatch(/nothing was refunded/);
    expect(server.refundsPerformed - before).toBe(0);
    expect(server.account.subscriptions.get(token)!.state).toBe('SUBSCRIPTION_STATE_ACTIVE');
  });
});
