// Stripe's failures as the one StoreError (client.ts, stripeError), each from a real SDK
// call against the local Stripe server: what the kinds are decided on is Stripe's wire.
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStripeClient, stripeError } from '../../../../src-main/stores/stripe/client';
import { StoreError } from '../../../../src-main/stores/errors';
import { refundCharge, seedAccount, startStripeServer, type StripeTestServer } from '../../../servers/stripe';

let server: StripeTestServer;
beforeEach(async () => {
  server = await startStripeServer();
});
afterEach(async () => {
  await server.close();
});

const client = (key = server.keys.secret, port = server.port) =>
  createStripeClient({ credential: { store: 'stripe', secretKey: key }, endpoint: { host: server.host, port, protocol: 'http' }, timeoutMs: 300, maxNetworkRetries: 0 });
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call should fail'), (e: unknown) => stripeError(e));

describe('Stripe client: wire failures as StoreError', () => {
  it('resource_missing (404): not_found with Stripe’s code and words', async () => {
    const e = await failure(client().charges.retrieve('ch_missing'));
    expect(e).toBeInstanceOf(StoreError);
    expect(e).toMatchObject({ kind: 'not_found', status: 404, storeCode: 'resource_missing', retryable: false });
    expect(e.message).toMatch(/No such charge/);
  });

  it('401 (bad key): auth; 403 (restricted key without refund write): auth', async () => {
    expect(await failure(client('sk_test_wrong').balance.retrieve())).toMatchObject({ kind: 'auth', status: 401 });
    expect(await failure(client(server.keys.restrictedNoRefund).refunds.create({ charge: 'ch_x' }))).toMatchObject({ kind: 'auth', status: 403 });
  });

  it('429: rate_limited with Retry-After in ms', async () => {
    server.addFault({ fault: { kind: 'rate_limit', retryAfterSec: 7 }, path: '/v1/balance', times: 1 });
    expect(await failure(client().balance.retrieve())).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 7000, retryable: true });
  });

  it('500: transient (the answer is lost: a write must be reconciled)', async () => {
    server.addFault({ fault: { kind: 'server_error' }, path: '/v1/balance', times: 1 });
    expect(await failure(client().balance.retrieve())).toMatchObject({ kind: 'transient', status: 500, answerLost: true });
  });

  it('a body that is not JSON: malformed; a hang past the timeout: transient (refund.test.ts drops a refund answer)', async () => {
    server.addFault({ fault: { kind: 'malformed' }, path: '/v1/balance', times: 1 });
    expect(await failure(client().balance.retrieve())).toMatchObject({ kind: 'malformed' });
    server.addFault({ fault: { kind: 'hang' }, path: '/v1/balance', times: 1 });
    expect(await failure(client().balance.retrieve())).toMatchObject({ kind: 'transient', status: null });
  });

  it('nothing listening: offline', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    expect(await failure(client(server.keys.secret, free).balance.retrieve())).toMatchObject({ kind: 'offline', storeCode: 'ECONNREFUSED' });
  });


  it('any other 4xx (charge_already_refunded): refused, with Stripe’s code', async () => {
    const { payment } = seedAccount(server.account);
    refundCharge(server.account, { charge: payment.charge.id as string });
    const e = await failure(client().refunds.create({ charge: payment.charge.id as string }));
    expect(e).toMatchObject({ kind: 'refused', status: 400, storeCode: 'charge_already_refunded', retryable: false });
  });
});
