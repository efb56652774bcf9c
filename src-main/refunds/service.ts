// Refunds, exactly once (DESIGN.md §5). The order of writes is the whole point:
//   policy → reconcile an unknown intent of the payment → intent 'pending' on disk
//   (synchronous=FULL) → 'sent' on disk → the store → the outcome in one transaction.
// A crash anywhere leaves either a 'pending' intent (nothing was sent: it can fail
// safely) or a 'sent'/'unknown' one, which is reconciled with the store before the
// payment can be refunded again. An unknown intent is never retried under a new key:
// Stripe's is settled by the identical request under its own key (DESIGN §5.6).
import type { Db } from '../db/connection';
import { appendAudit } from '../db/audit';
import type { RefundIntentDto, RefundPreviewDto } from '../ipc/channels/refunds';
import type { AgentIdentity, Emit } from '../ipc/context';
import { DeskError } from '../ipc/define';
import { STORE_PROFILES } from '../domain/profiles';
import type { Store } from '../ipc/vocabulary';
import type { StoreAdapter, StoreRefundOutcome, StoreRefundRequest } from '../stores/adapter';
import { readPurchaseFacts } from './facts';
import {
  getIntent,
  insertIntent,
  intentsWithStatus,
  listIntents,
  OPEN_STATUSES,
  openIntentFor,
  setIntentStatus,
  conflictError,
  agentWords,
  repeatError,
  sendKeyFor,
  storeKeyOf,
  succeededWithKey,
  type Intent,
  type IntentFilter,
} from './intents';
import { expectedAtStore } from './expected';
import { assertStoreRefunds, findPayment, planRefund, type PolicyEnv, type RefundInput } from './policy';
import { previewRefund, previewScope, type PreviewInput } from './preview';
import { recordFailure, recordSuccess, recordUnknown, target } from './record';
import { toDto } from './dto';
import { purchaseTotals, type PurchaseTotal } from './totals';

export interface RefundServiceDeps {
  db: Db;
  /** The store's adapter built with its credential; null when no credential is set. */
  adapterFor(store: Store): StoreAdapter | null | Promise<StoreAdapter | null>;
  isOnline(): boolean;
  now(): number;
  newId(): string;
  /** Pushes onRefundStatus to the renderer on every status change. */
  emit?: Emit;
  /**
   * The purchase's totals over all its payments (refunds/totals.ts), read off the main
   * thread: services.ts runs them in the read worker (issue 20: 7-9 ms of index scan for a
   * purchase with 100,000 renewals, more on a cold cache). Default: read here.
   */
  purchaseTotals?: (store: Store, purchaseId: number) => Promise<PurchaseTotal[]>;
}

/** allowRepeat: the agent confirmed a second refund of the same amount of the same payment. */
export type CreateInput = RefundInput & { allowRepeat?: boolean };

export interface RefundService {
  preview(input: PreviewInput): Promise<RefundPreviewDto>;
  create(input: CreateInput, agent: AgentIdentity): Promise<RefundIntentDto>;
  status(intentId: string): RefundIntentDto;
  list(filter?: IntentFilter): RefundIntentDto[];
  /** Settles one intent with the store; never starts a second refund (Stripe: the identical request again). */
  reconcile(intentId: string, agent?: AgentIdentity): Promise<RefundIntentDto>;
  /** At start-up: every intent a previous run left open. */
  reconcileAll(agent?: AgentIdentity): Promise<RefundIntentDto[]>;
}

/**
 * A refund-and-revoke whose revoke step happened although no refund was made: the adapter
 * says so as data (StoreRefundOutcome.accessEnded; Stripe sets it on every outcome after
 * its cancel step), never read back from the step texts.
 */
function accessEnded(intent: Intent, out: { accessEnded?: boolean }): boolean {
  return intent.mode === 'refund_and_revoke' && out.accessEnded === true;
}

/** What a store request adds to the intent's own fields, per path (create, reconcile). */
type RequestExtra = Pick<StoreRefundRequest, 'purchaseKind' | 'orderCreatedAt' | 'isRetry' | 'expected'>;

