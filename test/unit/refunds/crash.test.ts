// kill -9 of a real child process while it refunds, at random points, then a "restart"
// (reconcileAll over the same workspace file): exactly one refund at Stripe, and every
// intent's final status is what Stripe did. The Stripe server holds each refund request
// for a random time while it executes it (as Stripe does; the refund exists only at the
// end), so many kills land while Stripe still runs the request, when "no refund listed"
// proves nothing (issue 13). Three lanes run at once, each with its own workspace file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseKey } from '../../../src-main/refunds/intents';
import { tempDb, type TempDb } from '../../support/db';
import { runRefundChild } from '../../support/killChild';
import { createCustomer, createPayment, startStripeServer, type StripeTestServer } from '../../servers/stripe';
import { ctx, ingestRun, purchaseIdOf, service, settleAfterRestart, stripeAdapter } from './fixtures';

const LANES = 3;
const RUNS_PER_LANE = 11;

let server: StripeTestServer;
const dbs: TempDb[] = [];
beforeAll(async () => {
  server = await startStripeServer();
  // Stripe holds the request 0-400 ms while it executes it.
  server.setHold(() => Math.floor(Math.random() * 400));
});
afterAll(async () => {
  await server.close();
  for (const t of dbs) t.close();
});

type Stage = 'finished' | 'killed before sending' | 'killed while Stripe held the request' | 'killed after Stripe answered';

async function runChild(file: string, purchaseId: number, key: string, killAfterMs: number): Promise<Stage> {
  let stage: Stage = 'finished';
  const args = [file, String(purchaseId), 'stripe', server.host, String(server.port), server.keys.secret];
  await runRefundChild(args, killAfterMs, () => {
    const posts = server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds' && q.idempotencyKey === key);
    stage = posts.length === 0 ? 'killed before sending' : posts.some((q) => q.status === 0) ? 'killed while Stripe held the request' : 'killed after Stripe answered';
  });
  return stage;
}

async function lane(n: number, outcomes: Record<string, number>, untrue: string[]): Promise<void> {
  const t = tempDb();
  dbs.push(t);
  const adapter = stripeAdapter(server);
  const cus = createCustomer(server.account, { email: `crash${n}@example.com` });
  const pays = Array.from({ length: RUNS_PER_LANE }, (_, i) => createPayment(server.account, { customer: cus.id, amount: 1000 + n * 100 + i }));
  await ingestRun(t.db, adapter.sync(null, ctx()));
  for (let i = 0; i < RUNS_PER_LANE; i++) {
    const { paymentIntent } = pays[i]!;
    const pi = paymentIntent.id;
    const purchaseId = purchaseIdOf(t.db, 'stripe', pi);
    // tsx needs ~0.3-1 s to load the service before "ready"; the store call follows within ms
    const key = baseKey('stripe', pi, paymentIntent.amount as number);
    const stage = await runChild(t.file, purchaseId, key, Math.floor(Math.random() * 700));

    // restart: a new service over the same file settles what the dead process left (Stripe answers 409 while it still runs the request)
    const intents = await settleAfterRestart(service(t.db, { stripe: adapter }), { paymentRef: pi, purchaseId, label: `lane ${n} run ${i}` }, { deadlineMs: 4000, pollMs: 100 });
    const refunds = server.account.refunds.items.filter((r) => r.payment_intent === pi);
    expect(refunds, `lane ${n} run ${i} (${stage})`).toHaveLength(1);
    // the final statuses are what Stripe did: the one succeeded intent names the refund, and the refund names it
    const ok = intents.filter((x) => x.status === 'succeeded');
    if (ok.length !== 1 || ok[0]!.storeRef !== refunds[0]!.id || (refunds[0]!.metadata as Record<string, string>).refund_desk_intent !== ok[0]!.id) {
      untrue.push(`lane ${n} run ${i} (${stage}): ${JSON.stringify(intents.map((x) => [x.status, x.storeRef]))}`);
    }
    // every attempt, from the dead child and from the restart, sent the same bytes under the key
    const bodies = new Set(server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/refunds' && q.idempotencyKey === key).map((q) => q.bodyHash));
    expect(bodies.size, `lane ${n} run ${i}`).toBeLessThanOrEqual(1);
    outcomes[stage] = (outcomes[stage] ?? 0) + 1;
  }
}

describe('kill -9 during a refund, then restart', () => {
  it(`${LANES * RUNS_PER_LANE} runs with the kill at random points, also while Stripe holds the request: one refund each, true final statuses`, async () => {
    const outcomes: Record<string, number> = {};
    const untrue: string[] = [];
    const started = Date.now();
    await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n, outcomes, untrue)));
    const elapsed = Date.now() - started;
    const doubles = server.account.refunds.items.length - LANES * RUNS_PER_LANE;
    console.log(`kill -9 runs: ${LANES * RUNS_PER_LANE}, doubles ${doubles}, untrue final statuses ${untrue.length}; ${JSON.stringify(outcomes)} in ${elapsed} ms`);
    expect(untrue).toEqual([]);
    expect(doubles).toBe(0);
    // the random points must have covered the window that matters
    expect(outcomes['killed while Stripe held the request'] ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
