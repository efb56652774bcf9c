// Import and export over the workspace database. They take file paths, so they are NOT
// IPC channels: a page must never name a path to read or write. Main's own dialogs choose
// the file (transfer/handlers.ts), and these run with the path main chose.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { HandlerContext } from '../ipc/context';
import { DeskError } from '../ipc/define';
import type { ImportResultDto, ImportValidationDto } from '../ipc/channels/transfer';
import { appendAudit } from '../db/audit';
import { openDatabase, type Db } from '../db/connection';
import { customerHeader } from '../db/customers';
import { commitImport, throttledProgress, validateImport } from '../db/import';
import { createDbWorkerRunner, type DbWorkerRunner } from '../worker/runner';
import { importInWorker } from './importAsync';

export interface TransferOps {
  validateImport(file: string, ctx: HandlerContext): Promise<ImportValidationDto>;
  commitImport(file: string, ctx: HandlerContext): Promise<ImportResultDto>;
  exportCustomer(customerId: number, file: string, ctx: HandlerContext): Promise<{ file: string; lines: number }>;
  exportWorkspace(file: string, ctx: HandlerContext): Promise<{ file: string; lines: number }>;
}

export interface TransferDeps {
  db: Db;
  userDataDir: string;
  /**
   * Where the exports run: a worker thread with its own read-only connection (services.ts),
   * since a whole workspace held the main process for as long as it took (issue 20). Without
   * it (tests, scripts) the same tasks run on the calling thread (the runner's inline mode).
   */
  exports?: DbWorkerRunner;
  /** Commit imports in a worker thread (transfer/importAsync.ts); services.ts sets it. */
  importOffMain?: boolean;
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

/** The import's progress as onImportProgress events, throttled (the worker throttles its messages the same way). */
const throttled = (ctx: HandlerContext) =>
  throttledProgress((p) => ctx.emit('onImportProgress', { phase: p.phase, bytesRead: p.bytesRead, totalBytes: p.totalBytes, records: p.records }));

export function createTransferOps(deps: TransferDeps): TransferOps {
  const { db } = deps;
  const exports = deps.exports ?? createDbWorkerRunner({ name: 'The export', inline: true });
  return {
    validateImport: async (file, ctx) => validateImport(importPath(file), throttled(ctx)),
    commitImport: async (file, ctx) => {
      const path = importPath(file);
      // A connection of its own: the import's transaction stays open across the file's
      // reads, and no other write of this process may slip into it. In a worker thread of its
      // own when services.ts asks (importOffMain), else on this thread.
      const own = deps.importOffMain ? null : openDatabase(db.name);
      try {
        const report = own ? await commitImport(own, path, throttled(ctx)) : await importInWorker({ dbFile: db.name, file: path, now: Date.now() }, throttled(ctx));
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
        own?.close();
      }
    },
    exportCustomer: async (customerId, file, ctx) => {
      customerHeader(db, customerId);
      const path = exportPath(file, db);
      const args = { customerId, file: path, now: Date.now() };
      const { lines } = await exports.run(db, 'exportCustomer', args);
      appendAudit(db, { agent: ctx.agent, action: 'transfer.exportCustomer', target: `customer:${customerId}`, result: 'ok', detail: { file: basename(path), lines } });
      return { file: basename(path), lines };
    },
    exportWorkspace: async (file, ctx) => {
      const path = exportPath(file, db);
      const args = { file: path, now: Date.now() };
      const { lines } = await exports.run(db, 'exportWorkspace', args);
      appendAudit(db, { agent: ctx.agent, action: 'transfer.exportWorkspace', target: basename(path), result: 'ok', detail: { lines } });
      return { file: basename(path), lines };
    },
  };
}
