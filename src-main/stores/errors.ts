// The one error a store call throws (issue #19). Each store's client.ts maps its SDK's or
// wire's failures into it; sync, lookup and refunds decide on `kind` alone, and only the
// IPC edge (src-main/ipc/storeError.ts) turns it into a DeskError for the page. Messages
// are the store's own words (or ours where it sent none), never a stack trace or a secret.

export type StoreErrorKind =
  /** 429, or a per-window limit the store enforces: wait retryAfterMs (when known) and retry. */
  | 'rate_limited'
  /** A daily budget is spent (Google's project quota): no retry before retryAfterMs. */
  | 'quota'
  /** 5xx, timeout, connection dropped: the answer was lost; a write's outcome is unknown. */
  | 'transient'
  /** The network is down (DNS, refused, unreachable): nothing reached the store. */
  | 'offline'
  /** 401/403, or a credential the store refuses (Google invalid_grant): fix it in Settings. */
  | 'auth'
  /** 404, or the store's "no such …" for the ID asked. */
  | 'not_found'
  /** The store answered something that is not its documented format. */
  | 'malformed'
  /** Any other 4xx: the store said no; `storeCode` and the message say why. */
  | 'refused';

export interface StoreErrorDetails {
  /** HTTP status, or null when no answer came back. */
  status?: number | null;
  /** How long the store asked us to wait (Retry-After, Apple's epoch, Google's quota reset). */
  retryAfterMs?: number | null;
  /** The store's own code: Stripe `resource_missing`, Google `permissionDenied`/`invalid_grant`, Apple `4040010`. */
  storeCode?: string | null;
  cause?: unknown;
}

export class StoreError extends Error {
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly storeCode: string | null;

  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    details: StoreErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StoreError';
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.storeCode = details.storeCode != null ? String(details.storeCode) : null;
  }

  /** Whether trying the same call again later can help. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'quota' || this.kind === 'transient' || this.kind === 'offline';
  }

  /** For a write: the request may or may not have taken effect (DESIGN §5: reconcile first). */
  get answerLost(): boolean {
    return this.kind === 'transient';
  }
}

export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}
