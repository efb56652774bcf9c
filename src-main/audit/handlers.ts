// The audit: channels: the append-only log, read and exported to a file main's save
// dialog chose (the renderer never names a path).
import type { Db } from '../db/connection';
import type { PrefixHandlers } from '../ipc/context';
import { DeskError } from '../ipc/define';
import { exportAuditCsv, listAudit } from '../refunds/audit';

export interface AuditHandlerOptions {
  /** Main's save dialog: the renderer never names a path. Null when the agent cancelled. */
  chooseCsvFile?: () => Promise<string | null>;
}

export function createAuditHandlers(db: Db, opts: AuditHandlerOptions = {}): PrefixHandlers<'audit'> {
  return {
    'audit:list': (req) => listAudit(db, req),
    'audit:exportCsv': async (req) => {
      if (!opts.chooseCsvFile) throw new DeskError('internal', 'Export is not available in this window.');
      const file = await opts.chooseCsvFile();
      if (!file) return { cancelled: true as const };
      return exportAuditCsv(db, file, req.filter ?? {});
    },
  };
}
