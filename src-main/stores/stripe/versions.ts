// Event data is rendered in the API version the event was created with (Event object
// docs: `api_version`), not in the version this app pins, so one page of events can
// hold several shapes. Each object is brought to the shape the mappers read:
// - before 2025-03-31.basil an invoice names `subscription`, `payment_intent` and
//   `charge` at the top level (no `parent`, no `payments`), a charge names its
//   `invoice`, and a subscription carries `current_period_end` at the top level
//   (Stripe changelog, basil: "Invoicing resources now specify how they were generated",
//   "Adds subscription item-level billing periods…");
// - before 2024-10-28.acacia refunds of a charge send no refund.* events (changelog,
//   acacia: "Adds created, updated, and failed events for all refund types"); their
//   changes come as charge.refund.updated, new refunds only through charge.refunded;
// - in every version an invoice inside an event has no `payments` (includable only),
//   so the payment is resolved through the Invoice Payments API (resolve.ts).
// The old fields themselves decide, not only `api_version`: an account can upgrade between
// two events of one page, and an object is read by what it carries. Pre-acacia needs no
// branch: a charge.refunded whose amount no refund event explains has its refunds listed
// (events.ts), which is exactly what an account without refund.* events requires.
import type { RawEvent } from './shapes';

type Ref = string | { id: string } | null | undefined;
type Wire = Record<string, unknown>;
type Item = { current_period_end?: number } & Wire;

const idOf = (v: Ref): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

// Old shapes are read field by field from the raw object; shapes.ts checks the result.
function invoice(inv: Wire): Wire {
  const out: Wire = { ...inv };
  const sub = idOf(inv.subscription as Ref);
  const parent = inv.parent as { subscription_details?: unknown } | null | undefined;
  if (!parent?.subscription_details && sub) out.parent = { subscription_details: { subscription: sub } };
  const pi = idOf(inv.payment_intent as Ref);
  const ch = idOf(inv.charge as Ref);
  if (!out.payments && (pi || ch)) {
    out.payments = { data: [{ payment: pi ? { type: 'payment_intent', payment_intent: pi } : { type: 'charge', charge: ch! } }] };
  }
  return out;
}

function subscription(s: Wire): Wire {
  const end = s.current_period_end as number | null | undefined;
  const items = s.items as { data?: Item[] } | undefined;
  if (end == null || !Array.isArray(items?.data) || items.data.every((it) => it.current_period_end != null)) return s;
  return { ...s, items: { ...items, data: items.data.map((it) => ({ ...it, current_period_end: it.current_period_end ?? end })) } };
}

/** The event with its object in the shape of the pinned version (fields the mappers read). */
export function normaliseEvent(e: RawEvent): RawEvent {
  const o = e.data.object;
  let object: Wire = o;
  if (o.object === 'invoice') object = invoice(o);
  else if (o.object === 'subscription') object = subscription(o);
  else if (o.object === 'charge' && o.invoice != null) object = { ...o, invoice: idOf(o.invoice as Ref) };
  // charge.refund.updated (before acacia) tells what refund.updated tells since.
  const type = e.type === 'charge.refund.updated' ? 'refund.updated' : e.type;
  return object === o && type === e.type ? e : { ...e, type, data: { ...e.data, object: object as RawEvent['data']['object'] } };
}
