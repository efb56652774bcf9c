// One pasted ID fetched from its store into the cache (issues 5, 6, 8): the store's
// adapter pulls that purchase or customer through its refresh, each batch is ingested,
// and the cache is searched again. No sync cursor moves: a lookup is not a sync.
import type { Db } from '../db/connection';
import { ingest } from '../db/ingest';
import { search } from '../db/search';
import { stmt } from '../db/statements';
import { classifyLookup, type LookupTarget } from '../ipc/channels/lookup';
import { DeskError } from '../ipc/define';
import { STORE_NAMES, type Store } from '../ipc/vocabulary';
import type { StoreAdapter, SyncContext } from '../stores/adapter';
import { toDeskError } from '../ipc/storeError';
import { networkError } from '../stores/http';

export interface LookupInput {
  query: string;
  adapters: ReadonlyMap<Store, StoreAdapter>;
  db: Db;
  now: () => number;
  signal: AbortSignal;
}

export interface LookupOutcome {
  store: Store;
  /** Customer IDs the fetched purchases belong to (merged customers resolved), best first. */
  customerIds: number[];
  purchases: number;
  events: number;
  message: string;
  /** Each ID handed to the store, for the audit target. */
  ids: { kind: string; value: string }[];
}

type Ok = Extract<LookupTarget, { ok: true }>;

/** The store's words for "there is no such thing", per kind of ID. */
function notFoundWords(t: Ok): string {
  const id = t.ids[0]!;
  switch (id.kind) {
    case 'google_order_id':
      return `Google Play has no order ${id.value} for this app.`;
    case 'google_purchase_token':
      return 'Google Play has no purchase with this purchase token for this app.';
    case 'email':
      return `Stripe has no customer with the email ${id.value}.`;
    case 'apple_order_id':
      return `Apple does not know the order ID ${id.value} for this app (it is on the customer's Apple receipt email).`;
    case 'apple_original_transaction_id':
      return `Apple does not know the transaction ID ${id.value} for this app.`;
    case 'amazon_receipt_id':
      return 'Amazon does not know this receipt ID and user ID.';
    default:
      return `${STORE_NAMES[t.store]} has no ${id.value} in this account.`;
  }
}

/**
 * Any failure of the store's refresh, as a DeskError in words the agent can act on. The
 * store's client has already said what kind of failure it was (StoreError.kind,
 * `not_found` included); only the words are the lookup's.
 */
export function lookupError(e: unknown, t: Ok): DeskError {
  const store = STORE_NAMES[t.store];
  if (e instanceof DeskError) return e;
  if (e instanceof Error && e.name === 'AbortError') return new DeskError('internal', 'The fetch was cancelled.');
  const s = networkError(e, store);
  switch (s.kind) {
    case 'offline':
      return toDeskError(s, `${store} cannot be reached (${s.message}). Cached data stays readable; try again when the network is back.`);
    case 'rate_limited':
    case 'quota': {
      const wait = s.retryAfterMs != null ? ` Try again in about ${Math.max(1, Math.ceil(s.retryAfterMs / 1000))} s.` : ' Try again in a minute.';
      return toDeskError(s, `${store} is limiting requests right now: ${s.message}.${wait}`);
    }
    case 'transient':
    case 'malformed':
      return toDeskError(s, `${store} did not answer properly: ${s.message}`);
    case 'auth':
      return toDeskError(s, `${store} refused the credential: ${s.message}. Check it in Settings.`);
    case 'not_found':
      return toDeskError(s, `${notFoundWords(t)} (${store}: ${s.message})`);
    case 'refused':
      return toDeskError(s, `${store} refused the lookup: ${s.message}`);
  }
}

