// A local Stripe API (node:http on 127.0.0.1, port 0) speaking the wire format the
// official `stripe` SDK uses: form-encoded bodies and queries, Bearer auth, Stripe's
// error envelope, list objects, Stripe's idempotency layer (idempotency.ts). Point the SDK at it with
// `host`/`port`/`protocol: 'http'`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { parseForm, type FormValue } from './form';
import { inUse, IdempotencyLayer, mismatch } from './idempotency';
import { API_VERSION, createAccount, newId, nowSec, type StripeAccount } from './state';
import { route, type Reply } from './routes';

export type Fault =
  | { kind: 'rate_limit'; retryAfterSec?: number }
  | { kind: 'server_error' }
  | { kind: 'hang' }
  /** The request is performed (e.g. the refund is created), then the socket is destroyed: a lost response. */
  | { kind: 'drop_after' }
  | { kind: 'malformed' };

export interface FaultRule {
  fault: Fault;
  method?: string;
  /** Matches when the request path starts with it (e.g. '/v1/events'). */
  path?: string;
  times: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  idempotencyKey: string | null;
  /** sha256 of the raw body as sent, so a test can tell that retries were byte-identical. */
  bodyHash: string;
  status: number | 'dropped' | 'hung';
}

export interface StripeTestServer {
  host: string;
  port: number;
  account: StripeAccount;
  /** Keys: sk_test_good (all rights), rk_test_norefund (restricted, no refund write). */
  keys: { secret: string; restrictedNoRefund: string };
  requests: RequestRecord[];
  addFault(rule: FaultRule): void;
  /** Delay before every answer, so a test can kill a client mid-sync. */
  setLatency(ms: number): void;
  /**
   * Stripe "holds" matching POSTs for `ms` while it executes them: the key is in use
   * (a same-key request gets 409) and the effect (e.g. the refund) exists only at the
   * end, so a list of refunds during the hold shows nothing yet.
   */
  setHold(ms: number | (() => number), path?: string): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const SECRET = 'sk_test_51RefundDeskGoodKey000000000000';
const RESTRICTED = 'rk_test_51RefundDeskNoRefunds0000000000';

export async function startStripeServer(): Promise<StripeTestServer> {
  const account = createAccount({ [SECRET]: { refunds: true }, [RESTRICTED]: { refunds: false } });
  const faults: FaultRule[] = [];
  const requests: RequestRecord[] = [];
  const idem = new IdempotencyLayer(() => nowSec(account));
  const sockets = new Set<Socket>();
  let latencyMs = 0;
  let hold: { ms: number | (() => number); path: string } = { ms: 0, path: '/v1/refunds' };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: String(err) } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const method = req.method ?? 'GET';
    const key = header(req, 'idempotency-key');
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const record: RequestRecord = { method, path: url.pathname, query: url.search, idempotencyKey: key, bodyHash, status: 0 };
    requests.push(record);

    const auth = header(req, 'authorization') ?? '';
    const apiKey = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const rights = account.keys.get(apiKey);
    if (!rights) {
      record.status = 401;
      const shown = apiKey ? `${apiKey.slice(0, 8)}${'*'.repeat(Math.max(0, apiKey.length - 12))}${apiKey.slice(-4)}` : '';
      return send(res, 401, {
        error: {
          type: 'invalid_request_error',
          message: apiKey
            ? `Invalid API Key provided: ${shown}`
            : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        },
      });
    }

    const rule = faults.find((f) => f.times > 0 && (!f.method || f.method === method) && (!f.path || url.pathname.startsWith(f.path)));
    if (rule) rule.times--;
    const fault = rule?.fault;
    if (fault?.kind === 'hang') {
      record.status = 'hung';
      return; // never answers; the socket is destroyed on close()
    }
    if (fault?.kind === 'rate_limit') {
      record.status = 429;
      res.setHeader('Retry-After', String(fault.retryAfterSec ?? 1));
      return send(res, 429, {
        error: {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
        },
      });
    }
    if (fault?.kind === 'server_error') {
      record.status = 500;
      return send(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
    }

    const params = method === 'GET' || method === 'DELETE' ? parseForm(url.search.slice(1)) : parseForm(body);
    // Stripe: a restricted key lacking a permission gets 403 before the parameters are looked at.
    if (method === 'POST' && url.pathname === '/v1/refunds' && !rights.refunds) {
      record.status = 403;
      return send(res, 403, {
        error: {
          type: 'invalid_request_error',
          message: `The provided key '${apiKey.slice(0, 8)}${'*'.repeat(20)}${apiKey.slice(-6)}' does not have the required permissions for this endpoint on account '${account.id}'. Having the 'rak_refund_write' permission would allow this request to continue.`,
        },
      });
    }

    let reply: Reply;
    let replayed = false;
    const fingerprint = hash(method, url.pathname, params);
    const holdMs = method === 'POST' && url.pathname === hold.path ? (typeof hold.ms === 'function' ? hold.ms() : hold.ms) : 0;
    const execute = async (): Promise<Reply> => {
      if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
      return route(account, method, url.pathname, params);
    };
    if (method === 'POST' && key) {
      const found = idem.lookup(apiKey, key, fingerprint);
      if (found.kind === 'in_use') reply = inUse(key);
      else if (found.kind === 'mismatch') reply = mismatch(key);
      else if (found.kind === 'replay') {
        reply = { status: found.status, body: found.body };
        replayed = true;
      } else {
        idem.begin(apiKey, key, fingerprint);
        let done: Reply = { status: 500, body: null };
        try {
          done = await execute();
        } finally {
          idem.finish(apiKey, key, done.status, done.body);
        }
        reply = done;
      }
    } else {
      reply = await execute();
    }
    if (fault?.kind === 'drop_after') {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    record.status = reply.status;
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    if (key) res.setHeader('Idempotency-Key', key);
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Request-Id': newId(account, 'req') });
      res.end('{"object": "list", "data": [{"id": "evt_');
      return;
    }
    send(res, reply.status, reply.body);
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Request-Id': newId(account, 'req'),
      'Stripe-Version': API_VERSION,
    });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    account,
    keys: { secret: SECRET, restrictedNoRefund: RESTRICTED },
    requests,
    addFault: (rule) => faults.push(rule),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setHold: (ms, path = '/v1/refunds') => {
      hold = { ms, path };
    },
    clearFaults: () => faults.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function hash(method: string, path: string, params: Record<string, FormValue>): string {
  return createHash('sha256').update(`${method} ${path} ${stable(params)}`).digest('hex');
}
function stable(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${k}:${stable(v[k]!)}`)
    .join(',')}}`;
}