export function createRefundService(deps: RefundServiceDeps): RefundService {
  const { db } = deps;
  const totalsOf = deps.purchaseTotals ?? (async (store: Store, purchaseId: number) => purchaseTotals(db, store, purchaseId));
  /** Intents whose store call runs in this process: not to be reconciled under its feet. */
  const inFlight = new Set<string>();

  const emit = (id: string): RefundIntentDto => {
    const dto = toDto(getIntent(db, id)!);
    deps.emit?.('onRefundStatus', dto);
    return dto;
  };

  async function env(store: Store): Promise<{ env: PolicyEnv; adapter: StoreAdapter | null }> {
    const adapter = STORE_PROFILES[store].canRefund ? await deps.adapterFor(store) : null;
    return { adapter, env: { now: deps.now(), online: deps.isOnline(), configured: adapter?.refund != null } };
  }

  function storeRequest(intent: Intent, purchaseKey: string, extra: RequestExtra): StoreRefundRequest {
    // Every field derives from the intent: each attempt sends byte-identical parameters.
    const key = storeKeyOf(intent.idemKey);
    return {
      intentId: intent.id,
      idempotencyKey: key,
      agent: agentWords(intent),
      intentCreatedAt: intent.createdAt,
      allowRepeat: key.includes(':again:'),
      purchaseKey,
      paymentRef: intent.paymentRef,
      mode: intent.mode,
      refundKind: intent.refundKind,
      amountMinor: intent.amountMinor,
      currency: intent.currency,
      reason: intent.reason,
      note: intent.note,
      ...extra,
    };
  }

  function requestFor(intent: Intent): StoreRefundRequest {
    const f = intent.purchaseId != null ? readPurchaseFacts(db, intent.purchaseId, { paymentRef: intent.paymentRef }) : null;
    const paidAt = f?.payments.find((p) => p.ref === intent.paymentRef)?.paidAt;
    return storeRequest(intent, f?.storeKey ?? intent.paymentRef, { purchaseKind: f?.kind, ...(paidAt != null ? { orderCreatedAt: paidAt } : {}) });
  }

  async function reconcileOne(intent: Intent, by?: AgentIdentity): Promise<Intent> {
    if (inFlight.has(intent.id)) return intent;
    const now = deps.now();
    if (intent.status === 'pending') {
      // 'sent' is on disk before any byte goes out: a pending intent never reached the store.
      recordFailure(db, intent, { message: 'Not sent: Refund Desk stopped before calling the store. Nothing was refunded.', steps: ['never sent'] }, now, { via: 'reconcile', by });
      return getIntent(db, intent.id)!;
    }
    if (intent.status !== 'sent' && intent.status !== 'unknown') return intent;
    const { adapter, env: e } = await env(intent.store);
    if (!adapter?.reconcile) throw new DeskError('not_configured', `A refund of ${intent.paymentRef} waits for confirmation, but no ${intent.store} credential is set to ask the store.`);
    if (!e.online) throw new DeskError('offline', `A refund of ${intent.paymentRef} waits for confirmation from the store; Refund Desk is offline.`, true);
    inFlight.add(intent.id);
    let r: StoreRefundOutcome | { status: 'not_found' };
    try {
      r = await adapter.reconcile(requestFor(intent));
    } catch (err) {
      r = { status: 'unknown', message: err instanceof Error ? err.message : 'The store did not answer.' };
    } finally {
      inFlight.delete(intent.id);
    }
    const at = deps.now();
    if (r.status === 'succeeded') {
      recordSuccess(db, intent, { ...r, steps: [...(r.steps ?? []), 'confirmed by the store on reconcile; not sent again'] }, at, { via: 'reconcile', by });
    } else if (r.status === 'not_found') {
      recordFailure(
        db,
        intent,
        { message: 'The store has no record of this refund: nothing was refunded. It can be sent again.', code: 'not_found', steps: ['reconcile: the store shows no such refund'] },
        at,
        { via: 'reconcile', by, accessEnded: false },
      );
    } else if (r.status === 'failed') {
      recordFailure(db, intent, { message: r.message, code: r.code ?? null, steps: r.steps }, at, { via: 'reconcile', by, accessEnded: accessEnded(intent, r) });
    } else {
      recordUnknown(db, intent, r.message, r.steps, at, { via: 'reconcile', by });
    }
    return getIntent(db, intent.id)!;
  }

  function refuse(agent: AgentIdentity, store: Store, ref: string, e: DeskError): never {
    appendAudit(db, { agent, action: 'refund.refused', target: `${store}:${ref}`, result: 'refused', detail: { code: e.code, message: e.message } }, deps.now());
    throw e;
  }

  /** A second refund of the same amount of the same payment is sent only when the agent confirmed it. */
  function refuseUnconfirmedRepeat(agent: AgentIdentity, plan: { store: Store; paymentRef: string; amountMinor: number }, allowRepeat: boolean): void {
    const prior = allowRepeat ? null : succeededWithKey(db, sendKeyFor(plan, '', false));
    if (prior) refuse(agent, plan.store, plan.paymentRef, repeatError(prior, plan.paymentRef));
  }

  async function create(input: CreateInput, agent: AgentIdentity): Promise<RefundIntentDto> {
    // The payment asked for and the latest (what a revoke may do): never every renewal (issue 20).
    const scope = { paymentRef: input.paymentRef ?? null };
    let facts = readPurchaseFacts(db, input.purchaseId, scope);
    if (!facts) throw new DeskError('not_found', 'This purchase is not in the cache.');
    const store = facts.store;
    try {
      assertStoreRefunds(store);
    } catch (e) {
      refuse(agent, store, facts.storeKey, e as DeskError);
    }
    const ref = findPayment(facts, input.paymentRef).ref;

    const open = openIntentFor(db, store, ref);
    if (open) {
      // In flight here: a double click, a second window. Otherwise a previous run left it open.
      if (inFlight.has(open.id)) refuse(agent, store, ref, conflictError(open, ref));
      const after = await reconcileOne(open, agent);
      if (after.status === 'unknown' || after.status === 'sent') {
        refuse(
          agent,
          store,
          ref,
          new DeskError('store_unavailable', `An earlier refund of ${ref} is still unconfirmed (${after.storeMessage ?? 'no answer'}). It was not sent again; try later.`, true),
        );
      }
      facts = readPurchaseFacts(db, input.purchaseId, scope)!;
    }

    const { adapter, env: e } = await env(store);
    let plan;
    try {
      plan = planRefund(facts, { ...input, paymentRef: ref }, e);
    } catch (err) {
      if (err instanceof DeskError) refuse(agent, store, ref, err);
      throw err;
    }
    refuseUnconfirmedRepeat(agent, plan, input.allowRepeat === true);
    const earlier = listIntents(db, { paymentRef: ref, limit: 1 }).length > 0;
    const expected = expectedAtStore(db, facts, ref);
    let intent: Intent;
    try {
      intent = insertIntent(db, plan, agent, deps.newId(), deps.now(), { allowRepeat: input.allowRepeat === true });
    } catch (err) {
      if (err instanceof DeskError) refuse(agent, store, ref, err);
      throw err;
    }
    appendAudit(
      db,
      {
        agent,
        action: 'refund.requested',
        target: target(intent),
        result: 'ok',
        detail: { intentId: intent.id, amountMinor: intent.amountMinor, currency: intent.currency, mode: intent.mode, refundKind: intent.refundKind, reason: intent.reason },
      },
      deps.now(),
    );
    emit(intent.id);

    inFlight.add(intent.id);
    let out: StoreRefundOutcome;
    try {
      setIntentStatus(db, intent.id, { status: 'sent', steps: [] }, deps.now());
      intent = getIntent(db, intent.id)!;
      emit(intent.id);
      // Google has no idempotency key: on any later attempt for this payment the adapter reads the order first.
      const req = storeRequest(intent, plan.purchaseKey, { purchaseKind: plan.purchaseKind, orderCreatedAt: plan.paidAt, isRetry: earlier, ...(expected ? { expected } : {}) });
      out = await adapter!.refund!(req);
    } catch (err) {
      out = { status: 'unknown', message: `No answer from the store (${err instanceof Error ? err.message : 'unexpected error'}); it is checked before anything else.` };
    } finally {
      inFlight.delete(intent.id);
    }
    const at = deps.now();
    if (out.status === 'succeeded') recordSuccess(db, intent, out, at, { via: 'create' });
    else if (out.status === 'failed') recordFailure(db, intent, out, at, { via: 'create', accessEnded: accessEnded(intent, out) });
    else recordUnknown(db, intent, out.message, out.steps, at, { via: 'create' });
    return emit(intent.id);
  }

  return {
    preview: async (input) => {
      const f = readPurchaseFacts(db, input.purchaseId, previewScope(input));
      if (!f) throw new DeskError('not_found', 'This purchase is not in the cache.');
      // Apple and Amazon are refused before anything else is read; env() asks no adapter for them.
      assertStoreRefunds(f.store);
      const totals = totalsOf(f.store, f.id);
      const e = (await env(f.store)).env;
      return previewRefund(db, f, input, e, await totals);
    },
    create,
    status(intentId) {
      const i = getIntent(db, intentId);
      if (!i) throw new DeskError('not_found', `No refund ${intentId}.`);
      return toDto(i);
    },
    list: (filter = {}) => listIntents(db, filter).map(toDto),
    async reconcile(intentId, agent) {
      const i = getIntent(db, intentId);
      if (!i) throw new DeskError('not_found', `No refund ${intentId}.`);
      const before = i.status;
      const after = await reconcileOne(i, agent);
      return after.status !== before ? emit(after.id) : toDto(after);
    },
    async reconcileAll(agent) {
      const out: RefundIntentDto[] = [];
      for (const i of intentsWithStatus(db, OPEN_STATUSES)) {
        try {
          const after = await reconcileOne(i, agent);
          out.push(after.status !== i.status ? emit(after.id) : toDto(after));
        } catch (err) {
          // offline or not configured: it stays open and is tried again before any refund of that payment
          if (!(err instanceof DeskError)) throw err;
          out.push(toDto(i));
        }
      }
      return out;
    },
  };
}