/** Customers that own the store's purchases the batches named; merged ones resolve to their target. */
function ownersOf(db: Db, store: Store, keys: Set<string>): number[] {
  const out: number[] = [];
  for (const key of keys) {
    const row = stmt(db, 'SELECT customer_id FROM purchases WHERE store = ? AND store_key = ?').get(store, key) as { customer_id: number } | undefined;
    if (!row) continue;
    let id = row.customer_id;
    for (let i = 0; i < 16; i++) {
      const m = stmt(db, 'SELECT merged_into FROM customers WHERE id = ?').get(id) as { merged_into: number | null } | undefined;
      if (!m || m.merged_into == null) break;
      id = m.merged_into;
    }
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

interface Fetched {
  keys: Set<string>;
  events: number;
  batches: number;
  notices: string[];
}

async function fetchTarget(o: LookupInput, t: Ok, adapter: StoreAdapter): Promise<Fetched> {
  const notices: string[] = [];
  const ctx: SyncContext = { signal: o.signal, progress: () => undefined, notice: (m) => void notices.push(m) };
  const keys = new Set<string>();
  let events = 0;
  let batches = 0;
  try {
    for await (const b of adapter.refresh!(t.ids, ctx)) {
      batches++;
      // A lookup writes what it found and nothing else: the account's cursor stays where sync left it.
      const r = ingest(o.db, { purchases: b.purchases, events: b.events }, o.now());
      for (const p of b.purchases) keys.add(p.storeKey);
      events += r.inserted;
    }
  } catch (e) {
    throw lookupError(e, t);
  }
  return { keys, events, batches, notices };
}

/**
 * Classifies the pasted text, fetches it through the configured store's refresh, writes
 * each batch, and returns the customers it belongs to. Throws DeskError in words: not a
 * store ID, a lone Amazon ID, store not configured, the store's own refusal, rate limited.
 */
export async function lookupInStores(o: LookupInput): Promise<LookupOutcome> {
  const target = classifyLookup(o.query);
  if (!target) {
    throw new DeskError(
      'invalid_input',
      'This does not look like a store ID. Paste a Google order ID (GPA.…) or purchase token, a Stripe cus_/pi_/ch_/sub_/in_ ID or email, an Apple order or transaction ID, or an Amazon receipt ID and user ID.',
    );
  }
  if (!target.ok) throw new DeskError('invalid_input', target.message);
  const store = STORE_NAMES[target.store];
  const adapter = o.adapters.get(target.store);
  if (!adapter) throw new DeskError('not_configured', `${store} is not connected. Add its credentials in Settings to fetch ${target.label}.`);
  if (!adapter.refresh) throw new DeskError('not_allowed_by_store', `${store} cannot be asked for one purchase on demand.`);

  let got = await fetchTarget(o, target, adapter);
  // RVS cannot say which of two IDs is the receipt: the agent may have pasted them the other way round.
  if (got.keys.size === 0 && target.store === 'amazon') {
    const [r, u] = target.ids as [Ok['ids'][number], Ok['ids'][number]];
    const swapped: Ok = { ...target, ids: [{ kind: 'amazon_receipt_id', value: u.value }, { kind: 'amazon_user_id', value: r.value }] };
    const again = await fetchTarget(o, swapped, adapter);
    got = { ...again, notices: again.keys.size ? again.notices : got.notices };
  }
  if (got.keys.size === 0) {
    // Adapters report a per-ID refusal as a notice (Amazon 400/497) or find nothing (Stripe).
    const words = got.notices[0] ?? (got.batches > 0 && target.store === 'stripe' ? `Stripe knows ${target.ids[0]!.value} but has no payment or subscription for it yet.` : notFoundWords(target));
    throw new DeskError('not_found', words);
  }
  const owners = ownersOf(o.db, target.store, got.keys);
  // Search order first (what the agent pasted), then every owner of a fetched purchase.
  const ranked: number[] = [];
  for (const id of target.ids) for (const h of search(o.db, id.value, 10)) if (owners.includes(h.customerId) && !ranked.includes(h.customerId)) ranked.push(h.customerId);
  for (const id of owners) if (!ranked.includes(id)) ranked.push(id);
  const n = got.keys.size;
  return {
    store: target.store,
    customerIds: ranked,
    purchases: n,
    events: got.events,
    message: `Fetched ${n} purchase${n === 1 ? '' : 's'} from ${store} (${got.events} new event${got.events === 1 ? '' : 's'}).`,
    ids: target.ids,
  };
}
