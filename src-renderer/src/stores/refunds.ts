// Refunds as the renderer sees them: previews, the one create call per confirm, and the
// intents' statuses as main pushes them (onRefundStatus). Main decides everything; this
// store only refuses to send the same confirm twice.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RefundIntentDto, RefundPreviewDto, RequestOf } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';

export type PreviewRequest = RequestOf<'refunds:preview'>;
export type CreateRequest = RequestOf<'refunds:create'>;

/** Intent states that may still change: the dialog keeps listening while in one of them. */
export const OPEN_STATUSES: ReadonlySet<RefundIntentDto['status']> = new Set(['pending', 'sent', 'unknown']);

export const useRefundsStore = defineStore('refunds', () => {
  const intents = ref<Record<string, RefundIntentDto>>({});
  /** Purchases with a create call on its way: a second confirm is refused here, before IPC. */
  const sending = ref<Record<number, boolean>>({});
  /** What each purchase's latest payment has had refunded, from its last preview: tells a partial refund from a full one. */
  const refundedOf = ref<Record<number, { refundedMinor: number; paidMinor: number; currency: string }>>({});
  const listeners = new Set<(intent: RefundIntentDto) => void>();
  let unsubscribe: (() => void) | null = null;

  function listen() {
    unsubscribe ??= desk().on.onRefundStatus((intent) => {
      intents.value = { ...intents.value, [intent.id]: intent };
      for (const listener of listeners) listener(intent);
    });
  }

  /** Called on every status change of any intent (e.g. the customer page reloads on success). */
  function onStatus(listener: (intent: RefundIntentDto) => void): () => void {
    listen();
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  async function preview(request: PreviewRequest): Promise<RefundPreviewDto> {
    listen();
    const p = await unwrap(desk().refunds.preview(request));
    if (!request.paymentRef || request.paymentRef === p.paymentRef) {
      refundedOf.value = { ...refundedOf.value, [p.purchaseId]: { refundedMinor: p.amounts.refundedMinor, paidMinor: p.amounts.paidMinor, currency: p.currency } };
    }
    return p;
  }

  /** This purchase's refunds still in flight or unconfirmed (from main, then kept current by status events). */
  async function listOpen(purchaseId: number): Promise<RefundIntentDto[]> {
    listen();
    const { intents: out } = await unwrap(desk().refunds.list({ purchaseId, statuses: ['pending', 'sent', 'unknown'] }));
    const next = { ...intents.value };
    for (const intent of out) if (!next[intent.id] || next[intent.id]!.updatedAt <= intent.updatedAt) next[intent.id] = intent;
    intents.value = next;
    return out;
  }

  async function create(request: CreateRequest): Promise<RefundIntentDto> {
    listen();
    if (sending.value[request.purchaseId]) throw new Error('This refund is already being sent.');
    sending.value = { ...sending.value, [request.purchaseId]: true };
    try {
      const intent = await unwrap(desk().refunds.create(request));
      // An event may have brought a newer status already; keep the latest one.
      const known = intents.value[intent.id];
      if (!known || known.updatedAt <= intent.updatedAt) intents.value = { ...intents.value, [intent.id]: intent };
      return intents.value[intent.id]!;
    } finally {
      const next = { ...sending.value };
      delete next[request.purchaseId];
      sending.value = next;
    }
  }

  async function refresh(intentId: string): Promise<RefundIntentDto> {
    const intent = await unwrap(desk().refunds.status({ intentId }));
    intents.value = { ...intents.value, [intent.id]: intent };
    return intent;
  }

  async function reconcile(intentId: string): Promise<RefundIntentDto | null> {
    const { intents: out } = await unwrap(desk().refunds.reconcile({ intentId }));
    for (const intent of out) intents.value = { ...intents.value, [intent.id]: intent };
    return out[0] ?? null;
  }

  return { intents, sending, refundedOf, listen, onStatus, preview, listOpen, create, refresh, reconcile };
});
