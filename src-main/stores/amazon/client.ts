// Amazon Receipt Verification Service (verifyReceiptId 1.0) over plain fetch: Amazon
// ships no Node SDK. Every failure becomes a StoreError; the documented status codes
// (Amazon, "Receipt Verification Service for Appstore SDK IAP", response codes) get words
// the agent can act on.
import type { AmazonCredential } from '../../secrets/credentials';
import type { ConnectionReport } from '../adapter';
import { StoreError } from '../errors';
import { networkError, parseRetryAfter } from '../http';
import { parseRvsBody, type RvsReceipt } from './map';

export const RVS_BASE_URL = 'https://appstore-sdk.amazon.com';

export const RVS_STATUS_WORDS: Record<number, string> = {
  400: 'Amazon does not know this receipt ID or user ID (400: invalid transaction).',
  496: 'Amazon refused the shared secret (496): copy it again from the Amazon Developer Console (Shared Key page).',
  497: 'Amazon does not know this user ID (497: invalid user).',
  410: 'Amazon says this receipt is no longer valid (410): the transaction was cancelled or deleted.',
  429: 'Amazon rate-limited receipt checks (429); sync will try again later.',
  500: 'Amazon RVS had an internal error (500); try again later.',
};

/**
 * The kind of each RVS status. 400, 497 and 410 are about the one receipt asked (unknown
 * receipt, unknown user, cancelled or deleted transaction): `not_found`, and a sync goes on
 * with the other receipts. 496 is the shared secret: `auth`. Amazon documents no
 * Retry-After for 429, so none is assumed (a header, if ever sent, is read as RFC 9110's).
 */
function rvsError(status: number, retryAfter: string | null): StoreError {
  const words = RVS_STATUS_WORDS[status] ?? `Amazon RVS answered ${status}.`;
  const d = { status, storeCode: String(status) };
  if (status === 400 || status === 497 || status === 410) return new StoreError('not_found', words, d);
  if (status === 496 || status === 401 || status === 403) return new StoreError('auth', words, d);
  if (status === 429) return new StoreError('rate_limited', words, { ...d, retryAfterMs: parseRetryAfter(retryAfter, 'seconds') });
  if (status === 408 || status >= 500) return new StoreError('transient', words, d);
  return new StoreError('refused', words, d);
}

export function rvsUrl(base: string, env: AmazonCredential['environment'], secret: string, userId: string, receiptId: string): string {
  // The RVS Cloud Sandbox is the same host under /sandbox.
  const prefix = env === 'sandbox' ? '/sandbox' : '';
  const e = encodeURIComponent;
  return `${base.replace(/\/$/, '')}${prefix}/version/1.0/verifyReceiptId/developer/${e(secret)}/user/${e(userId)}/receiptId/${e(receiptId)}`;
}

export interface RvsClientOptions {
  credential: AmazonCredential;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** Amazon documents no response time; after this long a check fails as `transient`. */
  timeoutMs?: number;
}

export interface RvsClient {
  /**
   * One receipt, validated. Not retried in place: RVS has no change feed, so the engine's
   * backoff re-runs the (read-only) check of every known receipt.
   */
  verify(userId: string, receiptId: string, signal?: AbortSignal): Promise<RvsReceipt>;
  testConnection(now: number): Promise<ConnectionReport>;
}

export function createRvsClient(o: RvsClientOptions): RvsClient {
  const { credential } = o;
  const base = o.baseUrl ?? RVS_BASE_URL;
  const f = o.fetchImpl ?? fetch;
  const timeoutMs = o.timeoutMs ?? 30_000;

  async function verify(userId: string, receiptId: string, signal?: AbortSignal): Promise<RvsReceipt> {
    const url = rvsUrl(base, credential.environment, credential.sharedSecret, userId, receiptId);
    const timeout = AbortSignal.timeout(timeoutMs);
    let body: unknown;
    try {
      const res = await f(url, { headers: { Accept: 'application/json' }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      if (!res.ok) throw rvsError(res.status, res.headers.get('retry-after'));
      body = await res.json();
    } catch (e) {
      if (e instanceof StoreError) throw e;
      if (e instanceof SyntaxError) throw new StoreError('malformed', 'Amazon RVS answered with a body that is not JSON; the receipt was left out.', { status: 200, cause: e });
      // The URL carries the shared secret: the message says only what failed, never where.
      throw networkError(e, 'Amazon RVS');
    }
    const parsed = parseRvsBody(body, receiptId);
    if (!parsed.ok) throw new StoreError('malformed', parsed.message, { status: 200 });
    return parsed.receipt;
  }

  return {
    verify,
    async testConnection(at) {
      const env = credential.environment;
      // A made-up receipt: a not_found (400/497) means Amazon accepted the secret and rejected only the receipt.
      let failure: StoreError | null = null;
      try {
        await verify('refund-desk-connection-test', 'refund-desk-connection-test');
      } catch (e) {
        failure = networkError(e, 'Amazon RVS');
      }
      const ok = failure === null || failure.kind === 'not_found';
      // Amazon, RVS Cloud Sandbox: "the shared secret can be any non-empty string", so a
      // sandbox answer proves nothing about the secret.
      const sandbox = env === 'sandbox';
      return {
        ok,
        mode: env,
        can: ok ? ['verify receipts'] : [],
        missing: ok && sandbox ? ['shared secret not checked: the RVS Cloud Sandbox accepts any secret'] : [],
        message: !ok
          ? failure!.message
          : sandbox
            ? 'The RVS Cloud Sandbox answered, but it accepts any shared secret, so this test cannot tell whether yours is right; production checks it.'
            : 'Amazon accepted the shared secret.',
        testedAt: at,
      };
    },
  };
}
