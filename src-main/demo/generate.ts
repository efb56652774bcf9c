// Deterministic demo workspace across the four stores. Everything goes through the real
// `ingest`, so the demo exercises the same path as a sync.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type Db } from '../db/connection';
import { ingest } from '../db/ingest';
import { migrate } from '../db/migrations';
import { putSetting } from '../db/settings';
import { stmt } from '../db/statements';
import type { Store } from '../ipc/vocabulary';
import type { IngestBatch } from '../domain/model';
import { DAY, MONTH, buildPurchase, type Built } from './build';
import { int, pick, seeded, type Rng } from './random';
import { wellKnown } from './wellKnown';

export interface ConsumptionRequestSeed {
  store: Store;
  storeKey: string;
  transactionId: string;
  requestedAt: number;
  deadlineAt: number;
}

export interface DemoWorkspace {
  batches: IngestBatch[];
  consumptionRequests: ConsumptionRequestSeed[];
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Goro', 'Hana', 'Ivan', 'Jonas', 'Kaito', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
const LAST = ['Alvarez', 'Berg', 'Chen', 'Dubois', 'Eze', 'Fischer', 'García', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Li', 'Müller', 'Nakamura'];
const PRODUCTS = ['pro_monthly', 'pro_yearly', 'plus_monthly'];
const CURRENCIES: [string, number][] = [['USD', 999], ['EUR', 899], ['GBP', 799], ['JPY', 1200]];

function randomCustomerPurchases(rng: Rng, n: number, now: number): Built[] {
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  const appUserId = rng() < 0.8 ? `user_${n}` : null;
  const email = rng() < 0.7 ? `${first}.${last}.${n}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') + '@example.org' : null;
  const count = rng() < 0.25 ? 2 : 1;
  const out: Built[] = [];
  for (let j = 0; j < count; j++) {
    const store = pick(rng, ['apple', 'google', 'stripe', 'amazon'] as const);
    const [currency, price] = pick(rng, CURRENCIES);
    const key = storeKeyFor(store, n, j);
    const periods = int(rng, 1, 14);
    const start = now - periods * MONTH + int(rng, 1, 25) * DAY;
    const b = buildPurchase(
      {
        store,
        storeKey: key,
        productId: pick(rng, PRODUCTS),
        start,
        periods,
        priceMinor: price,
        currency,
        trial: rng() < 0.2,
        customer: { appUserId, email, displayName: `${first} ${last}`, ids: customerIds(store, key, n, appUserId) },
        orderId: (k) => orderIdFor(store, n, j, k),
        raw: true,
      },
      now,
    );
    decorate(rng, b, store, now);
    out.push(b);
  }
  return out;
}

function storeKeyFor(store: Store, n: number, j: number): string {
  switch (store) {
    case 'apple':
      return `20000001${String(n * 10 + j).padStart(8, '0')}`;
    case 'google':
      return `gplay.${n}.${j}.AO-J1Oz${(n * 7919 + j).toString(36)}`;
    case 'stripe':
      return `sub_Demo${n}x${j}`;
    case 'amazon':
      return `amzn-receipt-${n}-${j}`;
    default:
      // a store added after the demo was written gets plain keys (issue 19: no edit here)
      return `${store}-${n}-${j}`;
  }
}

function customerIds(store: Store, key: string, n: number, appUserId: string | null): Built['purchase']['customer']['ids'] {
  switch (store) {
    case 'apple':
      return [{ kind: 'apple_original_transaction_id', value: key }];
    case 'google':
      return [{ kind: 'google_purchase_token', value: key }];
    case 'stripe':
      return [{ kind: 'stripe_customer', value: `cus_Demo${n}` }, { kind: 'stripe_subscription', value: key }];
    case 'amazon':
      return [{ kind: 'amazon_user_id', value: appUserId ? `amzn1.account.${appUserId}` : `amzn1.account.anon${n}` }, { kind: 'amazon_receipt_id', value: key }];
    default:
      return [];
  }
}

function orderIdFor(store: Store, n: number, j: number, k: number): string {
  switch (store) {
    case 'apple':
      return `20000002${String(n * 1000 + j * 100 + k).padStart(8, '0')}`;
    case 'google':
      // Google: one order ID per renewal, the base followed by ..0, ..1, …
      return `GPA.${3300 + (n % 600)}-${String(n).padStart(4, '0')}-${String(j).padStart(4, '0')}-00000${k ? `..${k - 1}` : ''}`;
    case 'stripe':
      return `in_Demo${n}x${j}x${k}`;
    case 'amazon':
      return `amzn-receipt-${n}-${j}`;
    default:
      return `${store}-order-${n}-${j}-${k}`;
  }
}

/** Refunds, cancellations, billing trouble and disputes, by what each store can report. */
function decorate(rng: Rng, b: Built, store: Store, now: number): void {
  const last = b.events[b.events.length - 1]!;
  const at = Math.min(now - DAY, last.occurredAt + int(rng, 1, 20) * DAY);
  const r = rng();
  const price = b.purchase.priceMinor ?? 0;
  if (r < 0.08) {
    if (store === 'apple') b.add('refund', at, { amountMinor: price, orderId: last.orderId, detail: { refundKind: 'full', reason: 'customer requested a refund from Apple', detectedVia: 'apple_notification_history', revokesAccess: true } });
    if (store === 'google') b.add('refund', at, { amountMinor: price, orderId: last.orderId, detail: { refundKind: 'full', revokesAccess: true, detectedVia: 'google_voided_purchases', summary: 'refund and revoke' } });
    if (store === 'stripe') b.add('refund', at, { amountMinor: price, orderId: last.orderId, detail: { refundKind: 'full', reason: 'requested_by_customer', detectedVia: 'stripe_events', status: 'succeeded', storeRef: `re_${last.dedupeKey.length}${Math.floor(rng() * 1e6)}` } });
    if (store === 'amazon') b.add('cancellation', at, { detail: { reason: 'cancelled by Amazon (for example, payment not completed in the grace period)', cancelReason: 2, possibleRefund: true, detectedVia: 'amazon_rvs' } });
  } else if (r < 0.12) {
    const part = Math.round(price * 0.4);
    if (store === 'google') b.add('refund', at, { amountMinor: part, orderId: last.orderId, detail: { refundKind: 'partial', revokesAccess: false, detectedVia: 'google_orders' } });
    else if (store === 'stripe') b.add('refund', at, { amountMinor: part, orderId: last.orderId, detail: { refundKind: 'partial', reason: 'requested_by_customer', detectedVia: 'stripe_events', status: 'succeeded' } });
    else if (store === 'apple') b.add('refund', at, { amountMinor: part, orderId: last.orderId, detail: { refundKind: 'prorated', revokesAccess: true, detectedVia: 'apple_notification_history', percentage: 40000 } });
  } else if (r < 0.2) {
    b.add('cancellation', at, { detail: { reason: 'auto-renew turned off by the customer' } });
  } else if (r < 0.23) {
    b.add('billing_issue', at, { detail: { reason: 'card declined' } });
    if (store !== 'stripe') b.add('grace_period', at + 1, { detail: { graceUntil: at + 16 * DAY } });
  } else if (r < 0.25 && store === 'stripe') {
    b.add('dispute_opened', at, { amountMinor: price, orderId: last.orderId, detail: { reason: 'fraudulent', storeRef: `dp_${Math.floor(rng() * 1e9)}` } });
  } else if (r < 0.26 && store === 'apple') {
    b.add('refund_declined', at, { orderId: last.orderId, detail: { detectedVia: 'apple_notification_history' } });
  }
}

/** The demo workspace: well-known customers first, then `customers` random ones. */
export function generateDemo(opts: { seed?: number; now?: number; customers?: number } = {}): DemoWorkspace {
  const now = opts.now ?? Date.now();
  const rng = seeded(opts.seed ?? 42);
  const known = wellKnown(now);
  const batches: IngestBatch[] = [{ purchases: known.built.map((b) => b.purchase), events: known.built.flatMap((b) => b.events) }];
  const n = opts.customers ?? 300;
  for (let i = 0; i < n; i += 50) {
    const built: Built[] = [];
    for (let c = i; c < Math.min(n, i + 50); c++) built.push(...randomCustomerPurchases(rng, c, now));
    batches.push({ purchases: built.map((b) => b.purchase), events: built.flatMap((b) => b.events) });
  }
  return { batches, consumptionRequests: known.consumptionRequests };
}

function writeConsumptionRequests(db: Db, seeds: ConsumptionRequestSeed[]): void {
  for (const r of seeds) {
    const p = stmt(db, 'SELECT id, customer_id FROM purchases WHERE store = ? AND store_key = ?').get(r.store, r.storeKey) as
      | { id: number; customer_id: number }
      | undefined;
    if (!p) continue;
    stmt(
      db,
      `INSERT OR IGNORE INTO refund_requests (purchase_id, customer_id, transaction_id, requested_at, deadline_at, status)
       VALUES (?, ?, ?, ?, ?, 'open')`,
    ).run(p.id, p.customer_id, r.transactionId, r.requestedAt, r.deadlineAt);
  }
}

/** Creates (or fills) the demo workspace at `file`, labelled as demo data in settings. */
export function createDemoWorkspace(file: string, opts: { seed?: number; now?: number; customers?: number } = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  migrate(db);
  const demo = generateDemo(opts);
  for (const b of demo.batches) ingest(db, b, opts.now);
  db.transaction(() => {
    writeConsumptionRequests(db, demo.consumptionRequests);
    putSetting(db, 'demo', 'true');
  })();
  return db;
}
