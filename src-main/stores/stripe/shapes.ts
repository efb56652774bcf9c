// Stripe's wire objects, checked with zod before anything maps them (issue 19). Only the
// fields this adapter reads are named; every object is loose, so a field Stripe adds (or
// an old API version's extra field, versions.ts) passes through untouched. Each field's
// type is stripe-node 23's (cjs/resources/<Object>.d.ts), which is generated from Stripe's
// OpenAPI spec; expandable fields are read as IDs because this adapter expands none of
// them, except where a call says so (charges' `refunds`, invoices' `payments`, an
// invoice payment's `invoice`). API version 2025-03-31 and later: an invoice names its
// subscription under `parent.subscription_details`, its payments under `payments`, and
// the billing period lives on the subscription item.
import { z } from 'zod';
import { StoreError } from '../errors';

const id = z.string().min(1);
const unix = z.number().int();
const money = z.number().int();
const metadata = z.record(z.string(), z.string());

/** Customers.d.ts, Customer: email string|null, name?, metadata; a deleted customer has `deleted: true`. */
export const customerSchema = z.looseObject({
  id,
  email: z.string().nullish(),
  name: z.string().nullish(),
  metadata: metadata.nullish(),
  deleted: z.boolean().optional(),
});
export type SCustomer = z.output<typeof customerSchema>;

/**
 * Refunds.d.ts, Refund: charge and payment_intent string|null, reason|null, status
 * string|null (pending, requires_action, succeeded, failed, canceled), failure_reason?,
 * metadata|null.
 */
export const refundSchema = z.looseObject({
  id,
  amount: money,
  charge: z.string().nullish(),
  payment_intent: z.string().nullish(),
  currency: z.string().min(3),
  created: unix,
  reason: z.string().nullish(),
  status: z.string().nullish(),
  failure_reason: z.string().nullish(),
  metadata: metadata.nullish(),
});
export type SRefund = z.output<typeof refundSchema>;

/** A list page (ApiList<T>): `data` and `has_more`. */
export const listOf = <S extends z.ZodType>(item: S) => z.looseObject({ data: z.array(item), has_more: z.boolean() });

/**
 * Charges.d.ts, Charge: customer and payment_intent string|null, description|null,
 * refunded, disputed, receipt_email|null, billing_details.email|null, `refunds`
 * (ApiList<Refund>, present when expanded), and before 2025-03-31 `invoice`.
 */
export const chargeSchema = z.looseObject({
  id,
  amount: money,
  amount_refunded: money,
  currency: z.string().min(3),
  customer: z.string().nullish(),
  payment_intent: z.string().nullish(),
  created: unix,
  description: z.string().nullish(),
  refunded: z.boolean().optional(),
  disputed: z.boolean().optional(),
  receipt_email: z.string().nullish(),
  billing_details: z.looseObject({ email: z.string().nullish() }).nullish(),
  refunds: listOf(refundSchema).nullish(),
  invoice: z.string().nullish(),
});
export type SCharge = z.output<typeof chargeSchema>;

/**
 * Disputes.d.ts, Dispute: charge (always set), payment_intent|null, reason, status
 * (warning_needs_response, warning_under_review, warning_closed, needs_response,
 * under_review, won, lost, prevented), is_charge_refundable: while true the disputed
 * payment can still be refunded (inquiries).
 */
export const disputeSchema = z.looseObject({
  id,
  amount: money,
  charge: id,
  payment_intent: z.string().nullish(),
  currency: z.string().min(3),
  created: unix,
  reason: z.string(),
  status: z.string(),
  is_charge_refundable: z.boolean().optional(),
});
export type SDispute = z.output<typeof disputeSchema>;

/** PaymentIntents.d.ts, PaymentIntent: amount, currency, customer|null, latest_charge (an ID unless expanded) |null. */
export const paymentIntentSchema = z.looseObject({
  id,
  amount: money,
  currency: z.string().min(3),
  customer: z.string().nullish(),
  latest_charge: z.string().nullish(),
});
export type SPaymentIntent = z.output<typeof paymentIntentSchema>;

/** SubscriptionItems.d.ts: current_period_end (since basil), price.product (an ID unless expanded), unit_amount|null. */
const subscriptionItem = z.looseObject({
  current_period_end: unix.optional(),
  price: z.looseObject({ product: id, unit_amount: money.nullable(), currency: z.string().min(3) }),
});

/**
 * Subscriptions.d.ts, Subscription: customer, status, start_date, canceled_at|null,
 * ended_at|null, cancel_at_period_end, cancel_at|null, latest_invoice (an ID unless
 * expanded) |null, items (ApiList<SubscriptionItem>).
 */
