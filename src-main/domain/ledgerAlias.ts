// Which refund rows of one Google order name the same refund. Pure.
//
// Google tells one refund through up to three paths, each under its own key: the Orders
// API (`<orderId>#<refund event time>`, with the amount), Voided Purchases
// (`<orderId>#voided`, no amount: androidpublisher v3 VoidedPurchase has none) and this
// console's own intent (`intent:<id>`) when the refund was made here. A voided record and
// an Orders API refund of the same order are one refund when the amounts agree or either
// is the order's full refund (a revoke refunds the order once; Google lists only revoked
// orders as voided). An intent is the first Orders API refund of the same order inside the
// intent's time window, whatever its amount: androidpublisher v3 REST, orders.refund takes
// no amount (it refunds the whole order) and the Orders API's refund event carries what
// Google refunded (refundDetails.total), which may differ from the price the console held.
// Before the Orders API shows a refund-and-revoke made here, the voided record names the
// intent. The result depends only on the set of rows, never on which came first.
import type { RefundKind } from './vocabulary';

export interface AliasInput {
  refundKey: string;
  amountMinor: number | null;
  refundKind: RefundKind;
  revokesAccess: boolean;
  createdAt: number;
  /** The alias a fact stated (a console intent naming the store's refund). */
  statedAliasOf: string | null;
}

/** Google's refund event times and this console's clock differ by the time the request took. */
const INTENT_SLACK_MS = 10 * 60_000;
/**
 * How long after the request Google's refund event may be dated and still be the refund made
 * here. Google documents no delay between orders.refund and the order's refund event. The
 * bound keeps a later, separate refund of the order from being taken for this one (which
 * would hide money that left); past it the two are counted apart: more reads as refunded,
 * never less, the harsher case for a console that sends money.
 */
const INTENT_WINDOW_MS = 24 * 3_600_000;

const isVoided = (k: string) => k.endsWith('#voided');
const isIntent = (k: string) => k.startsWith('intent:');
const byTime = (a: AliasInput, b: AliasInput) => a.createdAt - b.createdAt || (a.refundKey < b.refundKey ? -1 : a.refundKey > b.refundKey ? 1 : 0);

function voidedMatch(v: AliasInput, orders: AliasInput[]): AliasInput | null {
  const fits = orders.filter(
    (r) => (r.amountMinor != null && r.amountMinor === v.amountMinor) || v.amountMinor == null || v.refundKind === 'full' || r.refundKind !== 'partial' || r.revokesAccess,
  );
  if (fits.length === 0) return null;
  // the Orders API refund that says the same amount first, else the one that revoked, else the latest
  const score = (r: AliasInput) => (r.amountMinor != null && r.amountMinor === v.amountMinor ? 4 : 0) + (r.revokesAccess ? 2 : 0) + (r.refundKind !== 'partial' ? 1 : 0);
  return [...fits].sort((a, b) => score(b) - score(a) || byTime(b, a))[0]!;
}

/** The effective alias of each row (refundKey → the key it duplicates, or null). */
export function googleAliases(rows: readonly AliasInput[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const orders = rows.filter((r) => !isVoided(r.refundKey) && !isIntent(r.refundKey)).sort(byTime);
  for (const r of rows) out.set(r.refundKey, r.statedAliasOf);
  const taken = new Set<string>();
  const intents = rows.filter((r) => isIntent(r.refundKey) && r.statedAliasOf == null).sort(byTime);
  for (const i of intents) {
    const target = orders.find((r) => !taken.has(r.refundKey) && r.createdAt >= i.createdAt - INTENT_SLACK_MS && r.createdAt <= i.createdAt + INTENT_WINDOW_MS);
    if (target) {
      taken.add(target.refundKey);
      out.set(i.refundKey, target.refundKey);
    }
  }
  // a voided record names the Orders API refund; before the Orders API shows it, the
  // refund-and-revoke made here (which knows the amount, Voided Purchases does not)
  const revokingIntent = intents.find((i) => i.revokesAccess && i.amountMinor != null && out.get(i.refundKey) == null);
  for (const v of rows.filter((r) => isVoided(r.refundKey) && r.statedAliasOf == null)) {
    out.set(v.refundKey, voidedMatch(v, orders)?.refundKey ?? revokingIntent?.refundKey ?? null);
  }
  return out;
}
