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
import type { SCharge, SEvent, SInvoice, SSubscription } from './shapes';

type OldInvoice = SInvoice & { subscription?: string | { id: string } | null; payment_intent?: string | { id: string } | null; charge?: string | { id: string } | null };
type OldSubscription = SSubscription & { current_period_end?: number | null };

const idOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

function invoice(inv: OldInvoice): SInvoice {
  const out: SInvoice = { ...inv };
  const sub = idOf(inv.subscription);
  if (!out.parent?.subscription_details && sub) out.parent = { subscription_details: { subscription: sub } };
  const pi = idOf(inv.payment_intent);
  const ch = idOf(inv.charge);
  if (!out.payments && (pi || ch)) {
    out.payments = { data: [{ payment: pi ? { type: 'payment_intent', payment_intent: pi } : { type: 'charge', charge: ch! } }] };
  }
  return out;
}

function subscription(s: OldSubscription): SSubscription {
  if (s.current_period_end == null || s.items.data.every((it) => it.current_period_end != null)) return s;
  return { ...s, items: { ...s.items, data: s.items.data.map((it) => ({ ...it, current_period_end: it.current_period_end ?? s.current_period_end! })) } };
}

/** The event with its object in the shape of the pinned version (fields the mappers read). */
export function normaliseEvent(e: SEvent): SEvent {
  const o = e.data.object as { object?: string };
  let object: unknown = o;
  if (o.object === 'invoice') object = invoice(o as OldInvoice);
  else if (o.object === 'subscription') object = subscription(o as OldSubscription);
  else if (o.object === 'charge') object = { ...(o as SCharge), invoice: idOf((o as { invoice?: string | { id: string } | null }).invoice) };
  // charge.refund.updated (before acacia) tells what refund.updated tells since.
  const type = e.type === 'charge.refund.updated' ? 'refund.updated' : e.type;
  return object === o && type === e.type ? e : { ...e, type, data: { ...e.data, object } };
}
