// The cache's IPC handlers: plain functions over an explicit db handle. DTOs are built
// field by field here: no SQL row or secret crosses IPC.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Handlers } from '../ipc/contract';
import type { HandlerContext } from '../ipc/context';
import { DeskError } from '../ipc/define';
import type { PurchaseDto } from '../ipc/channels/customers';
import type { ImportResultDto, ImportValidationDto } from '../ipc/channels/transfer';
import { appendAudit } from '../db/audit';
import { openDatabase, type Db } from '../db/connection';
import { customerMoney, type CustomerMoney } from '../db/customerMoney';
import { customerHeader, customerPurchases, customerSummary, listCustomers, recentCustomers, touchRecent } from '../db/customers';
import { commitImport, validateImport, type ImportProgress } from '../db/import';
import { exportCustomer, exportWorkspace } from '../db/import/export';
import { addNote, mergeCustomers, unmergeCustomer } from '../db/merge';
import { search } from '../db/search';
import { stmt } from '../db/statements';
import { timelinePage } from '../db/timeline';

export type CacheChannel =
  | 'customers:search'
  | 'customers:get'
  | 'customers:timeline'
  | 'customers:event'
  | 'customers:recent'
  | 'customers:list'
  | 'customers:merge'
  | 'customers:unmerge'
  | 'customers:addNote';

/**
 * Import and export take file paths, so they are NOT IPC channels: a page must never name
 * a path to read or write. Main's own dialogs choose the file (src-main/app/files.ts).
 */
export interface TransferOps {
  validateImport(file: string, ctx: HandlerContext): Promise<ImportValidationDto>;
  commitImport(file: string, ctx: HandlerContext): Promise<ImportResultDto>;
  exportCustomer(customerId: number, file: string, ctx: HandlerContext): { file: string; lines: number };
  exportWorkspace(file: string, ctx: HandlerContext): { file: string; lines: number };
}

export interface CacheDeps {
  db: Db;
  userDataDir: string;
}

/** An import file: an absolute path to an existing regular file. */
function importPath(file: string): string {
  if (!isAbsolute(file)) throw new DeskError('invalid_input', 'Choose the file again: the path must be absolute.');
  const p = resolve(file);
  if (!existsSync(p) || !statSync(p).isFile()) throw new DeskError('invalid_input', `No file at ${p}.`);
  return p;
}

/** An export target: absolute, in an existing folder, not the workspace database itself. */
function exportPath(file: string, db: Db): string {
  if (!isAbsolute(file)) throw new DeskError('invalid_input', 'Choose where to save again: the path must be absolute.');
  const p = resolve(file);
  if (!existsSync(dirname(p)) || !statSync(dirname(p)).isDirectory()) throw new DeskError('invalid_input', `The folder ${dirname(p)} does not exist.`);
  if (p === resolve(db.name) || p.startsWith(resolve(db.name) + '-')) throw new DeskError('invalid_input', 'That is the workspace database itself; choose another file.');
  if (existsSync(p) && !statSync(p).isFile()) throw new DeskError('invalid_input', `${p} is not a file.`);
  return p;
}

/** At most one progress event per 100 ms: a 50 MB file must not flood the renderer. */
function throttled(ctx: HandlerContext): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (t - last < 100 && p.bytesRead < p.totalBytes) return;
    last = t;
    ctx.emit('onImportProgress', { phase: p.phase, bytesRead: p.bytesRead, totalBytes: p.totalBytes, records: p.records });
  };
}

export function createCacheHandlers(deps: CacheDeps): Pick<Handlers<HandlerContext>, CacheChannel> {
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
      const money = customerMoney(db, customerId);
      return { header, purchases: purchases(customerId, money), summary: customerSummary(db, customerId, Date.now(), money) };
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

export function createTransferOps(deps: CacheDeps): TransferOps {
  const { db } = deps;
  return {
    validateImport: async (file, ctx) => validateImport(importPath(file), throttled(ctx)),
    commitImport: async (file, ctx) => {
      const path = importPath(file);
      // A connection of its own: the import's transaction stays open across the file's
      // reads, and no other write of this process may slip into it.
      const own = openDatabase(db.name);
      try {
        const report = await commitImport(own, path, throttled(ctx));
        appendAudit(db, {
          agent: ctx.agent,
          action: 'transfer.import',
          target: basename(path),
          result: 'ok',
          detail: { format: report.format, inserted: report.inserted, skipped: report.skipped, errorCount: report.errorCount },
        });
        return report;
      } catch (e) {
        appendAudit(db, { agent: ctx.agent, action: 'transfer.import', target: basename(path), result: 'failed', detail: { message: (e as Error).message } });
        throw e instanceof DeskError ? e : new DeskError('internal', `The import failed and nothing was written: ${(e as Error).message}`);
      } finally {
        own.close();
      }
    },
    exportCustomer: (customerId, file, ctx) => {
      customerHeader(db, customerId);
      const path = exportPath(file, db);
      const { lines } = exportCustomer(db, customerId, path);
      appendAudit(db, { agent: ctx.agent, action: 'transfer.exportCustomer', target: `customer:${customerId}`, result: 'ok', detail: { file: basename(path), lines } });
      return { file: basename(path), lines };
    },
    exportWorkspace: (file, ctx) => {
      const path = exportPath(file, db);
      const { lines } = exportWorkspace(db, path);
      appendAudit(db, { agent: ctx.agent, action: 'transfer.exportWorkspace', target: basename(path), result: 'ok', detail: { lines } });
      return { file: basename(path), lines };
    },
  };
}
