// Writing a refund's outcome. Success is one transaction (synchronous=FULL): the intent,
// the timeline event, the entitlement and the audit entry commit together or not at all.
// Entitlement follows from the events: ingest re-derives every purchase it writes one for.
import type { Db } from '../db/connection';
import { REFUND_REASON_WORDS } from '../domain/refunds';
import { withFullSync } from '../db/connection';
import { insertAudit } from '../db/audit';
import { ingestInTransaction } from '../db/ingest';
import { stmt } from '../db/statements';
import type { AgentIdentity } from '../ipc/context';
import type { StoreRefundOutcome } from '../stores/adapter';
import { googleRefundKey, googleRevokeRefundKey } from '../stores/google';
import type { EventInput } from '../domain/model';
import type { RefundFact } from '../domain/ledger';
import { agentWords, updateIntent, type Intent } from './intents';

type Succeeded = Extract<StoreRefundOutcome, { status: 'succeeded' }>;
type Failed = Extract<StoreRefundOutcome, { status: 'failed' }>;

/** The step that marks a two-step refund stopped half way: access ended, no money moved. */
export const ACCESS_ENDED_STEP = 'Access ended; the refund was not sent';

export const target = (i: Pick<Intent, 'store' | 'paymentRef'>): string => `${i.store}:${i.paymentRef}`;

/**
 * The timeline key of a console refund, chosen so that a later sync that sees the same
 * refund through the store finds the same key and does not add it twice: Stripe keys
 * refunds by the refund's ID (map.ts), Google keys a full refund of an order by the order
 * ID (mapping.ts), and the prorated refund of a subscription revoke by the order alone
 * (one revoke per order). Other refunds keep an intent-derived key.
 */
export function refundDedupeKey(intent: Intent, storeRef: string | null): string {
  if (intent.store === 'stripe' && storeRef?.startsWith('re_')) return `stripe:refund:${storeRef}`;
  if (intent.store === 'google' && intent.refundKind === 'full') return googleRefundKey(intent.paymentRef);
  if (intent.store === 'google' && intent.mode === 'refund_and_revoke') return googleRevokeRefundKey(intent.paymentRef);
  return `console:refund:${intent.id}`;
}

function purchaseKeyOf(db: Db, purchaseId: number | null): string | null {
  if (purchaseId == null) return null;
  const r = stmt(db, 'SELECT store_key FROM purchases WHERE id = ?').get(purchaseId) as { store_key: string } | undefined;
  return r?.store_key ?? null;
}

function auditAgent(intent: Intent, by?: AgentIdentity): AgentIdentity {
  return by ?? { osUser: intent.agentOsUser, name: intent.agentName ?? '' };
}

/** The revoke of access done from this console, as its own timeline event beside the refund. */
function ingestConsoleRevoke(db: Db, intent: Intent, purchaseKey: string, reason: string, now: number): void {
  const revoke: EventInput = {
    store: intent.store,
    purchaseKey,
    type: 'revoke',
    occurredAt: now,
    source: 'console',
    dedupeKey: `console:revoke:${intent.id}`,
    orderId: intent.paymentRef,
    detail: { reason, detectedVia: 'console', revokesAccess: true, intentId: intent.id },
  };
  ingestInTransaction(db, { purchases: [], events: [revoke] }, now);
}

/**
 * The console's refund as a ledger fact (DESIGN §3): keyed by its intent, on the payment the
 * store actually refunded, with the status the store answered (a refund Stripe or Google
 * holds as pending stays pending until the store settles it). `aliasOf` names the store's
 * own refund row when its key is known now (Stripe `re_…`), so the two are counted once;
 * Google's refund key is learned later from the Orders API and the ledger links the two.
 */
export function consoleRefundFact(intent: Intent, out: Succeeded, purchaseKey: string, now: number): RefundFact {
  const storeKey = intent.store === 'stripe' && out.storeRef?.startsWith('re_') ? out.storeRef : null;
  return {
    kind: 'refund',
    store: intent.store,
    refundKey: `intent:${intent.id}`,
    paymentKey: out.refundedPaymentRef ?? intent.paymentRef,
    purchaseKey,
    status: out.storeStatus ?? 'succeeded',
    refundKind: intent.refundKind,
    amountMinor: out.amountMinor,
    currency: intent.currency,
    revokesAccess: intent.mode === 'refund_and_revoke',
    reason: REFUND_REASON_WORDS[intent.reason],
    createdAt: now,
    observedAt: now,
    source: 'console',
    detectedVia: 'console',
    intentId: intent.id,
    aliasOf: storeKey,
  };
}

