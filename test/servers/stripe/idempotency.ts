// Stripe's idempotency layer, as its docs describe it (docs.stripe.com/api/idempotent_requests
// and docs.stripe.com/error-codes#idempotency-key-in-use):
// - the first result of a POST with an Idempotency-Key is saved, status code and body,
//   and every later request with that key gets the same answer (errors included);
// - a key reused with different parameters is refused (`idempotency_error`);
// - results are saved only when the endpoint began executing: a request refused for
//   conflicting with a concurrent one (409 `idempotency_key_in_use`) or ending in a 5xx
//   saves nothing and may be retried;
// - keys may be removed once they are at least 24 hours old. "May": the harsher case is
//   chosen, a key is forgotten exactly at 24 h, so a late retry runs again as new.
// Stripe does not document which check comes first when a running key is reused with
// other parameters; 409 is answered (the request is still running, nothing is decided).
// GET and DELETE ignore the header (the docs: keys have no effect on them).
export const KEY_LIFETIME_SEC = 24 * 3600;

interface Entry {
  fingerprint: string;
  running: boolean;
  status: number;
  body: string;
  createdSec: number;
}

export type Lookup = { kind: 'new' } | { kind: 'in_use' } | { kind: 'mismatch' } | { kind: 'replay'; status: number; body: unknown };

export class IdempotencyLayer {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly nowSec: () => number) {}

  lookup(scope: string, key: string, fingerprint: string): Lookup {
    const e = this.entries.get(`${scope}:${key}`);
    if (!e || this.nowSec() - e.createdSec >= KEY_LIFETIME_SEC) return { kind: 'new' };
    if (e.running) return { kind: 'in_use' };
    if (e.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return { kind: 'replay', status: e.status, body: JSON.parse(e.body) };
  }

  begin(scope: string, key: string, fingerprint: string): void {
    this.entries.set(`${scope}:${key}`, { fingerprint, running: true, status: 0, body: '', createdSec: this.nowSec() });
  }

  /** Saves the result, or forgets the key when nothing is saved (a 5xx). */
  finish(scope: string, key: string, status: number, body: unknown): void {
    const id = `${scope}:${key}`;
    const e = this.entries.get(id);
    if (!e) return;
    if (status >= 500) {
      this.entries.delete(id);
      return;
    }
    e.running = false;
    e.status = status;
    e.body = JSON.stringify(body);
  }
}

export const inUse = (key: string) => ({
  status: 409,
  body: {
    error: {
      // The error-codes page names the code and its 409; it does not state the type. The
      // SDK retries any 409 by itself, so the type only changes the error class it throws.
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
      message: `A request with the Idempotency-Key '${key}' is still being processed. Retry later with the same key.`,
    },
  },
});

export const mismatch = (key: string) => ({
  status: 400,
  body: {
    error: {
      type: 'idempotency_error',
      message: `This Idempotency-Key ('${key}') was first used with other parameters. Use a different key for a different request.`,
    },
  },
});
