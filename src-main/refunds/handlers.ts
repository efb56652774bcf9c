// The refunds: channels, as plain functions over the services. Apple and
// Amazon are refused by the service itself, so a renderer that bypasses the UI gets
// not_allowed_by_store all the same. Every refund the policy allows is confirmed by the
// agent in main's own dialog first (confirm.ts), whatever the renderer says.
import { appendAudit } from '../db/audit';
import type { Db } from '../db/connection';
import type { ParsedRequestOf } from '../ipc/contract';
import type { PrefixHandlers } from '../ipc/context';
import { DeskError } from '../ipc/define';
import type { AgentIdentity } from '../ipc/context';
import { describeRefund, type ConfirmRefund } from './confirm';
import type { RefundService } from './service';

export interface RefundConfirmOptions {
  db: Db;
  /** Main's native dialog (src-main/shell/dialogs.ts); tests inject the agent's answer. */
  confirm: ConfirmRefund;
}

/**
 * Asks the agent in main before a refund is created. A refund the policy refuses gets no
 * dialog: service.create refuses it with its reason (and audits that), from the same
 * facts and the same planRefund the preview used.
 */
async function confirmInMain(service: RefundService, { db, confirm }: RefundConfirmOptions, req: ParsedRequestOf<'refunds:create'>, agent: AgentIdentity): Promise<void> {
  const ask = { purchaseId: req.purchaseId, paymentRef: req.paymentRef, mode: req.mode, refundKind: req.refundKind, amountMinor: req.amountMinor };
  let before;
  try {
    before = await service.preview(ask);
  } catch (e) {
    if (e instanceof DeskError) return;
    throw e;
  }
  const { summary } = before;
  if (!summary) return;
  const confirmation = describeRefund(db, req, { ...before, summary });
  const target = `${before.store}:${before.paymentRef}`;
  const detail = { amountMinor: summary.amountMinor, currency: before.currency, mode: req.mode, refundKind: req.refundKind };
  if (!(await confirm(confirmation))) {
    appendAudit(db, { agent, action: 'refund.notConfirmed', target, result: 'refused', detail });
    throw new DeskError('not_confirmed', `Not refunded: the refund of ${confirmation.confirmLabel.replace(/^Refund( and revoke)? /, '')} was not confirmed. Nothing was sent to the store.`);
  }
  // The dialog may stay open while a sync changes the payment: what is sent must be what was confirmed.
  const after = await service.preview(ask);
  if (!after.summary || after.summary.amountMinor !== summary.amountMinor || after.currency !== before.currency || after.paymentRef !== before.paymentRef || after.summary.effect !== summary.effect) {
    appendAudit(db, { agent, action: 'refund.notConfirmed', target, result: 'refused', detail: { ...detail, reason: 'changed while the confirmation was open' } });
    throw new DeskError('conflict', 'The payment changed while the confirmation was open. Nothing was sent; check the refund again.');
  }
}

export function createRefundHandlers(service: RefundService, confirmation?: RefundConfirmOptions): PrefixHandlers<'refunds'> {
  return {
    'refunds:preview': (req) => service.preview(req),
    'refunds:create': async (req, ctx) => {
      if (confirmation) await confirmInMain(service, confirmation, req, ctx.agent);
      return service.create(req, ctx.agent);
    },
    'refunds:status': (req) => service.status(req.intentId),
    'refunds:list': (req) => ({ intents: service.list(req) }),
    'refunds:reconcile': async (req, ctx) =>
      ({ intents: req.intentId ? [await service.reconcile(req.intentId, ctx.agent)] : await service.reconcileAll(ctx.agent) }),
  };
}
