// Google's failures as the one StoreError (client.ts, googleError), through the adapter
// against the local Play server: the kind decides, Google's words stay in the message.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../../src-main/stores/errors';
import { collect, context, harnessPerTest, type Harness } from './harness';

let h: Harness;
harnessPerTest((x) => (h = x));

const refreshOrder = (orderId: string, a = h.adapter()) => collect(a.refresh([{ kind: 'google_order_id', value: orderId }], context()));
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call should fail'), (e: unknown) => e as StoreError);

describe('Google client: wire failures as StoreError', () => {
  it('404 (orders.get of an unknown order): not_found, in Google’s words', async () => {
    const e = await failure(refreshOrder('GPA.0000-0000-0000-00000'));
    expect(e).toBeInstanceOf(StoreError);
    expect(e).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
    expect(e.message).toMatch(/^Google Play refused orders\.get of GPA\.0000/);
  });

  it('403 (no View financial data): auth', async () => {
    const { orderId } = h.server.account.addOneTime();
    h.server.account.permissions.viewFinancialData = false;
    expect(await failure(refreshOrder(orderId))).toMatchObject({ kind: 'auth', status: 403 });
  });

  it('500 and 503: transient, the answer lost', async () => {
    const { orderId } = h.server.account.addOneTime();
    h.server.faults.push({ fault: '500', match: 'orders' });
    expect(await failure(refreshOrder(orderId))).toMatchObject({ kind: 'transient', status: 500, answerLost: true });
  });

  it('a malformed body: malformed, nothing written', async () => {
    h.server.faults.push({ fault: 'malformed', match: 'voidedpurchases' });
    expect(await failure(collect(h.adapter().sync(null, context())))).toMatchObject({ kind: 'malformed' });
  });

  it('nothing listening: offline, with the system code', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const a = h.adapter({ endpoint: { rootUrl: `http://127.0.0.1:${free}/`, tokenUrl: `http://127.0.0.1:${free}/token` } });
    expect(await failure(refreshOrder('GPA.1', a))).toMatchObject({ kind: 'offline', storeCode: 'ECONNREFUSED' });
  });
});
