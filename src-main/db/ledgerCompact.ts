// Compact payment rows (issue 20: import near SQLite's own limit). Most payments are told
// once, by one path: their merge state is then nothing but the row's own columns, and
// storing it again as JSON cost ~700 bytes and a JSON build per paid event (db bytes per
// event 1,096 against 304 before the ledger). Such a row keeps merge_state = '' and its
// state is rebuilt from the columns when a second statement arrives. Whether a state is
// compact is decided from the state alone (the same facts give the same row, in any
// order), and checked at write time through the very function that reads it back.
import { stateOf } from '../domain/ledgerMerge';
import type { PaymentFact } from '../domain/ledger';

/** The payment columns a merge state can be rebuilt from, as SQLite returns them. */
export interface PaymentColumns {
  store: PaymentFact['store'];
  payment_key: string;
  purchase_key: string;
  status: PaymentFact['status'];
  amount_minor: number | null;
  currency: string | null;
  paid_at: number;
  period_start: number | null;
  period_end: number | null;
  refs: string;
  source: PaymentFact['source'];
  observed_at: number;
}

export const PAYMENT_COLUMNS = 'store, payment_key, purchase_key, status, amount_minor, currency, paid_at, period_start, period_end, refs, source, observed_at';

/** merge_state of a row whose state is its columns' single fact. */
export const COMPACT = '';

function factOfColumns(c: PaymentColumns): PaymentFact {
  return {
    kind: 'payment',
    store: c.store,
    paymentKey: c.payment_key,
    purchaseKey: c.purchase_key,
    status: c.status,
    amountMinor: c.amount_minor,
    currency: c.currency,
    paidAt: c.paid_at,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    refs: JSON.parse(c.refs) as Record<string, string>,
    source: c.source,
    observedAt: c.observed_at,
  };
}

/** The stored merge state of a payment row, compact or not, as JSON text. */
export function paymentStateText(row: PaymentColumns & { merge_state: string }): string {
  return row.merge_state === COMPACT ? JSON.stringify(stateOf(factOfColumns(row))) : row.merge_state;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * What to store as merge_state for a payment row written with these values: COMPACT when
 * reading the row back gives exactly `stateText`, else the text itself.
 */
export function storedPaymentState(f: PaymentFact, refsText: string, stateText: string): string {
  const back: PaymentColumns = {
    store: f.store,
    payment_key: f.paymentKey,
    purchase_key: f.purchaseKey,
    status: f.status,
    amount_minor: orNull(f.amountMinor),
    currency: orNull(f.currency),
    paid_at: f.paidAt,
    period_start: orNull(f.periodStart),
    period_end: orNull(f.periodEnd),
    refs: refsText,
    source: f.source,
    observed_at: f.observedAt,
  };
  return JSON.stringify(stateOf(factOfColumns(back))) === stateText ? COMPACT : stateText;
}

/**
 * storedPaymentState for a payment told once (`told`, merged into `f`), without building
 * the state twice: when the row's columns give back every field of `told` that stateOf
 * reads, its state is `told`'s own, so the row is compact. Anything else (an undefined
 * amount or currency, which reads back as null) takes the full check. `stateText` is
 * only built then.
 */
export function storedNewPaymentState(told: PaymentFact, f: PaymentFact, refsText: string, stateText: () => string): string {
  const same =
    told.store === f.store &&
    told.paymentKey === f.paymentKey &&
    told.purchaseKey === f.purchaseKey &&
    told.status === f.status &&
    told.amountMinor === orNull(f.amountMinor) &&
    told.currency === orNull(f.currency) &&
    told.paidAt === f.paidAt &&
    (told.periodStart ?? null) === orNull(f.periodStart) &&
    (told.periodEnd ?? null) === orNull(f.periodEnd) &&
    told.source === f.source &&
    told.observedAt === f.observedAt &&
    JSON.stringify(told.refs ?? {}) === refsText;
  return same ? COMPACT : storedPaymentState(f, refsText, stateText());
}
