// Any adapter's or SDK's error as a SyncError, for adapters that do not classify their own.
import { DeskError } from '../ipc/define';
import { parseRetryAfter, SyncError } from './backoff';

const OFFLINE_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED', 'ENETDOWN'];
const TRANSIENT_CODES = ['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'];

export function classifyAny(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  // Adapters that speak DeskError (Apple, Amazon) say what kind of failure it was in the
  // code: offline waits for the network, 429 and 5xx are retried like any store's.
  if (err instanceof DeskError) {
    const retryAfterMs = (err as DeskError & { retryAfterMs?: number }).retryAfterMs ?? null;
    if (err.code === 'offline') return new SyncError('offline', err.message);
    if (err.code === 'rate_limited') return new SyncError('rate_limited', err.message, retryAfterMs, 429);
    if (err.code === 'store_unavailable') return new SyncError('transient', err.message);
    return new SyncError('fatal', err.message);
  }
  const e = (err ?? {}) as {
    message?: string;
    code?: unknown;
    status?: unknown;
    statusCode?: unknown;
    response?: { status?: number; headers?: Record<string, string> | { get?(n: string): string | null } };
    headers?: Record<string, string>;
    name?: string;
  };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const status = Number(e.status ?? e.statusCode ?? e.response?.status ?? (typeof e.code === 'number' ? e.code : NaN));
  if (OFFLINE_CODES.includes(code)) return new SyncError('offline', message);
  if (TRANSIENT_CODES.includes(code) || e.name === 'TimeoutError' || e.name === 'AbortError') return new SyncError('transient', message);
  if (err instanceof SyntaxError) return new SyncError('malformed', `The store sent a response that could not be read: ${message}`);
  if (status === 429) {
    const h = e.response?.headers ?? e.headers;
    const ra = h && typeof (h as { get?: unknown }).get === 'function' ? (h as { get(n: string): string | null }).get('retry-after') : (h as Record<string, string> | undefined)?.['retry-after'];
    return new SyncError('rate_limited', message, parseRetryAfter(ra ?? null, 'seconds'), 429);
  }
  if (status >= 500) return new SyncError('transient', message, null, status);
  if (status === 401 || status === 403) return new SyncError('auth', message, null, status);
  return new SyncError('fatal', message, null, Number.isFinite(status) ? status : null);
}
