// A customer's timeline, page by page with keyset pagination on (occurred_at, id):
// constant cost per page however deep the agent scrolls, unlike OFFSET.
import type { TimelineCursorDto, TimelineEventDto, TimelinePageDto } from '../ipc/channels/customers';
import type { EventType, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { ledgerRefOfType, ledgerStateOf, parseLedgerDedupeKey } from './timelineLedger';
import { stmt } from './statements';

export interface TimelineQuery {
  customerId: number;
  order: 'newest' | 'oldest';
  stores?: Store[] | null;
  types?: EventType[] | null;
  after?: TimelineCursorDto | null;
  limit: number;
}

const COLS = `e.id, e.purchase_id, e.store, e.type, e.occurred_at, e.seen_at, e.source, e.amount_minor, e.currency,
  e.order_id, e.detail, p.product_id, e.dedupe_key`;
// Store/type filters travel as JSON arrays so the SQL text stays constant and parameterized.
const FILTERS = `AND (@stores IS NULL OR e.store IN (SELECT value FROM json_each(@stores)))
  AND (@types IS NULL OR e.type IN (SELECT value FROM json_each(@types)))`;
const NEWEST = `SELECT ${COLS} FROM events e LEFT JOIN purchases p ON p.id = e.purchase_id
  WHERE e.customer_id = @customerId AND (e.occurred_at, e.id) < (@at, @id) ${FILTERS}
  ORDER BY e.occurred_at DESC, e.id DESC LIMIT @limit`;
const OLDEST = `SELECT ${COLS} FROM events e LEFT JOIN purchases p ON p.id = e.purchase_id
  WHERE e.customer_id = @customerId AND (e.occurred_at, e.id) > (@at, @id) ${FILTERS}
  ORDER BY e.occurred_at ASC, e.id ASC LIMIT @limit`;

interface Row {
  id: number;
  purchase_id: number | null;
  store: Store | null;
  type: EventType;
  occurred_at: number;
  seen_at: number;
  source: string;
  amount_minor: number | null;
  currency: string | null;
  order_id: string | null;
  detail: string | null;
  product_id: string | null;
  dedupe_key: string;
}

export function timelinePage(db: Db, q: TimelineQuery): TimelinePageDto {
  const newest = q.order === 'newest';
  const edge = newest ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  const rows = stmt(db, newest ? NEWEST : OLDEST).all({
    customerId: q.customerId,
    limit: q.limit + 1,
    stores: q.stores?.length ? JSON.stringify(q.stores) : null,
    types: q.types?.length ? JSON.stringify(q.types) : null,
    at: q.after ? q.after.occurredAt : edge,
    id: q.after ? q.after.id : edge,
  }) as Row[];
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit).map((r) => withLedger(db, r, toRow(r)));
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { occurredAt: last.occurredAt, id: last.id } : null };
}

function toRow(r: Row): TimelineEventDto {
  const detail = r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null;
  return {
    id: r.id,
    purchaseId: r.purchase_id,
    store: r.store,
    type: r.type,
    occurredAt: r.occurred_at,
    seenAt: r.seen_at,
    source: r.source,
    amountMinor: r.amount_minor,
    currency: r.currency,
    orderId: r.order_id,
    detail,
    // an event that names its own product (imported history) keeps it after a later plan change
    productId: typeof detail?.['productId'] === 'string' ? detail['productId'] : r.product_id,
  };
}

/** A refund or dispute event carries its ledger row's current status, so a badge can say pending, failed or reversed. */
function withLedger(db: Db, r: Row, dto: TimelineEventDto): TimelineEventDto {
  // Events stored before the ledger keep their old keys: their type says which row to look for.
  const ref = parseLedgerDedupeKey(r.dedupe_key) ?? (r.store ? ledgerRefOfType(r.type, r.store) : null);
  if (!ref || ref.kind === 'payment') return dto;
  const state = ledgerStateOf(db, ref, { orderId: r.order_id, amountMinor: r.amount_minor, detail: dto.detail });
  return state ? { ...dto, ...state } : dto;
}
