// Entitlement in words, per purchase and for the header ("Active until 12 Mar 2027;
// refunded on Google on 2 Mar, access revoked").
import type { EntitlementState } from '../../../../src-main/ipc/contract';
import { formatDay, formatMoney, storeShort } from '../../format';
import { cancellationMayHideRefund } from '../../storeDisplay';
import type { PurchaseView } from './types';

const day = (ms: number | null) => (ms == null ? null : formatDay(ms));

/** The latest payment's refunded and paid amounts, when the refund was only part of it. */
export interface PartRefund {
  refundedMinor: number;
  paidMinor: number;
  currency: string;
}

export function purchaseStateWords(p: PurchaseView, part?: PartRefund | null): string {
  const until = day(p.stateUntil ?? p.expiresAt);
  const store = storeShort(p.store);
  // A partial refund must not read as a full one.
  const refunded = part ? `Partly refunded on ${store} (${formatMoney(part.refundedMinor, part.currency)} of ${formatMoney(part.paidMinor, part.currency)})` : `Refunded on ${store}`;
  switch (p.state) {
    case 'active':
      if (p.kind !== 'subscription') return 'Owned';
      return until ? `Active until ${until}${p.autoRenew === false ? '' : ', renews'}` : 'Active';
    case 'cancelled_active':
      return until ? `Active until ${until}; auto-renew off` : 'Active; auto-renew off';
    case 'refunded_active':
      if (cancellationMayHideRefund(p.store)) return `Cancelled through ${store}${until ? `; access until ${until}` : ''} (${store} does not say whether it was refunded)`;
      return p.kind === 'subscription' && until ? `${refunded}; access stays until ${until}` : `${refunded}; item kept`;
    case 'revoked':
      return `${refunded}${until ? ` on ${until}` : ''}, access revoked`;
    case 'in_grace':
      return `Billing failed; grace period${until ? ` until ${until}` : ''}`;
    case 'billing_retry':
      return `Billing failed; ${store} is retrying`;
    case 'expired':
      return until ? `Expired on ${until}` : 'Expired';
    case 'consumed':
      return p.stateReason ? `Consumed; ${lower(p.stateReason)}` : 'Consumed';
    case 'unknown':
      return 'State not known yet; sync the store';
  }
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const RANK: Record<EntitlementState, number> = {
  active: 0, cancelled_active: 1, refunded_active: 2, in_grace: 3, billing_retry: 4, consumed: 5, expired: 6, revoked: 7, unknown: 8,
};

export type Tone = 'ok' | 'warn' | 'off' | 'plain';
export function stateTone(state: EntitlementState): Tone {
  if (state === 'active' || state === 'cancelled_active') return 'ok';
  if (state === 'in_grace' || state === 'billing_retry' || state === 'refunded_active') return 'warn';
  if (state === 'revoked') return 'off';
  return 'plain';
}

/** The header's sentence: the best access the customer has, then what refunds took away. */
export function headerEntitlement(purchases: readonly PurchaseView[], parts: Readonly<Record<number, PartRefund | undefined>> = {}): { text: string; tone: Tone } {
  if (purchases.length === 0) return { text: 'No purchases in the cache', tone: 'plain' };
  const subs = purchases.filter((p) => p.kind === 'subscription');
  const pool = subs.length ? subs : [...purchases];
  const best = [...pool].sort((a, b) => RANK[a.state] - RANK[b.state] || (b.stateUntil ?? 0) - (a.stateUntil ?? 0))[0]!;
  const part = (p: PurchaseView) => {
    const r = parts[p.id];
    return r && r.refundedMinor > 0 && r.refundedMinor < r.paidMinor ? r : null;
  };
  const clauses = [purchaseStateWords(best, part(best))];
  for (const p of purchases) {
    if (p === best || clauses.length >= 3) continue;
    if (p.state === 'revoked' || p.state === 'refunded_active') clauses.push(lower(purchaseStateWords(p, part(p))));
  }
  return { text: clauses.join('; '), tone: stateTone(best.state) };
}
