// Reading one customer: header, purchases, summary; recent and filtered lists.
import type { CustomerHeaderDto, CustomerSummaryDto, PurchaseDto } from '../ipc/channels/customers';
import { DeskError } from '../ipc/define';
import type { EntitlementState, PurchaseKind, Store } from '../ipc/vocabulary';
import type { Db } from './connection';
import { customerMoney, OPEN_DISPUTE_STATUSES_JSON, type CustomerMoney } from './customerMoney';
import { effectiveState } from './entitlement';
import { getSetting, putSetting } from './settings';
import { stmt } from './statements';

/** A purchase's refund figures from the ledger (succeeded apart from pending). */
function ledgerFigures(money: CustomerMoney, purchaseId: number): Pick<PurchaseDto, 'refunded' | 'pendingRefunds'> {
  const m = money.byPurchase.get(purchaseId);
  return { refunded: m?.refunded.list() ?? [], pendingRefunds: m?.pending.list() ?? [] };
}

/** The cache knows nothing of store capabilities; the refunds area fills them in (refunds:preview). */
export type PurchaseSummary = Omit<PurchaseDto, 'capabilities'>;

interface CustomerRow {
  id: number;
  app_user_id: string | null;
  email: string | null;
  display_name: string | null;
  merged_into: number | null;
  created_at: number;
}

export function customerHeader(db: Db, id: number): CustomerHeaderDto {
  const c = stmt(db, 'SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
  if (!c) throw new DeskError('not_found', `No customer ${id} in this workspace.`);
  const stores = (stmt(db, 'SELECT DISTINCT store FROM purchases WHERE customer_id = ?').all(id) as { store: Store }[]).map(
    (r) => r.store,
  );
  const ids = stmt(db, 'SELECT store, kind, value FROM customer_ids WHERE customer_id = ? ORDER BY kind, value LIMIT 200').all(
    id,
  ) as CustomerHeaderDto['ids'];
  return {
    id: c.id,
    appUserId: c.app_user_id,
    email: c.email,
    displayName: c.display_name,
    mergedInto: c.merged_into,
    createdAt: c.created_at,
    stores,
    ids,
  };
}

export function customerPurchases(db: Db, customerId: number, now = Date.now(), money = customerMoney(db, customerId)): PurchaseSummary[] {
  const rows = stmt(db, 'SELECT * FROM purchases WHERE customer_id = ? ORDER BY purchased_at DESC, id DESC').all(
    customerId,
  ) as Record<string, unknown>[];
  return rows.map((r) => ({
    ...ledgerFigures(money, r.id as number),
    id: r.id as number,
    store: r.store as Store,
    storeKey: r.store_key as string,
    productId: r.product_id as string,
    kind: r.kind as PurchaseKind,
    environment: r.environment as string,
    purchasedAt: r.purchased_at as number,
    priceMinor: r.price_minor as number | null,
    currency: r.currency as string | null,
    expiresAt: r.expires_at as number | null,
    autoRenew: r.auto_renew == null ? null : r.auto_renew === 1,
    ids: JSON.parse(r.ids as string) as Record<string, string>,
    state: effectiveState(r.state as EntitlementState, r.state_until as number | null, now),
    stateUntil: r.state_until as number | null,
    stateReason: r.state_reason as string | null,
  }));
}

export function customerSummary(db: Db, customerId: number, now = Date.now(), money = customerMoney(db, customerId)): CustomerSummaryDto {
  const openRequests = (
    stmt(db, "SELECT COUNT(*) AS n FROM refund_requests WHERE customer_id = ? AND status = 'open' AND deadline_at > ?").get(
      customerId,
      now,
    ) as { n: number }
  ).n;
  return {
    spent: money.spent.list(),
    refunded: money.refunded.list(),
    refundCount: money.refundCount,
    openDisputes: money.openDisputes,
    openInquiries: money.openInquiries,
    pendingRefunds: money.pending.list(),
    openRefundRequests: openRequests,
    risk: {
      refundsOnSeveralStores: money.refundStores.size > 1,
      refundAfterConsumption: money.refundedConsumable,
      openDispute: money.openDisputes > 0,
    },
  };
}

const RECENT_KEY = 'recent_customers';

/** Remembers that the agent opened this customer (newest first, at most 20). */
const recentIds = (db: Db): number[] => JSON.parse(getSetting(db, RECENT_KEY) ?? '[]') as number[];

export function touchRecent(db: Db, customerId: number): void {
  const next = [customerId, ...recentIds(db).filter((id) => id !== customerId)].slice(0, 20);
  putSetting(db, RECENT_KEY, JSON.stringify(next));
}

export function recentCustomers(db: Db, limit = 20): CustomerHeaderDto[] {
  const ids = recentIds(db);
  const out: CustomerHeaderDto[] = [];
  for (const id of ids.slice(0, limit)) {
    try {
      out.push(customerHeader(db, id));
    } catch {
      // a customer that no longer exists drops out of the list
    }
  }
  return out;
}

export interface CustomerListFilter {
  store?: Store | null;
  hasRefund?: boolean;
  hasOpenDispute?: boolean;
  state?: EntitlementState | null;
  /** Keyset: customers with an id below this one (list is newest first). */
  beforeId?: number | null;
  limit: number;
}

const LIST = `SELECT c.id FROM customers c WHERE c.merged_into IS NULL AND c.id < @before
  AND (@store IS NULL OR EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.store = @store))
  AND (@refund = 0 OR EXISTS (SELECT 1 FROM refunds r WHERE r.customer_id = c.id AND r.status = 'succeeded'))
  AND (@dispute = 0 OR EXISTS (SELECT 1 FROM disputes d WHERE d.customer_id = c.id
        AND d.status IN (SELECT value FROM json_each(@openDisputes))))
  AND (@state IS NULL OR EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.state = @state))
  ORDER BY c.id DESC LIMIT @limit`;

export function listCustomers(db: Db, f: CustomerListFilter): { customers: CustomerHeaderDto[]; nextBeforeId: number | null } {
  const ids = stmt(db, LIST).all({
    before: f.beforeId ?? Number.MAX_SAFE_INTEGER,
    store: f.store ?? null,
    refund: f.hasRefund ? 1 : 0,
    dispute: f.hasOpenDispute ? 1 : 0,
    openDisputes: OPEN_DISPUTE_STATUSES_JSON,
    state: f.state ?? null,
    limit: f.limit + 1,
  }) as { id: number }[];
  const page = ids.slice(0, f.limit);
  return {
    customers: page.map((r) => customerHeader(db, r.id)),
    nextBeforeId: ids.length > f.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
