// The fields of Stripe's objects this adapter reads (API version 2025-03-31 and later:
// an invoice names its subscription under `parent.subscription_details`, its payments
// under `payments`, and the billing period lives on the subscription item).
export interface SCustomer {
  id: string;
  email: string | null;
  name?: string | null;
  metadata: Record<string, string>;
  deleted?: boolean;
}

export interface SRefund {
  id: string;
  amount: number;
  charge: string | null;
  payment_intent: string | null;
  currency: string;
  created: number;
  reason: string | null;
  /** pending, requires_action, succeeded, failed or canceled. */
  status: string | null;
  failure_reason?: string | null;
  metadata: Record<string, string> | null;
}

export interface SCharge {
  id: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  payment_intent: string | null;
  created: number;
  description: string | null;
  refunded: boolean;
  disputed: boolean;
  receipt_email: string | null;
  billing_details?: { email?: string | null } | null;
  refunds?: { data: SRefund[]; has_more: boolean } | null;
  /** Before API 2025-03-31 only: the invoice this charge paid. */
  invoice?: string | null;
}

export interface SDispute {
  id: string;
  amount: number;
  charge: string;
  payment_intent: string | null;
  currency: string;
  created: number;
  reason: string;
  /** warning_needs_response, warning_under_review, warning_closed, needs_response, under_review, won, lost, prevented. */
  status: string;
  /** Dispute object docs: while true the disputed payment can still be refunded (inquiries). */
  is_charge_refundable?: boolean;
}

export interface SSubscription {
  id: string;
  customer: string;
  status: string;
  created: number;
  start_date: number;
  canceled_at: number | null;
  ended_at: number | null;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  currency: string;
  /** The invoice created with the subscription, or the latest one since (an ID unless expanded). */
  latest_invoice?: string | { id: string } | null;
  items: { data: { current_period_end?: number; price: { product: string; unit_amount: number | null; currency: string } }[] };
}

export interface SInvoice {
  id: string;
  customer: string;
  amount_paid: number;
  amount_due: number;
  currency: string;
  status: string | null;
  created: number;
  attempt_count: number;
  billing_reason: string | null;
  period_end: number;
  status_transitions: { paid_at: number | null };
  parent?: { subscription_details?: { subscription: string } | null } | null;
  payments?: { data: { payment: { type: string; payment_intent?: string; charge?: string } }[] } | null;
}

export interface SEvent {
  id: string;
  type: string;
  created: number;
  /** The API version the event's data is rendered in (versions.ts). */
  api_version?: string | null;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
}

export const subscriptionOfInvoice = (inv: SInvoice): string | null => inv.parent?.subscription_details?.subscription ?? null;

export const paymentOfInvoice = (inv: SInvoice): string | null => {
  const p = inv.payments?.data.find((x) => x.payment.payment_intent || x.payment.charge)?.payment;
  return p?.payment_intent ?? p?.charge ?? null;
};
