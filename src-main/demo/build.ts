// Builders of one purchase with its timeline, shared by the demo and the large (bench) mode.
import type { EventType, IdKind, PurchaseKind, Store } from '../ipc/vocabulary';
import type { CustomerHint, EventDetail, EventInput, PurchaseInput } from '../domain/model';
import type { LedgerFact } from '../domain/ledger';

export const DAY = 86_400_000;
export const MONTH = 30 * DAY;

export interface SubSpec {
  store: Store;
  storeKey: string;
  productId: string;
  kind?: PurchaseKind;
  start: number;
  /** Paid periods so far (1 = the first purchase only). */
  periods: number;
  periodMs?: number;
  priceMinor: number;
  currency: string;
  customer: CustomerHint;
  ids?: Partial<Record<IdKind, string>>;
  trial?: boolean;
  autoRenew?: boolean;
  /** Order/payment reference of period k (0-based). */
  orderId?: (k: number) => string | null;
  raw?: boolean;
}

export interface Built {
  purchase: PurchaseInput;
  events: EventInput[];
  /** When the current period ends. */
  expiresAt: number;
  add(type: EventType, at: number, extra?: { amountMinor?: number | null; orderId?: string | null; detail?: EventDetail; tag?: string; ledger?: LedgerFact }): void;
}

export function buildPurchase(s: SubSpec, now: number): Built {
  const period = s.periodMs ?? MONTH;
  const kind = s.kind ?? 'subscription';
  const expiresAt = kind === 'subscription' ? s.start + s.periods * period : 0;
  const events: EventInput[] = [];
  const add: Built['add'] = (type, at, extra = {}) => {
    events.push({
      store: s.store,
      purchaseKey: s.storeKey,
      type,
      occurredAt: at,
      source: 'store_api',
      dedupeKey: `${s.store}:${s.storeKey}:${type}:${extra.tag ?? at}`,
      amountMinor: extra.amountMinor ?? null,
      currency: extra.amountMinor != null ? s.currency : null,
      orderId: extra.orderId ?? null,
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.ledger ? { ledger: extra.ledger } : {}),
      ...(s.raw ? { raw: { demo: true, type, at } } : {}),
    });
  };
  const order = (k: number) => s.orderId?.(k) ?? null;
  if (s.trial && kind === 'subscription') {
    add('trial_started', s.start - 7 * DAY, { detail: { expiresAt: s.start } });
    add('trial_converted', s.start, { amountMinor: s.priceMinor, orderId: order(0), detail: { expiresAt: s.start + period } });
  } else {
    add('purchase', s.start, { amountMinor: s.priceMinor, orderId: order(0), detail: kind === 'subscription' ? { expiresAt: s.start + period } : {} });
  }
  for (let k = 1; k < s.periods; k++) {
    const at = s.start + k * period;
    if (at > now) break;
    add('renewal', at, { amountMinor: s.priceMinor, orderId: order(k), tag: String(k), detail: { expiresAt: at + period } });
  }
  const purchase: PurchaseInput = {
    store: s.store,
    storeKey: s.storeKey,
    productId: s.productId,
    kind,
    environment: 'production',
    purchasedAt: s.trial ? s.start - 7 * DAY : s.start,
    priceMinor: s.priceMinor,
    currency: s.currency,
    expiresAt: kind === 'subscription' ? expiresAt : null,
    autoRenew: kind === 'subscription' ? (s.autoRenew ?? true) : null,
    ids: s.ids ?? {},
    customer: s.customer,
  };
  return { purchase, events, expiresAt, add };
}