export const subscriptionSchema = z.looseObject({
  id,
  customer: id,
  status: z.string(),
  created: unix,
  start_date: unix,
  canceled_at: unix.nullish(),
  ended_at: unix.nullish(),
  cancel_at_period_end: z.boolean(),
  cancel_at: unix.nullish(),
  currency: z.string().min(3),
  latest_invoice: z.union([z.string(), z.looseObject({ id })]).nullish(),
  items: z.looseObject({ data: z.array(subscriptionItem) }),
});
export type SSubscription = z.output<typeof subscriptionSchema>;

/** InvoicePayments.d.ts, InvoicePayment.payment: type payment_intent | charge | …, with the ID of that type. */
const invoicePaymentRef = z.looseObject({ type: z.string(), payment_intent: z.string().optional(), charge: z.string().optional() });
export const invoicePaymentSchema = z.looseObject({ payment: invoicePaymentRef });
export type SInvoicePayment = z.output<typeof invoicePaymentSchema>;

/**
 * Invoices.d.ts, Invoice: status|null, billing_reason|null, status_transitions.paid_at|null,
 * parent|null (parent.subscription_details.subscription), `payments` (ApiList<InvoicePayment>,
 * includable only: never inside an event).
 */
export const invoiceSchema = z.looseObject({
  id,
  customer: z.string().nullish(),
  amount_paid: money,
  amount_due: money,
  currency: z.string().min(3),
  status: z.string().nullish(),
  created: unix,
  attempt_count: z.number().int(),
  billing_reason: z.string().nullish(),
  period_end: unix,
  status_transitions: z.looseObject({ paid_at: unix.nullish() }),
  parent: z.looseObject({ subscription_details: z.looseObject({ subscription: id }).nullish() }).nullish(),
  payments: z.looseObject({ data: z.array(invoicePaymentSchema) }).nullish(),
});
export type SInvoice = z.output<typeof invoiceSchema>;

/** An invoice payment read with `expand: ['data.invoice']`. */
export const invoicePaymentWithInvoiceSchema = z.looseObject({ invoice: z.union([z.string(), invoiceSchema]).nullish() });

/** Events.d.ts, Event: api_version|null (the version `data.object` is rendered in), data.object, data.previous_attributes?. */
export const eventSchema = z.looseObject({
  id,
  type: z.string(),
  created: unix,
  api_version: z.string().nullish(),
  data: z.looseObject({ object: z.looseObject({ object: z.string(), id }), previous_attributes: z.record(z.string(), z.unknown()).optional() }),
});

/** The objects of the event types this adapter asks for (events.ts, EVENT_TYPES), checked by their `object`. */
export type WireObject =
  | (SCharge & { object: 'charge' })
  | (SRefund & { object: 'refund' })
  | (SDispute & { object: 'dispute' })
  | (SSubscription & { object: 'subscription' })
  | (SInvoice & { object: 'invoice' })
  | (SCustomer & { object: 'customer' });

export interface SEvent {
  id: string;
  type: string;
  created: number;
  api_version?: string | null;
  data: { object: WireObject; previous_attributes?: Record<string, unknown> };
}

/** A raw event as listed, before versions.ts brings its object to the pinned shape. */
export type RawEvent = z.output<typeof eventSchema>;

const OBJECT_SCHEMAS: Record<WireObject['object'], z.ZodType> = {
  charge: chargeSchema,
  refund: refundSchema,
  dispute: disputeSchema,
  subscription: subscriptionSchema,
  invoice: invoiceSchema,
  customer: customerSchema,
};

/** The value checked against `schema`, or StoreError 'malformed' naming the first wrong field. */
export function wire<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
  throw new StoreError('malformed', `Stripe sent a ${what} that is not in its documented shape (${where}); nothing was written.`, { status: 200 });
}

/** An event whose object is one this adapter reads, checked by its `object`; null for any other object. */
export function wireEvent(e: RawEvent): SEvent | null {
  const kind = e.data.object.object as WireObject['object'];
  const schema = OBJECT_SCHEMAS[kind];
  if (!schema) return null;
  const object = wire(schema, e.data.object, `${kind} in event ${e.id}`) as WireObject;
  return { id: e.id, type: e.type, created: e.created, api_version: e.api_version ?? null, data: { object, previous_attributes: e.data.previous_attributes } };
}

export const subscriptionOfInvoice = (inv: SInvoice): string | null => inv.parent?.subscription_details?.subscription ?? null;

export const paymentOfInvoice = (inv: SInvoice): string | null => {
  const p = inv.payments?.data.find((x) => x.payment.payment_intent || x.payment.charge)?.payment;
  return p?.payment_intent ?? p?.charge ?? null;
};
