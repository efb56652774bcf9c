// An in-memory App Store Server API on 127.0.0.1, speaking Apple's wire format:
// paths, JSON bodies, pagination tokens, error bodies {errorCode, errorMessage}, 429 with
// Retry-After as the UNIX time in ms of the next allowed request, and a bearer JWT (ES256,
// kid, iss, aud, bid) checked against the test key. Every JWS it serves is signed with a test chain (see x509.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { verify, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AppStoreServerAPIClient, type Environment } from '@apple/app-store-server-library';
import { consumptionBodyError } from './consumption';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ScriptedFailure {
  /** Matches the start of the request path. */
  path: string;
  status: number;
  retryAfterMs?: number;
  errorCode?: number;
  // Faults, not imitated behaviour: Apple documents its error JSON (App Store Server API,
  // "Error codes"); a body outside it and a hang are the harsher cases of a real network.
  /** Answer this raw body instead of Apple's error JSON (a body that is not Apple's format). */
  body?: string;
  /** Answer only after this long (a client timeout). */
  holdMs?: number;
  times: number;
}

export interface AppleServerConfig {
  bundleId: string;
  keyId: string;
  issuerId: string;
  /** The public half of the In-App Purchase key the client signs its bearer tokens with. */
  clientPublicKey: KeyObject;
  /** Apple's retention: 180 days in production, 30 in the sandbox. */
  historyDays?: number;
  pageSize?: number;
  now?: () => number;
}

interface StoredNotification {
  signedPayload: string;
  signedDate: number;
}

export class FakeAppleServer {
  readonly requests: RecordedRequest[] = [];
  readonly notifications: StoredNotification[] = [];
  /** Get Transaction History: signed transactions per original transaction ID. */
  readonly transactions = new Map<string, string[]>();
  readonly refunds = new Map<string, string[]>();
  readonly statuses = new Map<string, unknown>();
  readonly orders = new Map<string, string[]>();
  readonly consumption: { transactionId: string; body: Record<string, unknown> }[] = [];
  /** Apple's product type (JWSTransaction `type`) per transaction ID, as the notifications told it. */
  readonly productTypes = new Map<string, string>();
  readonly failures: ScriptedFailure[] = [];
  private server: Server | null = null;
  url = '';

  constructor(readonly config: AppleServerConfig) {}

  addNotification(signedPayload: string, signedDate: number): void {
    this.notifications.push({ signedPayload, signedDate });
    this.notifications.sort((a, b) => a.signedDate - b.signedDate);
  }

  failNext(f: ScriptedFailure): void {
    this.failures.push(f);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          send(res, 500, { errorCode: 5000000, errorMessage: String(e) });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private now(): number {
    return this.config.now ? this.config.now() : Date.now();
  }

  private handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const body = rawBody ? (JSON.parse(rawBody) as unknown) : null;
    this.requests.push({ method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, body });
    if (!this.authorized(req.headers.authorization)) {
      return send(res, 401, {});
    }
    const failure = this.failures.find((f) => u.pathname.startsWith(f.path) && f.times > 0);
    if (failure) {
      failure.times--;
      const headers: Record<string, string> = {};
      // Apple sends the UNIX time (ms) when the next request may be made, not a duration.
      if (failure.retryAfterMs != null) headers['Retry-After'] = String(this.now() + failure.retryAfterMs);
      const code = failure.errorCode ?? (failure.status === 429 ? 4290000 : failure.status === 404 ? 4040010 : 5000000);
      const answer = (): void => {
        if (failure.body === undefined) return send(res, failure.status, { errorCode: code, errorMessage: `scripted ${failure.status}` }, headers);
        res.writeHead(failure.status, { 'Content-Type': 'application/json', ...headers });
        res.end(failure.body);
      };
      if (failure.holdMs) return void setTimeout(answer, failure.holdMs);
      return answer();
    }
    const p = u.pathname;
    let m: RegExpMatchArray | null;
    if (req.method === 'POST' && p === '/inApps/v1/notifications/history') return this.history(res, u, body as Record<string, unknown>);
    if (req.method === 'GET' && (m = p.match(/^\/inApps\/v2\/history\/([^/]+)$/))) {
      return this.signedList(res, this.transactions.get(m[1]!), { bundleId: this.config.bundleId, environment: 'Sandbox' });
    }
    if (req.method === 'GET' && (m = p.match(/^\/inApps\/v2\/refund\/lookup\/([^/]+)$/))) {
      return this.signedList(res, this.refunds.get(m[1]!) ?? [], {});
    }
    if (req.method === 'GET' && (m = p.match(/^\/inApps\/v1\/subscriptions\/([^/]+)$/))) {
      const s = this.statuses.get(m[1]!);
      return s ? send(res, 200, s) : send(res, 404, { errorCode: 4040010, errorMessage: 'Transaction id not found.' });
    }
    if (req.method === 'GET' && (m = p.match(/^\/inApps\/v1\/lookup\/([^/]+)$/))) {
      const list = this.orders.get(m[1]!);
      // Apple answers 200 with status 1 for an order ID it does not know.
      return send(res, 200, list ? { status: 0, signedTransactions: list } : { status: 1, signedTransactions: [] });
    }
    if (req.method === 'PUT' && (m = p.match(/^\/inApps\/v2\/transactions\/consumption\/([^/]+)$/))) {
      const b = body as Record<string, unknown>;
      const error = consumptionBodyError(b, this.productTypes.get(m[1]!));
      if (error) return send(res, 400, error);
      this.consumption.push({ transactionId: m[1]!, body: b });
      res.writeHead(202);
      return void res.end();
    }
    send(res, 404, { errorCode: 4040000, errorMessage: 'Not found' });
  }

