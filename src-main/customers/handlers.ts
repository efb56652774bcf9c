// The customers: channels: plain functions over an explicit db handle. DTOs are built
// field by field here: no SQL row or secret crosses IPC.
import type { PrefixHandlers } from '../ipc/context';
import { DeskError } from '../ipc/define';
import type { PurchaseDto } from '../ipc/channels/customers';
import { appendAudit } from '../db/audit';
import type { Db } from '../db/connection';
import { customerMoney, type CustomerMoney } from '../db/customerMoney';
import type { PaidSum } from '../db/ledgerFigures';
import { customerHeader, customerPurchases, customerSummary, listCustomers, recentCustomers, touchRecent } from '../db/customers';
import { addNote, mergeCustomers, unmergeCustomer } from '../db/merge';
import { search } from '../db/search';
import { stmt } from '../db/statements';
import { timelinePage } from '../db/timeline';

export interface CacheDeps {
  db: Db;
  userDataDir: string;
  /**
   * The customer's paid sums per currency (db/ledgerFigures paidByCurrency), read off the
   * main thread: services.ts runs them in the read worker (issue 20: 5 ms and more of index
   * scan for a customer with 100,000 renewals). Default: read here.
   */
  spentOf?: (customerId: number) => Promise<PaidSum[]>;
}

export function createCacheHandlers(deps: CacheDeps): PrefixHandlers<'customers'> {
  const { db } = deps;
  const purchases = (customerId: number, money: CustomerMoney): PurchaseDto[] =>
    customerPurchases(db, customerId, Date.now(), money).map((p) => ({ ...p, ids: { ...p.ids }, capabilities: null }));
  return {
    'customers:search': ({ query, limit }) => ({
      hits: search(db, query, limit).map((h) => ({
        customer: customerHeader(db, h.customerId),
        rank: h.rank,
        matchKind: h.matchKind,
        matchValue: h.matchValue,
      })),
    }),
    'customers:get': ({ customerId }) => {
      const header = customerHeader(db, customerId);
      touchRecent(db, customerId);
      // one read of the customer's ledger for both the purchases and the summary
      const detail = (paid?: PaidSum[]) => {
        const money = customerMoney(db, customerId, paid);
        return { header, purchases: purchases(customerId, money), summary: customerSummary(db, customerId, Date.now(), money) };
      };
      return deps.spentOf ? deps.spentOf(customerId).then(detail) : detail();
    },
    'customers:timeline': (req) => {
      customerHeader(db, req.customerId);
      return timelinePage(db, {
        customerId: req.customerId,
        order: req.order,
        limit: req.limit,
        after: req.after ?? null,
        stores: req.stores ?? null,
        types: req.types ?? null,
      });
    },
    'customers:event': ({ eventId }) => {
      const row = stmt(db, 'SELECT id, raw FROM events WHERE id = ?').get(eventId) as { id: number; raw: string | null } | undefined;
      if (!row) throw new DeskError('not_found', `No event ${eventId} in this workspace.`);
      return { id: row.id, raw: row.raw == null ? null : (JSON.parse(row.raw) as unknown) };
    },
    'customers:recent': () => ({ customers: recentCustomers(db) }),
    'customers:list': (req) => {
      const out = listCustomers(db, {
        limit: req.limit,
        store: req.store ?? null,
        hasRefund: req.hasRefund ?? false,
        hasOpenDispute: req.hasOpenDispute ?? false,
        state: req.state ?? null,
        beforeId: req.beforeId ?? null,
      });
      return { customers: out.customers, nextBeforeId: out.nextBeforeId };
    },
    'customers:merge': ({ fromCustomerId, intoCustomerId }, ctx) => {
      const target = `customer:${fromCustomerId}->${intoCustomerId}`;
      try {
        const { mergeId } = mergeCustomers(db, fromCustomerId, intoCustomerId);
        appendAudit(db, { agent: ctx.agent, action: 'customers.merge', target, result: 'ok', detail: { mergeId } });
        return { mergeId, customer: customerHeader(db, intoCustomerId) };
      } catch (e) {
        appendAudit(db, { agent: ctx.agent, action: 'customers.merge', target, result: 'refused', detail: { message: (e as Error).message } });
        throw e;
      }
    },
    'customers:unmerge': ({ customerId }, ctx) => {
      const { restoredFrom } = unmergeCustomer(db, customerId);
      appendAudit(db, { agent: ctx.agent, action: 'customers.unmerge', target: `customer:${customerId}`, result: 'ok', detail: { restoredFrom } });
      return { customer: customerHeader(db, customerId), restoredFrom };
    },
    'customers:addNote': ({ customerId, text }, ctx) => {
      const eventId = addNote(db, customerId, text, ctx.agent);
      appendAudit(db, { agent: ctx.agent, action: 'customers.addNote', target: `customer:${customerId}`, result: 'ok', detail: { eventId } });
      return { eventId };
    },
  };
}
