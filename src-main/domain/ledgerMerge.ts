// Merging what several paths say about one ledger row, order-independently. Pure.
//
// A row's state is a set of slots; each slot holds one group of fields together with the
// sort key that decides between two statements of that group (source class first, so a
// store statement always beats this console's, and both always beat an import's; then
// the status lifecycle; then the newest observation; the values themselves last, so two
// different statements never tie). Joining two states keeps the greater slot of each
// name: a maximum under a total order, hence commutative, associative and idempotent.
// The same facts in any order, any number of times, give the same row.
//
// Import facts also go to `imported`, the join of imports alone: what the import said,
// kept apart for display when a store or console row holds the key (DESIGN §3).
import type { DisputeFact, DisputeStatus, LedgerFact, LedgerSource, PaymentFact, PaymentStatus, RefundFact, RefundStatus } from './ledger';

export type Key = readonly (number | string)[];
export interface Slot {
  k: Key;
  v: Record<string, unknown>;
}
export type Slots = Record<string, Slot>;

export interface LedgerState {
  kind: LedgerFact['kind'];
  store: LedgerFact['store'];
  key: string;
  main: Slots;
  /** The join of the import's facts; null when none, or when they are all `main` holds (kept once). */
  imported: Slots | null;
}

/** store 2, console 1, import 0. */
export function sourceClass(s: LedgerSource): number {
  return s === 'import' ? 0 : s === 'console' ? 1 : 2;
}

// Lifecycle ranks: a later stage beats an earlier one whatever the observation times, so
// a stale "pending" read after "succeeded" changes nothing. Stripe Refund: pending or
// requires_action, then succeeded, failed or canceled; a succeeded refund can still fail
// (Stripe: "refunds can fail after succeeding", refund.failed). Reversed (Apple
// REFUND_REVERSED) follows a succeeded refund.
const REFUND_RANK: Record<RefundStatus, number> = { pending: 0, requires_action: 0, succeeded: 1, failed: 2, canceled: 2, reversed: 2 };
const PAYMENT_RANK: Record<PaymentStatus, number> = { pending: 0, paid: 1, failed: 2, canceled: 2 };
// Stripe Dispute: an inquiry (warning_needs_response → warning_under_review) closes as
// warning_closed or escalates to a chargeback (needs_response → under_review → won/lost);
// `prevented` and Google's chargeback are final too.
const DISPUTE_RANK: Record<DisputeStatus, number> = {
  warning_needs_response: 0,
  warning_under_review: 1,
  needs_response: 2,
  under_review: 3,
  warning_closed: 4,
  won: 4,
  lost: 4,
  prevented: 4,
  chargeback: 4,
};

const has = (v: unknown): number => (v == null ? 0 : 1);
const s = (v: unknown): string => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const slot = (k: Key, v: Record<string, unknown>): Slot => ({ k, v });

function common(f: LedgerFact, c: number): Slots {
  const o = f.observedAt;
  return {
    purchase: slot([c, o, f.purchaseKey], { purchaseKey: f.purchaseKey }),
    amount: slot([c, has(f.amountMinor), o], { amountMinor: f.amountMinor, currency: f.currency, ...(f.kind === 'refund' ? { refundKind: f.refundKind } : {}) }),
  };
}

function paymentSlots(f: PaymentFact, c: number): Slots {
  const o = f.observedAt;
  const refs: Slots = {};
  // each reference its own slot: references from different paths add up
  for (const [name, value] of Object.entries(f.refs ?? {})) refs[`ref:${name}`] = slot([c > 0 ? 1 : 0], { value });
  return {
    ...common(f, c),
    status: slot([c, PAYMENT_RANK[f.status], o], { status: f.status, observedAt: o, source: f.source }),
    paidAt: slot([c, -f.paidAt], { paidAt: f.paidAt }),
    period: slot([c, has(f.periodEnd), o], { periodStart: f.periodStart ?? null, periodEnd: f.periodEnd ?? null }),
    ...refs,
  };
}

function refundSlots(f: RefundFact, c: number): Slots {
  const o = f.observedAt;
  const trusted = c > 0 ? 1 : 0;
  return {
    ...common(f, c),
    status: slot([c, REFUND_RANK[f.status], o], { status: f.status, observedAt: o, source: f.source }),
    payment: slot([c, o, f.paymentKey], { paymentKey: f.paymentKey }),
    createdAt: slot([c, -f.createdAt], { createdAt: f.createdAt }),
    // a revoke, once the store said so, is not taken back by a later "refund only" report
    // of the same refund: only a reversal (status) gives access back
    revokes: slot([c, f.revokesAccess ? 1 : 0], { revokesAccess: f.revokesAccess }),
    reason: slot([c, has(f.reason), o], { reason: f.reason ?? null }),
    detectedVia: slot([c, has(f.detectedVia), o], { detectedVia: f.detectedVia ?? null }),
    // links are added, never taken away; an import can add none to a trusted row
    intent: slot([trusted, has(f.intentId)], { intentId: f.intentId ?? null }),
    alias: slot([trusted, has(f.aliasOf)], { aliasOf: f.aliasOf ?? null }),
  };
}

