// Intent rows → the DTO the renderer sees (no idempotency key, no raw store payloads).
import type { RefundIntentDto } from '../ipc/channels/refunds';
import type { Intent } from './intents';
import { ACCESS_ENDED_STEP } from './record';

/** A two-step refund that ended access but moved no money: how to finish safely. */
function finishOf(i: Intent): string | null {
  if (i.status !== 'failed' || i.mode !== 'refund_and_revoke') return null;
  if (!i.steps.includes(ACCESS_ENDED_STEP)) return null;
  return i.store === 'stripe'
    ? `Subscription cancelled; refund not sent. Press Refund to finish: it refunds ${i.paymentRef} without cancelling again.`
    : 'Access ended; refund not sent. Press Refund to finish.';
}

export function toDto(i: Intent): RefundIntentDto {
  return {
    id: i.id,
    store: i.store,
    purchaseId: i.purchaseId,
    paymentRef: i.paymentRef,
    amountMinor: i.amountMinor,
    currency: i.currency,
    mode: i.mode,
    refundKind: i.refundKind,
    reason: i.reason,
    note: i.note,
    agent: { osUser: i.agentOsUser, name: i.agentName },
    status: i.status,
    storeRef: i.storeRef,
    message: i.storeMessage,
    steps: i.steps,
    finish: finishOf(i),
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}