  private signedList(res: ServerResponse, list: string[] | undefined, extra: Record<string, unknown>): void {
    if (!list) return send(res, 404, { errorCode: 4040010, errorMessage: 'Transaction id not found.' });
    send(res, 200, { ...extra, revision: `r${list.length}`, hasMore: false, signedTransactions: list });
  }

  private history(res: ServerResponse, u: URL, body: Record<string, unknown>): void {
    const start = Number(body.startDate);
    const end = Number(body.endDate);
    const days = this.config.historyDays ?? 180;
    if (!Number.isFinite(start) || !Number.isFinite(end)) return send(res, 400, { errorCode: 4000015, errorMessage: 'Invalid start date.' });
    if (start < this.now() - days * 86_400_000) {
      return send(res, 400, { errorCode: 4000012, errorMessage: 'Invalid request. The start date is earlier than the allowed start date.' });
    }
    if (start >= end) return send(res, 400, { errorCode: 4000013, errorMessage: 'Invalid request. The end date precedes the start date or the dates are the same.' });
    const all = this.notifications.filter(
      (n) =>
        n.signedDate >= start &&
        n.signedDate < end &&
        (body.notificationType == null || decodeType(n.signedPayload) === body.notificationType),
    );
    let offset = 0;
    const token = u.searchParams.get('paginationToken');
    if (token) {
      const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number; s: number; e: number };
      // A token is only valid with the request body it was issued for.
      if (t.s !== start || t.e !== end) return send(res, 400, { errorCode: 4000014, errorMessage: 'Invalid pagination token.' });
      offset = t.o;
    }
    const size = this.config.pageSize ?? 2;
    const page = all.slice(offset, offset + size);
    const hasMore = offset + size < all.length;
    send(res, 200, {
      notificationHistory: page.map((n) => ({
        signedPayload: n.signedPayload,
        sendAttempts: [{ attemptDate: n.signedDate, sendAttemptResult: 'SUCCESS' }],
      })),
      hasMore,
      ...(hasMore ? { paginationToken: Buffer.from(JSON.stringify({ o: offset + size, s: start, e: end })).toString('base64url') } : {}),
    });
  }

  private authorized(header: string | undefined): boolean {
    if (!header?.startsWith('Bearer ')) return false;
    const [h, p, s] = header.slice(7).split('.');
    if (!h || !p || !s) return false;
    const head = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (head.alg !== 'ES256' || head.kid !== this.config.keyId) return false;
    if (claims.iss !== this.config.issuerId || claims.aud !== 'appstoreconnect-v1' || claims.bid !== this.config.bundleId) return false;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return false;
    return verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: this.config.clientPublicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
  }
}

function decodeType(jws: string): unknown {
  const p = jws.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>).notificationType;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * The library's client, pointed at the test server by overriding its protected fetch
 * hook, as the library's own tests do. Everything above the hook (bearer token, request
 * building, error parsing) is the production code path.
 */
export class TestAppleClient extends AppStoreServerAPIClient {
  constructor(
    private readonly baseUrl: string,
    signingKey: string,
    keyId: string,
    issuerId: string,
    bundleId: string,
    environment: Environment,
  ) {
    super(signingKey, keyId, issuerId, bundleId, environment);
  }

  protected override async makeFetchRequest(
    path: string,
    parsedQueryParameters: URLSearchParams,
    method: string,
    requestBody: string | Buffer | undefined,
    headers: { [key: string]: string },
  ) {
    const res = await fetch(`${this.baseUrl}${path}?${parsedQueryParameters.toString()}`, {
      method,
      body: requestBody as string | undefined,
      headers,
    });
    return res as never;
  }
}
