// Entitlement state derived from a purchase's events, by the store rules of DESIGN.md §2.
// Every store difference is a rule of its STORE_PROFILES entry (domain/profiles.ts, `access`).
import { STORE_PROFILES } from '../domain/profiles';
import type { EntitlementState, EventType, PurchaseKind, Store } from '../ipc/vocabulary';

const DAY = 86_400_000;

export interface EntitlementEvent {
  type: EventType | string;
  occurredAt: number;
  detail: { revokesAccess?: boolean; expiresAt?: number; graceUntil?: number; reason?: string | null } | null;
}

export interface EntitlementInput {
  store: Store;
  kind: PurchaseKind;
  expiresAt: number | null;
  /** Events in timeline order (occurred_at, id). */
  events: EntitlementEvent[];
}

export interface Entitlement {
  state: EntitlementState;
  /** Access ends (or ended) at this time; null when it does not end on its own. */
  until: number | null;
  /** Why, in plain words, for the purchase header. */
  reason: string | null;
}

export function deriveEntitlement(p: EntitlementInput, now: number): Entitlement {
  const rules = STORE_PROFILES[p.store].access;
  let until = p.expiresAt;
  let base: 'active' | 'cancelled_active' | 'billing_retry' | 'in_grace' | 'expired' = 'active';
  let graceUntil: number | null = null;
  let failedAt = 0;
  let revoked: string | null = null;
  let refundedActive: string | null = null;
  let sawAny = false;

  for (const e of p.events) {
    const d = e.detail ?? {};
    switch (e.type) {
      case 'purchase':
      case 'renewal':
      case 'trial_started':
      case 'trial_converted':
      case 'product_change':
        sawAny = true;
        if (d.expiresAt != null) until = Math.max(until ?? 0, d.expiresAt);
        if (e.type !== 'product_change') {
          // a new paid period starts clean: an older period's refund says nothing about it
          base = 'active';
          refundedActive = null;
          revoked = null;
        }
        break;
      case 'renewal_enabled':
        if (base === 'cancelled_active') base = 'active';
        break;
      case 'cancellation':
        sawAny = true;
        // Amazon reports refunds only as a cancellation (RVS cancelDate): it cannot be told
        // apart from a refund, and access stays to the end of the period.
        if (rules.cancellationMayHideRefund) refundedActive = rules.refundKeptWords;
        else if (base === 'active') base = 'cancelled_active';
        break;
      case 'billing_issue':
        base = 'billing_retry';
        failedAt = e.occurredAt;
        break;
      case 'grace_period':
        base = 'in_grace';
        graceUntil = d.graceUntil ?? null;
        break;
      case 'expiration':
        base = 'expired';
        until = Math.min(until ?? e.occurredAt, e.occurredAt);
        break;
      case 'refund':
        sawAny = true;
        // Google "refund only" and Stripe refunds without cancelling keep access to the end of
        // the period; a store whose refund always revokes (Apple REFUND) never does.
        if (!rules.refundRevokes && d.revokesAccess !== true) {
          refundedActive = rules.refundKeptWords;
        } else {
          revoked = rules.refundRevokedWords;
          until = e.occurredAt;
        }
        break;
      case 'revoke':
        revoked = d.reason ? `Revoked: ${d.reason}` : 'Access revoked';
        until = e.occurredAt;
        break;
      case 'refund_reversed':
        // Apple REFUND_REVERSED: the refund was undone, access comes back
        revoked = null;
        refundedActive = null;
        until = p.expiresAt;
        break;
      default:
        break;
    }
  }

  if (revoked) return { state: 'revoked', until, reason: revoked };
  if (!sawAny && p.events.length === 0) return { state: 'unknown', until, reason: null };
  if (p.kind === 'consumable') return { state: 'consumed', until: null, reason: refundedActive };
  if (p.kind === 'one_time') {
    if (refundedActive) return { state: 'refunded_active', until: null, reason: refundedActive };
    return { state: 'active', until: null, reason: null };
  }
  if (base === 'expired') return { state: 'expired', until, reason: 'Expired' };
  if (base === 'in_grace') {
    const g = graceUntil ?? until;
    if (g != null && g <= now) return { state: 'expired', until: g, reason: 'Grace period ended' };
    return { state: 'in_grace', until: g, reason: 'Billing failed; in the grace period' };
  }
  if (base === 'billing_retry') {
    // the store's retry window (profile access.retryWindowDays): past it, the store has given up
    const ends = failedAt + rules.retryWindowDays * DAY;
    if (ends <= now) return { state: 'expired', until: ends, reason: 'Billing failed; the store stopped retrying' };
    return { state: 'billing_retry', until, reason: 'Billing failed; the store is retrying' };
  }
  if (until != null && until <= now) return { state: 'expired', until, reason: 'Period ended' };
  if (refundedActive) return { state: 'refunded_active', until, reason: refundedActive };
  if (base === 'cancelled_active') return { state: 'cancelled_active', until, reason: 'Auto-renew is off' };
  return { state: 'active', until, reason: null };
}

/** The stored state ages: a period that ended since it was derived reads as expired. */
export function effectiveState(state: EntitlementState, until: number | null, now: number): EntitlementState {
  if (until != null && until <= now && (state === 'active' || state === 'cancelled_active' || state === 'refunded_active' || state === 'in_grace')) {
    return 'expired';
  }
  return state;
}
