// The refunds and audit channels, as plain functions over the services. Apple and
// Amazon are refused by the service itself, so a renderer that bypasses the UI gets
// not_allowed_by_store all the same.
import type { Db } from '../db/connection';
import type { Handlers } from '../ipc/contract';
import type { HandlerContext } from '../ipc/context';
import { DeskError } from '../ipc/define';
import { exportAuditCsv, listAudit } from './audit';
import type { RefundService } from './service';

export type RefundChannel = 'refunds:preview' | 'refunds:create' | 'refunds:status' | 'refunds:list' | 'refunds:reconcile';
export type AuditChannel = 'audit:list' | 'audit:exportCsv';

export function createRefundHandlers(service: RefundService): Pick<Handlers<HandlerContext>, RefundChannel> {
  return {
    'refunds:preview': (req) => service.preview(req),
    'refunds:create': (req, ctx) => service.create(req, ctx.agent),
    'refunds:status': (req) => service.status(req.intentId),
    'refunds:list': (req) => ({ intents: service.list(req) }),
    'refunds:reconcile': async (req, ctx) =>
      ({ intents: req.intentId ? [await service.reconcile(req.intentId, ctx.agent)] : await service.reconcileAll(ctx.agent) }),
  };
}

export interface AuditHandlerOptions {
  /** Main's save dialog: the renderer never names a path. Null when the agent cancelled. */
  chooseCsvFile?: () => Promise<string | null>;
}

export function createAuditHandlers(db: Db, opts: AuditHandlerOptions = {}): Pick<Handlers<HandlerContext>, AuditChannel> {
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