export function recordSuccess(db: Db, intent: Intent, out: Succeeded, now: number, opts: { via: string; by?: AgentIdentity }): void {
  withFullSync(db, () => {
    const steps = [...intent.steps, ...(out.steps ?? [])];
    updateIntent(db, intent.id, { status: 'succeeded', storeRef: out.storeRef, storeMessage: null, steps }, now);
    const purchaseKey = purchaseKeyOf(db, intent.purchaseId);
    const revokes = intent.mode === 'refund_and_revoke';
    if (purchaseKey) {
      const who = agentWords(intent);
      const fact = consoleRefundFact(intent, out, purchaseKey, now);
      const pending = fact.status === 'pending' || fact.status === 'requires_action';
      const refund: EventInput = {
        store: intent.store,
        purchaseKey,
        type: 'refund',
        occurredAt: now,
        source: 'console',
        dedupeKey: refundDedupeKey(intent, out.storeRef),
        amountMinor: out.amountMinor,
        currency: intent.currency,
        orderId: fact.paymentKey,
        detail: {
          refundKind: intent.refundKind,
          reason: fact.reason,
          status: fact.status,
          detectedVia: 'console',
          revokesAccess: revokes,
          storeRef: out.storeRef,
          summary: `${pending ? 'Refund sent' : 'Refunded'} from this console by ${who}${pending ? '; pending at the store' : ''}${revokes ? '; access revoked' : ''}${intent.note ? `: ${intent.note}` : ''}`,
          intentId: intent.id,
        },
        ledger: fact,
      };
      const r = ingestInTransaction(db, { purchases: [], events: [refund] }, now);
      if (r.inserted === 0 && revokes) {
        // The sync saw the refund first (without knowing access was revoked): record the revoke on its own.
        ingestConsoleRevoke(db, intent, purchaseKey, 'refunded and revoked from this console', now);
      }
    }
    insertAudit(
      db,
      {
        agent: auditAgent(intent, opts.by),
        action: 'refund.succeeded',
        target: target(intent),
        result: 'ok',
        // the store's status: a refund the store holds as pending is recorded as pending, not as refunded
        detail: {
          intentId: intent.id,
          amountMinor: out.amountMinor,
          currency: intent.currency,
          mode: intent.mode,
          refundKind: intent.refundKind,
          storeRef: out.storeRef,
          storeStatus: out.storeStatus ?? 'succeeded',
          refundedPaymentRef: out.refundedPaymentRef ?? intent.paymentRef,
          via: opts.via,
        },
      },
      now,
    );
  });
}

/** A failure keeps the store's words. `accessEnded`: a two-step refund ended access but sent no refund. */
export function recordFailure(
  db: Db,
  intent: Intent,
  out: Pick<Failed, 'message' | 'code' | 'steps'>,
  now: number,
  opts: { via: string; by?: AgentIdentity; accessEnded?: boolean },
): void {
  withFullSync(db, () => {
    const steps = [...intent.steps, ...(out.steps ?? []), ...(opts.accessEnded ? [ACCESS_ENDED_STEP] : [])];
    updateIntent(db, intent.id, { status: 'failed', storeMessage: out.message, steps }, now);
    const purchaseKey = purchaseKeyOf(db, intent.purchaseId);
    if (opts.accessEnded && purchaseKey) {
      ingestConsoleRevoke(db, intent, purchaseKey, 'subscription cancelled from this console; the refund was not sent', now);
    }
    insertAudit(
      db,
      {
        agent: auditAgent(intent, opts.by),
        action: 'refund.failed',
        target: target(intent),
        result: 'failed',
        detail: { intentId: intent.id, message: out.message, code: out.code ?? null, accessEnded: opts.accessEnded === true, via: opts.via },
      },
      now,
    );
  });
}

export function recordUnknown(db: Db, intent: Intent, message: string, steps: string[] | undefined, now: number, opts: { via: string; by?: AgentIdentity }): void {
  withFullSync(db, () => {
    updateIntent(db, intent.id, { status: 'unknown', storeMessage: message, steps: [...intent.steps, ...(steps ?? [])] }, now);
    insertAudit(
      db,
      { agent: auditAgent(intent, opts.by), action: 'refund.unknown', target: target(intent), result: 'failed', detail: { intentId: intent.id, message, via: opts.via } },
      now,
    );
  });
}
