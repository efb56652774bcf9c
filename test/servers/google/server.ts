// A local Android Publisher v3 server (127.0.0.1, port 0) speaking the wire format that
// `@googleapis/androidpublisher` uses, plus Google's OAuth2 token endpoint. It counts the
// refunds it performs and enforces the Voided Purchases quota (30 queries / 30 s), so a
// test can prove exactly-once and quota behaviour from the outside.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PlayAccount } from './account';
import { verifyAssertion, type TestServiceAccount } from './oauth';
import { orderJson, productJson, subscriptionJson, voidedJson } from './wire';

const DAY = 86_400_000;
const THREE_YEARS = 1095 * DAY;

export type Fault = '429' | '500' | '503' | 'hang' | 'drop_after_refund' | 'malformed' | '401';

export interface FaultRule {
  fault: Fault;
  /** Which requests: a substring of "METHOD /path" (e.g. ":refund", "voidedpurchases"). */
  match: string;
  /** How many times (default once). */
  times?: number;
}

export interface GoogleTestServer {
  url: string;
  rootUrl: string;
  tokenUrl: string;
  account: PlayAccount;
  /** Refund calls that moved money: orders.refund + subscriptionsv2.revoke. */
  refundsPerformed: number;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  /** Voided Purchases queries answered with 429 because of the quota. */
  quotaRejections: number;
  faults: FaultRule[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(text);
}

function googleError(res: ServerResponse, code: number, status: string, message: string, reason: string, headers?: Record<string, string>): void {
  send(res, code, { error: { code, message, status, errors: [{ message, domain: 'androidpublisher', reason }] } }, headers);
}

const PERMISSION_MESSAGE = 'The current user has insufficient permissions to perform the requested operation.';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGoogleServer(opts: {
  serviceAccount: TestServiceAccount;
  packageName?: string;
  now?: () => number;
}): Promise<GoogleTestServer> {
  const now = opts.now ?? Date.now;
  const packageName = opts.packageName ?? 'com.example.app';
  const account = new PlayAccount(packageName, now);
  const tokens = new Set<string>();
  const voidedQueries: number[] = [];
  const sockets = new Set<Socket>();
  let tokenSeq = 0;

  const state: Omit<GoogleTestServer, 'url' | 'rootUrl' | 'tokenUrl' | 'close'> = {
    account,
    refundsPerformed: 0,
    requests: [],
    quotaRejections: 0,
    faults: [],
  };

  function takeFault(line: string): Fault | null {
    const rule = state.faults.find((f) => line.includes(f.match) && (f.times ?? 1) > 0);
    if (!rule) return null;
    rule.times = (rule.times ?? 1) - 1;
    return rule.fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const line = `${req.method} ${url.pathname}${url.search}`;
    state.requests.push(line);
    const body = await readBody(req);

    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
      }
      const v = verifyAssertion(form.get('assertion') ?? '', opts.serviceAccount, Date.now());
      if (!v.ok) return send(res, 400, { error: v.error, error_description: v.error_description });
      const token = `ya29.test-${++tokenSeq}`;
      tokens.add(token);
      return send(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    }

    const fault = takeFault(line);
    if (fault === 'hang') return; // never answers; the client's timeout must fire
    if (fault === '401' || !tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return googleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'authError');
    }
    if (fault === '429') return googleError(res, 429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', 'rateLimitExceeded', { 'retry-after': '2' });
    if (fault === '500') return googleError(res, 500, 'INTERNAL', 'Internal error encountered.', 'backendError');
    if (fault === '503') return googleError(res, 503, 'UNAVAILABLE', 'The service is currently unavailable.', 'backendError');
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"voidedPurchases": [{"purchaseToken": 42, "voidedTimeMillis": "soon"}], "orders": "nope"');
    }