function disputeSlots(f: DisputeFact, c: number): Slots {
  const o = f.observedAt;
  return {
    ...common(f, c),
    status: slot([c, DISPUTE_RANK[f.status], o], { status: f.status, observedAt: o, source: f.source }),
    payment: slot([c, o, f.paymentKey], { paymentKey: f.paymentKey }),
    createdAt: slot([c, -f.createdAt], { createdAt: f.createdAt }),
    revokes: slot([c, f.revokesAccess ? 1 : 0], { revokesAccess: f.revokesAccess ?? false }),
    reason: slot([c, has(f.reason), o], { reason: f.reason ?? null }),
    refundable: slot([c, has(f.isChargeRefundable), o], { isChargeRefundable: f.isChargeRefundable ?? null }),
  };
}

export function factKey(f: LedgerFact): string {
  return f.kind === 'payment' ? f.paymentKey : f.kind === 'refund' ? f.refundKey : f.disputeKey;
}

function slotsOf(f: LedgerFact): Slots {
  const c = sourceClass(f.source);
  return f.kind === 'payment' ? paymentSlots(f, c) : f.kind === 'refund' ? refundSlots(f, c) : disputeSlots(f, c);
}

/** The state of one fact on its own. */
export function stateOf(f: LedgerFact): LedgerState {
  return { kind: f.kind, store: f.store, key: factKey(f), main: joinSlots(slotsOf(f), {}), imported: null };
}

const importOnly = (main: Slots): boolean => main.status != null && main.status.k[0] === 0;
/** The import's own version, whether kept apart or (for a row only imports hold) the row itself. */
const importSide = (st: LedgerState): Slots | null => st.imported ?? (importOnly(st.main) ? st.main : null);

export function compareKeys(a: Key, b: Key): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    const sx = s(x);
    const sy = s(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return a.length - b.length;
}

/** Ties on the key are broken by the values themselves, so two different statements never tie. */
function greater(a: Slot, b: Slot): boolean {
  const c = compareKeys(a.k, b.k);
  if (c !== 0) return c > 0;
  return JSON.stringify(a.v) > JSON.stringify(b.v);
}

function joinSlots(a: Slots, b: Slots): Slots {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: Slots = {};
  // sorted names: equal states serialize to equal text, whatever the order of the facts
  for (const name of names) {
    const sa = a[name];
    const sb = b[name];
    out[name] = !sa ? sb! : !sb ? sa : greater(sb, sa) ? sb : sa;
  }
  return out;
}

/** The join of two states of the same row. */
export function joinStates(a: LedgerState, b: LedgerState): LedgerState {
  if (a.kind !== b.kind || a.store !== b.store || a.key !== b.key) throw new Error(`ledger: cannot merge ${a.kind} ${a.store}/${a.key} with ${b.kind} ${b.store}/${b.key}`);
  const ia = importSide(a);
  const ib = importSide(b);
  const main = joinSlots(a.main, b.main);
  const imported = ia && ib ? joinSlots(ia, ib) : (ia ?? ib);
  return { kind: a.kind, store: a.store, key: a.key, main, imported: importOnly(main) ? null : imported };
}

/** Merges facts about one row into its state (the fold of joinStates). */
export function mergeFacts(facts: readonly LedgerFact[]): LedgerState {
  if (facts.length === 0) throw new Error('ledger: nothing to merge');
  return facts.map(stateOf).reduce(joinStates);
}

function flatten(sl: Slots): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const refs: Record<string, string> = {};
  // a trusted row takes no payment reference from an import: refunds act on references
  const trusted = sl.status != null && sl.status.k[0] !== 0;
  for (const [name, sv] of Object.entries(sl)) {
    if (!name.startsWith('ref:')) Object.assign(out, sv.v);
    else if (!trusted || sv.k[0] !== 0) refs[name.slice(4)] = sv.v.value as string;
  }
  out.refs = refs;
  return out;
}

/** The row the state stands for: the merged fact, as the store's truth holds it. */
export function factOf(st: LedgerState): LedgerFact {
  const f = flatten(st.main);
  const base = { kind: st.kind, store: st.store } as Record<string, unknown>;
  if (st.kind === 'payment') base.paymentKey = st.key;
  else if (st.kind === 'refund') base.refundKey = st.key;
  else base.disputeKey = st.key;
  if (st.kind !== 'payment') delete f.refs;
  return { ...base, ...f } as unknown as LedgerFact;
}

/** The import's own version of the row, if an import said anything about it. */
export function importedOf(st: LedgerState): Record<string, unknown> | null {
  const side = importSide(st);
  if (!side) return null;
  const f = flatten(side);
  if (st.kind !== 'payment') delete f.refs;
  return f;
}

/**
 * Whether an import disagrees with a row that the store or this console holds: a
 * different status, amount or currency. The row keeps the store's word; the import's
 * version is shown apart, marked imported.
 */
export function importConflicts(st: LedgerState): boolean {
  if (!st.imported) return false;
  const main = factOf(st);
  const imp = importedOf(st)!;
  if (imp.status !== main.status) return true;
  if (imp.amountMinor != null && imp.amountMinor !== main.amountMinor) return true;
  return imp.currency != null && imp.currency !== main.currency;
}
