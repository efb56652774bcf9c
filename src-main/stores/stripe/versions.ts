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
import { z } from 'zod';
import type { RawEvent } from './shapes';

type Wire = RawEvent['data']['object'];

// The old fields, read with zod like every wire field (shapes.ts checks the result): an
// expandable reference is an ID or an object with one.
const ref = z.union([z.string(), z.looseObject({ id: z.string() })]).nullish();
const oldInvoice = z.looseObject({
  subscription: ref,
  payment_intent: ref,
  charge: ref,
  parent: z.looseObject({ subscription_details: z.unknown().nullish() }).nullish(),
  payments: z.unknown().nullish(),
});
const oldSubscription = z.looseObject({
  current_period_end: z.number().nullish(),
  items: z.looseObject({ data: z.array(z.looseObject({ current_period_end: z.number().nullish() })) }),
});
const oldCharge = z.looseObject({ invoice: ref });

const idOf = (v: z.output<typeof ref>): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

function invoice(o: Wire): Wire {
  const inv = oldInvoice.safeParse(o);
  if (!inv.success) return o; // shapes.ts names what is wrong
  const out: Wire = { ...o };
  const sub = idOf(inv.data.subscription);
  if (!inv.data.parent?.subscription_details && sub) out.parent = { subscription_details: { subscription: sub } };
  const pi = idOf(inv.data.payment_intent);
  const ch = idOf(inv.data.charge);
  if (!inv.data.payments && (pi || ch)) {
    out.payments = { data: [{ payment: pi ? { type: 'payment_intent', payment_intent: pi } : { type: 'charge', charge: ch! } }] };
  }
  return out;
}

function subscription(o: Wire): Wire {
  const s = oldSubscription.safeParse(o);
  if (!s.success) return o;
  const end = s.data.current_period_end;
  const items = s.data.items;
  if (end == null || items.data.every((it) => it.current_period_end != null)) return o;
  return { ...o, items: { ...items, data: items.data.map((it) => ({ ...it, current_period_end: it.current_period_end ?? end })) } };
}

function charge(o: Wire): Wire {
  const ch = oldCharge.safeParse(o);
  return ch.success && ch.data.invoice != null && typeof ch.data.invoice !== 'string' ? { ...o, invoice: idOf(ch.data.invoice) } : o;
}

/** The event with its object in the shape of the pinned version (fields the mappers read). */
export function normaliseEvent(e: RawEvent): RawEvent {
  const o = e.data.object;
  const object = o.object === 'invoice' ? invoice(o) : o.object === 'subscription' ? subscription(o) : o.object === 'charge' ? charge(o) : o;
  // charge.refund.updated (before acacia) tells what refund.updated tells since.
  const type = e.type === 'charge.refund.updated' ? 'refund.updated' : e.type;
  return object === o && type === e.type ? e : { ...e, type, data: { ...e.data, object } };
}