    const prefix = `/androidpublisher/v3/applications/${encodeURIComponent(packageName)}/`;
    if (!url.pathname.startsWith(prefix)) {
      return googleError(res, 404, 'NOT_FOUND', 'Package not found: ' + url.pathname, 'notFound');
    }
    const rest = decodeURIComponent(url.pathname.slice(prefix.length));
    const needFinance = () => {
      if (account.permissions.viewFinancialData) return false;
      googleError(res, 403, 'PERMISSION_DENIED', PERMISSION_MESSAGE, 'permissionDenied');
      return true;
    };
    const needManage = () => {
      if (account.permissions.manageOrders) return false;
      googleError(res, 403, 'PERMISSION_DENIED', PERMISSION_MESSAGE, 'permissionDenied');
      return true;
    };

    if (rest === 'purchases/voidedpurchases' && req.method === 'GET') {
      if (needFinance()) return;
      const t = now();
      while (voidedQueries.length && voidedQueries[0]! <= t - 30_000) voidedQueries.shift();
      if (voidedQueries.length >= 30) {
        state.quotaRejections++;
        return googleError(res, 429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Voided purchases queries' and limit 'Queries per 30 seconds'.", 'rateLimitExceeded');
      }
      voidedQueries.push(t);
      return voidedList(url, res, t);
    }
    const orderMatch = /^orders\/([^/:]+)(:refund)?$/.exec(rest);
    if (rest === 'orders:batchGet' && req.method === 'GET') {
      if (needFinance()) return;
      const ids = url.searchParams.getAll('orderIds');
      if (ids.length < 1 || ids.length > 1000) return googleError(res, 400, 'INVALID_ARGUMENT', 'Between 1 and 1000 order IDs are required.', 'badRequest');
      const missing = ids.find((id) => !account.orders.has(id));
      // Google's docs: if any order ID is not found, the entire request fails.
      if (missing) return googleError(res, 404, 'NOT_FOUND', `Order not found: ${missing}`, 'notFound');
      return send(res, 200, { orders: ids.map((id) => orderJson(account.orders.get(id)!)) });
    }
    if (orderMatch && !orderMatch[2] && req.method === 'GET') {
      if (needFinance()) return;
      const o = account.orders.get(orderMatch[1]!);
      if (!o) return googleError(res, 404, 'NOT_FOUND', 'The order was not found.', 'notFound');
      return send(res, 200, orderJson(o));
    }
    if (orderMatch && orderMatch[2] && req.method === 'POST') {
      if (needManage()) return;
      const o = account.orders.get(orderMatch[1]!);
      if (!o) return googleError(res, 404, 'NOT_FOUND', 'The order was not found.', 'notFound');
      if (now() - o.createTime > THREE_YEARS) return googleError(res, 400, 'FAILED_PRECONDITION', 'Orders older than 3 years cannot be refunded.', 'orderTooOld');
      if (o.state === 'REFUNDED') return googleError(res, 400, 'FAILED_PRECONDITION', 'The order has already been fully refunded.', 'orderAlreadyRefunded');
      account.fullRefund(o.orderId, { revoke: url.searchParams.get('revoke') === 'true', source: 1, reason: 0 });
      state.refundsPerformed++;
      if (fault === 'drop_after_refund') return void req.socket.destroy();
      res.writeHead(204);
      return void res.end();
    }
    const subMatch = /^purchases\/subscriptionsv2\/tokens\/([^/:]+)(:revoke)?$/.exec(rest);
    if (subMatch) {
      const s = account.subscriptions.get(subMatch[1]!);
      if (!s) return googleError(res, 404, 'NOT_FOUND', 'The purchase token was not found.', 'purchaseTokenNotFound');
      const latest = [...s.orderIds].reverse().find((id) => account.order(id).state !== 'CANCELED');
      if (!subMatch[2] && req.method === 'GET') return send(res, 200, subscriptionJson(s, latest));
      if (subMatch[2] && req.method === 'POST') {
        if (needManage()) return;
        const ctx = (JSON.parse(body || '{}') as { revocationContext?: Record<string, unknown> }).revocationContext ?? {};
        if (!ctx.fullRefund && !ctx.proratedRefund) return googleError(res, 400, 'INVALID_ARGUMENT', 'revocationContext is required.', 'badRequest');
        if (s.state === 'SUBSCRIPTION_STATE_EXPIRED') return googleError(res, 400, 'FAILED_PRECONDITION', 'The subscription is not active.', 'subscriptionNotActive');
        const o = account.order(latest!);
        const t = now();
        if (ctx.proratedRefund) {
          const remaining = Math.max(0, (o.servicePeriodEnd ?? t) - t) / Math.max(1, (o.servicePeriodEnd ?? t) - (o.servicePeriodStart ?? t));
          account.partialRefund(o.orderId, Math.round(o.totalMinor * remaining), t);
          account.voided.push({ purchaseToken: s.token, orderId: o.orderId, purchaseTimeMillis: o.createTime, voidedTimeMillis: t, seenTime: t, voidedSource: 1, voidedReason: 0, isSubscription: true });
          s.state = 'SUBSCRIPTION_STATE_EXPIRED';
          s.expiryTime = t;
          s.autoRenew = false;
        } else {
          account.fullRefund(o.orderId, { revoke: true, at: t, source: 1, reason: 0 });
        }
        state.refundsPerformed++;
        if (fault === 'drop_after_refund') return void req.socket.destroy();
        return send(res, 200, {});
      }
    }
    const prodMatch = /^purchases\/productsv2\/tokens\/([^/:]+)$/.exec(rest);
    if (prodMatch && req.method === 'GET') {
      const p = account.products.get(prodMatch[1]!);
      if (!p) return googleError(res, 404, 'NOT_FOUND', 'The purchase token was not found.', 'purchaseTokenNotFound');
      return send(res, 200, productJson(p));
    }
    return googleError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${url.pathname}`, 'notFound');
  }

  function voidedList(url: URL, res: ServerResponse, t: number): void {
    const q = url.searchParams;
    const token = q.get('token');
    let start: number;
    let end: number;
    let type: number;
    let withQty: boolean;
    let offset = 0;
    if (token) {
      // Google ignores startTime/endTime when a pagination token is set.
      const d = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as number[];
      [start, end, type, offset] = d as [number, number, number, number];
      withQty = d[4] === 1;
    } else {
      start = q.has('startTime') ? Number(q.get('startTime')) : t - 30 * DAY;
      end = q.has('endTime') ? Number(q.get('endTime')) : t;
      type = Number(q.get('type') ?? '0');
      withQty = q.get('includeQuantityBasedPartialRefund') === 'true';
      if (!Number.isFinite(start) || !Number.isFinite(end)) return googleError(res, 400, 'INVALID_ARGUMENT', 'Invalid time value.', 'invalid');
      if (start < t - 30 * DAY - 60_000) return googleError(res, 400, 'INVALID_ARGUMENT', 'startTime cannot be older than 30 days.', 'invalid');
      if (end > t + 60_000) return googleError(res, 400, 'INVALID_ARGUMENT', 'endTime cannot be greater than the current time.', 'invalid');
    }
    const max = Math.min(1000, Number(q.get('maxResults') ?? '1000') || 1000);
    const all = account.voided
      .filter((v) => v.seenTime >= start && v.seenTime <= end && v.seenTime >= t - 30 * DAY)
      .filter((v) => type === 1 || !v.isSubscription)
      .filter((v) => withQty || v.voidedQuantity == null)
      .sort((a, b) => a.seenTime - b.seenTime);
    const page = all.slice(offset, offset + max);
    const out: Record<string, unknown> = {
      pageInfo: { totalResults: all.length, resultPerPage: page.length, startIndex: offset },
      voidedPurchases: page.map(voidedJson),
    };
    if (offset + max < all.length) {
      out.tokenPagination = { nextPageToken: Buffer.from(JSON.stringify([start, end, type, offset + max, withQty ? 1 : 0])).toString('base64url') };
    }
    send(res, 200, out);
  }

  // orders:batchGet carries up to 1,000 order IDs in the query string (~40 KB).
  const server: Server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    handle(req, res).catch((e: unknown) => googleError(res, 500, 'INTERNAL', String(e), 'backendError'));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    url,
    rootUrl: `${url}/`,
    tokenUrl: `${url}/token`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  });
}
