// A local Android Publisher v3 server (127.0.0.1, port 0) speaking the wire format that
// `@googleapis/androidpublisher` uses, plus Google's OAuth2 token endpoint. It counts the
// refunds it performs, measures every URL, enforces the Voided Purchases quota (30
// queries / 30 s) and a GET URL limit, and can revoke access tokens before they expire,
// so a test can prove exactly-once, batching and auth recovery from the outside.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PlayAccount } from './account';
import { verifyAssertion, type TestServiceAccount } from './oauth';
import { googleError, route, send, type RouteState } from './routes';
import type { EnumStyle } from './wire';

/**
 * 'hold': a refund/revoke waits `holdMs` before Google performs it (and then answers);
 * 'drop_after_refund': performed, the answer lost; 'lose': the request is lost before it
 * is performed (the connection drops, nothing happens).
 */
export type Fault = '429' | '403_daily' | '500' | '503' | 'hang' | 'drop_after_refund' | 'hold' | 'lose' | 'malformed' | '401';

export interface FaultRule {
  fault: Fault;
  /** Which requests: a substring of "METHOD /path" (e.g. ":refund", "voidedpurchases"). */
  match: string;
  /** How many times (default once). */
  times?: number;
  /** For 'hold': how long Google keeps the request before performing it. */
  holdMs?: number;
  /** For 'hold': what happens at Google while it holds the request. */
  duringHold?: () => void;
}

/** OAuth errors the token endpoint can answer for the JWT bearer grant (RFC 6749 §5.2, Google's OAuth guide for service accounts). */
export type TokenError = 'invalid_grant' | 'invalid_client' | 'unauthorized_client';

