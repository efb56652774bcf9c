// kill -9 of a real child process while it refunds, at random points, then a "restart"
// (reconcileAll over the same workspace file): exactly one refund at Stripe, and no
// intent left open. A delaying TCP proxy between the child and the Stripe server holds
// each answer back for a random time, so many kills land after Stripe refunded and
// before the child heard about it.
import { spawn } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../../support/db';
import { createCustomer, createPayment, startStripeServer, type StripeTestServer } from '../../servers/stripe';
import { ctx, drain, purchaseIdOf, service, stripeAdapter, AGENT } from './fixtures';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(ROOT, 'test/support/refundChild.ts');
const RUNS = 20;

function delayingProxy(target: { host: string; port: number }): Promise<{ port: number; delayMs: { value: number }; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const delayMs = { value: 0 };
  const server: Server = createServer((client) => {
    const up = createConnection(target.port, target.host);
    sockets.add(client).add(up);
    client.on('data', (d) => up.write(d));
    up.on('data', (d) => {
      const wait = delayMs.value;
      setTimeout(() => client.destroyed || client.write(d), wait);
    });
    const end = () => {
      client.destroy();
      up.destroy();
    };
    client.on('close', end).on('error', end);
    up.on('close', () => setTimeout(end, delayMs.value + 5)).on('error', end);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        port: (server.address() as AddressInfo).port,
        delayMs,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

let server: StripeTestServer;
let t: TempDb;
beforeAll(async () => {
  server = await startStripeServer();
  t = tempDb();
});
afterAll(async () => {
  await server.close();
  t.close();
});

function runChild(port: number, purchaseId: number, killAfterMs: number): Promise<{ out: string; killed: boolean }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.file, '127.0.0.1', String(port), String(purchaseId), server.keys.secret], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready') && killAfterMs >= 0 && !child.killed) {
        const ms = killAfterMs;
        killAfterMs = -1;
        setTimeout(() => child.kill('SIGKILL'), ms);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) ok({ out, killed: signal === 'SIGKILL' });
      else fail(new Error(`child exited ${code}: ${out} ${err}`));
    });
  });
}

describe('kill -9 during a refund, then restart', () => {
  it(`${RUNS} runs with the kill at random points: exactly one refund each, no intent left open`, async () => {
    const proxy = await delayingProxy({ host: server.host, port: server.port });
    const adapter = stripeAdapter(server);
    const cus = createCustomer(server.account, { email: 'crash@example.com' });
    const pays = Array.from({ length: RUNS }, (_, i) => createPayment(server.account, { customer: cus.id, amount: 1000 + i }));
    await drain(t.db, adapter.sync(null, ctx()));
    const outcomes: Record<string, number> = {};
    const started = Date.now();
    try {
      for (let i = 0; i < RUNS; i++) {
        const pi = pays[i]!.paymentIntent.id;
        const purchaseId = purchaseIdOf(t.db, 'stripe', pi);
        proxy.delayMs.value = 20 + Math.floor(Math.random() * 120);
        const killAt = Math.floor(Math.random() * 200);
        const child = await runChild(proxy.port, purchaseId, killAt);

        // restart: a new service over the same file reconciles what the dead process left
        const h = service(t.db, { stripe: adapter });
        const after = await h.service.reconcileAll(AGENT);
        expect(after.every((x) => x.status === 'succeeded' || x.status === 'failed')).toBe(true);
        let intents = h.service.list({ paymentRef: pi });
        if (!intents.some((x) => x.status === 'succeeded')) {
          // nothing was refunded: the agent presses Refund again
          const again = await h.service.create({ purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, AGENT);
          expect(again.status).toBe('succeeded');
          intents = h.service.list({ paymentRef: pi });
        }
        const refunds = server.account.refunds.items.filter((r) => r.payment_intent === pi);
        expect(refunds, `run ${i}`).toHaveLength(1);
        expect(intents.filter((x) => x.status === 'succeeded')).toHaveLength(1);
        expect(intents.some((x) => ['pending', 'sent', 'unknown'].includes(x.status))).toBe(false);
        const stage = !child.killed ? 'finished' : intents.length > 1 ? 'killed, nothing sent' : intents[0]!.steps.some((s) => /reconcile/.test(s)) ? 'killed after Stripe refunded' : 'killed before its intent was written';
        outcomes[stage] = (outcomes[stage] ?? 0) + 1;
      }
    } finally {
      await proxy.close();
    }
    const elapsed = Date.now() - started;
    console.log(`kill -9 runs: ${JSON.stringify(outcomes)} in ${elapsed} ms`);
    expect(elapsed).toBeLessThan(60_000);
    // the random points must have covered the window that matters at least once
    expect(outcomes['killed after Stripe refunded'] ?? 0).toBeGreaterThan(0);
  }, 90_000);
});
