// The seeded in-memory Stripe account behind the test server. Objects keep Stripe's
// JSON field names and types (ids with their prefixes, `created` in epoch seconds,
// amounts in minor units, lower-case currency), and every change that Stripe would
// announce becomes an Event in the account's event log.
import { eventTypeIn, renderIn } from './versions';

export type Obj = Record<string, unknown> & { id: string; created: number };

export const API_VERSION = '2026-10-28.endive';

/** One kind of object, in creation order, with an id index for cursor pagination. */
export class Collection<T extends Obj> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  add(item: T): T {
    if (this.index.has(item.id)) throw new Error(`duplicate id ${item.id}`);
    this.index.set(item.id, this.items.length);
    this.items.push(item);
    return item;
  }
  get(id: string): T | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.items[i];
  }
  position(id: string): number | undefined {
    return this.index.get(id);
  }
}

export interface StripeAccount {
  id: string;
  customers: Collection<Obj>;
  charges: Collection<Obj>;
  paymentIntents: Collection<Obj>;
  refunds: Collection<Obj>;
  disputes: Collection<Obj>;
  invoices: Collection<Obj>;
  subscriptions: Collection<Obj>;
  events: Collection<Obj>;
  /** API keys the account accepts; `refunds: false` is a restricted key without refund write. */
  keys: Map<string, { refunds: boolean }>;
  /** Refunds actually created through POST /v1/refunds (replays and failures do not count). */
  refundCreations: number;
  /**
   * The account's default API version: events created now are rendered in it
   * (versions.ts). Tests set an older one to imitate an account that never upgraded.
   */
  apiVersion: string;
  /** payment intent → the invoice it paid (what pre-basil charges name as `invoice`). */
  invoiceOfPayment: Map<string, string>;
  /**
   * The status a new refund starts in. Stripe Refund object docs: pending,
   * requires_action, succeeded, failed or canceled; card refunds are usually succeeded
   * at once, other methods (and some cards) pending first.
   */
  newRefundStatus: 'succeeded' | 'pending' | 'requires_action';
  /** Seconds added to the wall clock, to simulate a gap of weeks between syncs. */
  clockOffset: number;
  seq: number;
}

export function createAccount(keys: Record<string, { refunds: boolean }>): StripeAccount {
  return {
    id: 'acct_1RefundDeskTest',
    customers: new Collection(),
    charges: new Collection(),
    paymentIntents: new Collection(),
    refunds: new Collection(),
    disputes: new Collection(),
    invoices: new Collection(),
    subscriptions: new Collection(),
    events: new Collection(),
    keys: new Map(Object.entries(keys)),
    refundCreations: 0,
    apiVersion: API_VERSION,
    invoiceOfPayment: new Map(),
    newRefundStatus: 'succeeded',
    clockOffset: 0,
    seq: 0,
  };
}

export function nowSec(acct: StripeAccount): number {
  return Math.floor(Date.now() / 1000) + acct.clockOffset;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function newId(acct: StripeAccount, prefix: string): string {
  let n = ++acct.seq;
  let tail = '';
  while (n > 0) {
    tail = ALPHABET[n % 62] + tail;
    n = Math.floor(n / 62);
  }
  return `${prefix}_1Rd${tail.padStart(10, 'A')}`;
}

/**
 * Appends an Event. `data.object` is a snapshot of the object at that moment (Stripe
 * sends the object as it was when the event happened, not as it is when read later),
 * rendered in the account's API version of that moment (versions.ts). Returns null when
 * that version sends no such event.
 */
export function emitEvent(
  acct: StripeAccount,
  type: string,
  object: Obj,
  previous?: Record<string, unknown>,
  created = nowSec(acct),
): Obj | null {
  const version = acct.apiVersion;
  const sent = eventTypeIn(version, type, object);
  if (!sent) return null;
  const data: Record<string, unknown> = { object: renderIn(acct, version, object) };
  if (previous) data.previous_attributes = previous;
  return acct.events.add({
    id: newId(acct, 'evt'),
    object: 'event',
    api_version: version,
    created,
    data,
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type: sent,
  });
}

export interface ListQuery {
  limit?: string | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
  created?: Partial<Record<'gt' | 'gte' | 'lt' | 'lte', string>> | string | undefined;
}

export class ListError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/**
 * Stripe's list pagination: newest first; `starting_after` pages toward older objects,
 * `ending_before` returns the `limit` objects just newer than the given one (still
 * newest first) and `has_more` then means "more newer ones exist". Walks from the
 * cursor so a page of a 100,000-event log costs only the page.
 */
export function listPage<T extends Obj>(
  col: Collection<T>,
  q: ListQuery,
  keep: (item: T) => boolean,
  url: string,
  kind: string,
): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = Math.min(Math.max(Number(q.limit ?? 10) || 10, 1), 100);
  if (q.limit !== undefined && (!/^\d+$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > 100)) {
    throw new ListError(`Invalid integer: ${q.limit}`, 'limit');
  }
  const created = typeof q.created === 'string' ? { gte: q.created, lte: q.created } : (q.created ?? {});
  const inRange = (c: number) =>
    (created.gt === undefined || c > Number(created.gt)) &&
    (created.gte === undefined || c >= Number(created.gte)) &&
    (created.lt === undefined || c < Number(created.lt)) &&
    (created.lte === undefined || c <= Number(created.lte));
  const match = (item: T) => inRange(item.created) && keep(item);
  const items = col.items;
  const out: T[] = [];
  let hasMore = false;
  if (q.ending_before) {
    const pos = col.position(q.ending_before);
    if (pos === undefined) throw new ListError(`No such ${kind}: '${q.ending_before}'`, 'ending_before');
    for (let i = pos + 1; i < items.length; i++) {
      if (!match(items[i]!)) continue;
      if (out.length === limit) {
        hasMore = true;
        break;
      }
      out.push(items[i]!);
    }
    out.reverse();
  } else {
    let start = items.length - 1;
    if (q.starting_after) {
      const pos = col.position(q.starting_after);
      if (pos === undefined) throw new ListError(`No such ${kind}: '${q.starting_after}'`, 'starting_after');
      start = pos - 1;
    }
    for (let i = start; i >= 0; i--) {
      if (!match(items[i]!)) continue;
      if (out.length === limit) {
        hasMore = true;
        break;
      }
      out.push(items[i]!);
    }
  }
  return { object: 'list', data: out, has_more: hasMore, url };
}