export interface GoogleTestServer extends Pick<RouteState, 'enums' | 'refundProcessing'> {
  /** Refund calls that moved money: orders.refund + subscriptionsv2.revoke. */
  readonly refundsPerformed: number;
  /** Voided Purchases queries answered with 429 because of the quota. */
  readonly quotaRejections: number;
  url: string;
  rootUrl: string;
  tokenUrl: string;
  account: PlayAccount;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  /** The longest request URL (path + query, bytes) seen so far. */
  maxUrlBytes: number;
  /** GET URLs longer than this are refused as Google's frontend does (about 8 KB). */
  urlLimitBytes: number;
  faults: FaultRule[];
  /** When set, the token endpoint refuses every grant with this OAuth error. */
  tokenError: TokenError | null;
  /** Access tokens issued so far. */
  tokensIssued: number;
  /** Google stops accepting every access token issued so far, before their expiry. */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

const TOKEN_ERROR_WORDS: Record<TokenError, string> = {
  invalid_grant: 'Invalid JWT Signature.',
  invalid_client: 'The OAuth client was not found.',
  unauthorized_client: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGoogleServer(opts: {
  serviceAccount: TestServiceAccount;
  packageName?: string;
  now?: () => number;
  enums?: EnumStyle;
}): Promise<GoogleTestServer> {
  const now = opts.now ?? Date.now;
  const packageName = opts.packageName ?? 'com.example.app';
  const account = new PlayAccount(packageName, now);
  const tokens = new Set<string>();
  const sockets = new Set<Socket>();
  const routeState: RouteState = { account, now, enums: opts.enums ?? 'number', refundProcessing: 'instant', refundsPerformed: 0, quotaRejections: 0, voidedQueries: [] };
  let tokenSeq = 0;

  // The route state is the server's own: tests read and switch it through these properties.
  const state = {
    account,
    requests: [] as string[],
    maxUrlBytes: 0,
    // google-api-nodejs-client issue #972 (a googleapis maintainer): Google's servers stop
    // answering GET URLs beyond about 8 KB (the reporter measured 8,192 characters).
    urlLimitBytes: 8192,
    faults: [] as FaultRule[],
    tokenError: null as TokenError | null,
    tokensIssued: 0,
    revokeAccessTokens: () => tokens.clear(),
    get enums() {
      return routeState.enums;
    },
    set enums(v: EnumStyle) {
      routeState.enums = v;
    },
    get refundProcessing() {
      return routeState.refundProcessing;
    },
    set refundProcessing(v: RouteState['refundProcessing']) {
      routeState.refundProcessing = v;
    },
    get refundsPerformed() {
      return routeState.refundsPerformed;
    },
    get quotaRejections() {
      return routeState.quotaRejections;
    },
  };

  function takeFault(line: string): FaultRule | null {
    const rule = state.faults.find((f) => line.includes(f.match) && (f.times ?? 1) > 0);
    if (!rule) return null;
    rule.times = (rule.times ?? 1) - 1;
    return rule;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    state.maxUrlBytes = Math.max(state.maxUrlBytes, Buffer.byteLength(raw));
    if (req.method === 'GET' && Buffer.byteLength(raw) > state.urlLimitBytes) {
      // Google's frontend answers an over-long URL with HTTP 414 and an HTML page, not the
      // API's JSON error (issue #972 documents the limit, not the body): the harsher shape.
      res.writeHead(414, { 'content-type': 'text/html; charset=UTF-8' });
      return void res.end('<!DOCTYPE html><html lang=en><title>Error 414 (Request-URI Too Large)!!1</title><p><b>414.</b> <ins>That’s an error.</ins><p>The requested URL is too large to process. <ins>That’s all we know.</ins>');
    }
    const url = new URL(raw, 'http://127.0.0.1');
    const line = `${req.method} ${url.pathname}${url.search}`;
    state.requests.push(line);
    const body = await readBody(req);

    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
      }
      // A disabled or deleted key, a deleted service account, a client not allowed the scope:
      // an OAuth error body; RFC 6749 §5.2 answers 400, and 401 only for invalid_client.
      if (state.tokenError) return send(res, state.tokenError === 'invalid_client' ? 401 : 400, { error: state.tokenError, error_description: TOKEN_ERROR_WORDS[state.tokenError] });
      const v = verifyAssertion(form.get('assertion') ?? '', opts.serviceAccount, Date.now());
      if (!v.ok) return send(res, 400, { error: v.error, error_description: v.error_description });
      const token = `ya29.test-${++tokenSeq}`;
      tokens.add(token);
      state.tokensIssued++;
      return send(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    }

    const rule = takeFault(line);
    const fault = rule?.fault ?? null;
    if (fault === 'hang') return; // never answers; the client's timeout must fire
    // An access token can stop working before its expiry (revoked key, changed
    // permissions): Google answers 401 UNAUTHENTICATED (Google Cloud API error model).
    if (fault === '401' || !tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return googleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'authError');
    }
    if (fault === '429') return googleError(res, 429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', 'rateLimitExceeded', { 'retry-after': '2' });
    // A project's daily request quota used up, in Google APIs' older error form: 403 with
    // errors[].domain usageLimits and reason dailyLimitExceeded (Google Admin SDK, "Site
    // Verification API common errors": 403 usageLimits.dailyLimitExceeded, "Daily quota for
    // calls on this API has been reached"). The Play Developer API's own pages ("Quotas") say
    // only that the daily quota resets at midnight Pacific time, not which form it answers in;
    // the harsher reading is that either may come, so this and the 429 RESOURCE_EXHAUSTED of
    // fault '429' are both imitated. Nothing is performed; no Retry-After is documented, so
    // none is sent.
    if (fault === '403_daily') {
      return googleError(res, 403, 'PERMISSION_DENIED', 'Daily Limit Exceeded. The quota will be reset at midnight Pacific Time (PT).', 'dailyLimitExceeded', undefined, 'usageLimits');
    }
    if (fault === '500') return googleError(res, 500, 'INTERNAL', 'Internal error encountered.', 'backendError');
    if (fault === '503') return googleError(res, 503, 'UNAVAILABLE', 'The service is currently unavailable.', 'backendError');
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"voidedPurchases": [{"purchaseToken": 42, "voidedTimeMillis": "soon"}], "orders": "nope"');
    }
    const prefix = `/androidpublisher/v3/applications/${encodeURIComponent(packageName)}/`;
    if (!url.pathname.startsWith(prefix)) return googleError(res, 404, 'NOT_FOUND', 'Package not found: ' + url.pathname, 'notFound');
    const moneyFault = fault === 'hold' || fault === 'drop_after_refund' || fault === 'lose' ? fault : null;
    await route(routeState, {
      method: req.method ?? 'GET',
      rest: decodeURIComponent(url.pathname.slice(prefix.length)),
      url,
      body,
      res,
      fault: moneyFault,
      holdMs: rule?.holdMs ?? 1000,
      duringHold: rule?.duringHold,
      drop: () => void req.socket.destroy(),
    });
  }

  // Node's own header limit must not answer first: the server measures and refuses long URLs itself.
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
  }) as unknown as GoogleTestServer;
}
