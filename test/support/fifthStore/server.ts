// The fake store's HTTP server for the fifth-store proof: a few orders of one customer, and
// the refunds it was asked for. The fake store is ours (no store documents it), so it is as
// small as the proof needs: GET /ping, GET /orders?after=<id>, POST /refunds {payment, amount}.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOrder {
  id: string;
  payment: string;
  customer: string;
  amount: number;
  at: number;
}

export interface FakeStoreServer {
  baseUrl: string;
  /** Every refund the server performed, in order. */
  refunds: { id: string; payment: string; amount: number; auth: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakeStore(orders: FakeOrder[]): Promise<FakeStoreServer> {
  const refunds: FakeStoreServer['refunds'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/ping') return send(200, { ok: true });
    if (req.method === 'GET' && url.pathname === '/orders') {
      const after = url.searchParams.get('after') ?? '';
      const from = after ? orders.findIndex((o) => o.id === after) + 1 : 0;
      return send(200, orders.slice(from));
    }
    if (req.method === 'POST' && url.pathname === '/refunds') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { payment, amount } = JSON.parse(body) as { payment: string; amount: number };
        if (!orders.some((o) => o.payment === payment)) return send(404, { error: 'no such payment' });
        const refund = { id: `FR-${refunds.length + 1}`, payment, amount, auth: req.headers.authorization };
        refunds.push(refund);
        send(200, refund);
      });
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    refunds,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
