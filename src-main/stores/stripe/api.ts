// Reads from Stripe through the SDK, each call wrapped in the shared retry policy, with
// small caches so that a page of events does not fetch the same customer twice.
import type Stripe from 'stripe';
import type { z } from 'zod';
import { withRetry, type RetryPolicy } from '../http';
import { isNotFound, stripeError } from './client';
import {
  chargeSchema,
  customerSchema,
  eventSchema,
  invoicePaymentSchema,
  invoicePaymentWithInvoiceSchema,
  invoiceSchema,
  listOf,
  refundSchema,
  subscriptionOfInvoice,
  subscriptionSchema,
  wire,
  type RawEvent,
  type SCharge,
  type SCustomer,
  type SInvoice,
  type SInvoicePayment,
  type SRefund,
  type SSubscription,
} from './shapes';

export interface StripeList<T> {
  data: T[];
  has_more: boolean;
}

/**
 * What the adapter learned about payments, kept for the adapter's life (across sync
 * runs), so a payment is asked about once: which subscription it paid, and which
 * payments were asked and paid none (one-off).
 */
export interface PaymentMemo {
  paymentToSubscription: Map<string, string>;
  askedPayments: Set<string>;
  /**
   * Customers and subscriptions read so far. They change only through events this
   * adapter reads (customer.updated/deleted, customer.subscription.*), which overwrite
   * them, so they stay true across runs and a sync does not read 5,000 customers again.
   */
  customers: Map<string, SCustomer | null>;
  /** When a customer above was said by an event (its `created`); absent: read from the API now. */
  customerAt: Map<string, number>;
  subscriptions: Map<string, SSubscription>;
  /** What the workspace already knows (survives restarts): the purchase a payment belongs to. */
  owner: (paymentRef: string) => string | null;
}

/** The SDK's list endpoints this adapter reads. */
export type ListResource = 'customers' | 'subscriptions' | 'invoices' | 'invoicePayments' | 'charges' | 'refunds' | 'disputes' | 'events';

export const newPaymentMemo = (owner: (paymentRef: string) => string | null = () => null): PaymentMemo => ({
  paymentToSubscription: new Map(),
  askedPayments: new Set(),
  customers: new Map(),
  customerAt: new Map(),
  subscriptions: new Map(),
  owner,
});

export class StripeReader {
  readonly customers: Map<string, SCustomer | null>;
  readonly customerAt: Map<string, number>;
  readonly charges = new Map<string, SCharge>();
  readonly subscriptions: Map<string, SSubscription>;
  readonly invoices = new Map<string, SInvoice>();
  /** payment intent / charge → subscription, learned from the invoices that were paid by them. */
  readonly paymentToSubscription: Map<string, string>;
  /** Payment intents already asked about, so no run asks twice. */
  private readonly askedPayments: Set<string>;

  constructor(
    readonly stripe: Stripe,
    private readonly retry: Partial<RetryPolicy> = {},
    private readonly signal?: AbortSignal,
    memo: PaymentMemo = newPaymentMemo(),
  ) {
    this.paymentToSubscription = memo.paymentToSubscription;
    this.askedPayments = memo.askedPayments;
    this.customers = memo.customers;
    this.customerAt = memo.customerAt;
    this.subscriptions = memo.subscriptions;
    this.owner = memo.owner;
  }

  private readonly owner: (paymentRef: string) => string | null;

  /**
   * Reads are retried here (Retry-After honoured), not by the SDK, whose own retries
   * ignore Retry-After; maxNetworkRetries: 0 on each read keeps the budget in one place.
   */
  async call<S extends z.ZodType>(what: string, schema: S, fn: (opts: Stripe.RequestOptions) => Promise<unknown>): Promise<z.output<S>> {
    const answer = await withRetry(() => fn({ maxNetworkRetries: 0 }), stripeError, { policy: this.retry, signal: this.signal });
    return wire(schema, answer, what);
  }

  /** One page of a list endpoint, each item checked against `item`. */
  list<S extends z.ZodType>(resource: ListResource, params: Record<string, unknown>, item: S): Promise<StripeList<z.output<S>>> {
    // Methods compare bivariantly: every list endpoint fits this one shape, no cast needed.
    const r: { list(p: unknown, o: Stripe.RequestOptions): Promise<unknown> } = this.stripe[resource];
    return this.call(`${resource} list`, listOf(item), (o) => r.list(params, o));
  }

  async customer(id: string | null): Promise<SCustomer | null> {
    if (!id) return null;
    if (this.customers.has(id)) return this.customers.get(id) ?? null;
    try {
      const c = await this.call('customer', customerSchema, (o) => this.stripe.customers.retrieve(id, {}, o));
      this.customers.set(id, c.deleted ? null : c);
      this.customerAt.delete(id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.customers.set(id, null);
    }
    return this.customers.get(id) ?? null;
  }

  charge(id: string): Promise<SCharge | null> {
    return this.retrieve(this.charges, id, chargeSchema, (o) => this.stripe.charges.retrieve(id, {}, o));
  }

  subscription(id: string): Promise<SSubscription | null> {
    return this.retrieve(this.subscriptions, id, subscriptionSchema, (o) => this.stripe.subscriptions.retrieve(id, {}, o));
  }

  /** A read by ID through `cache`; a 404 is null and not cached, so a later read asks again. */
  private async retrieve<S extends z.ZodType>(
    cache: Map<string, z.output<S>>,
    id: string,
    schema: S,
    fetch: (o: Stripe.RequestOptions) => Promise<unknown>,
  ): Promise<z.output<S> | null> {
    const cached = cache.get(id);
    if (cached) return cached;
    try {
      const value = await this.call(`${id}`, schema, fetch);
      cache.set(id, value);
      return value;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  invoice(id: string): Promise<SInvoice | null> {
    return this.retrieve(this.invoices, id, invoiceSchema, (o) => this.stripe.invoices.retrieve(id, {}, o));
  }

  /**
   * An invoice's payments. An invoice inside an event never carries `payments` (an
   * includable field, and events cannot expand), so they are read from the Invoice
   * Payments API (GET /v1/invoice_payments?invoice=…).
   */
  async paymentsOfInvoice(invoiceId: string): Promise<SInvoicePayment[]> {
    const page = await this.list('invoicePayments', { invoice: invoiceId, limit: 10 }, invoicePaymentSchema);
    return page.data;
  }

  /** All refunds of a charge (a charge may have more than one page of partial refunds). */
  async refundsOf(chargeId: string): Promise<SRefund[]> {
    const out: SRefund[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.list('refunds', { charge: chargeId, limit: 100, ...(after ? { starting_after: after } : {}) }, refundSchema);
      out.push(...page.data);
      if (!page.has_more || page.data.length === 0) return out;
      after = page.data[page.data.length - 1]!.id;
    }
  }

  /**
   * An expanded `refunds` list holds one page (10 by default) with has_more; the rest
   * is read through the refunds list, so a charge with many partial refunds is whole.
   */
  async completeRefunds(charges: SCharge[]): Promise<void> {
    for (const ch of charges) {
      if (ch.refunds?.has_more) ch.refunds = { data: await this.refundsOf(ch.id), has_more: false };
    }
  }

  /** Raw events: versions.ts brings each object to the pinned shape before shapes.ts checks it. */
  events(params: Record<string, unknown>): Promise<StripeList<RawEvent>> {
    return this.list('events', params, eventSchema);
  }

  /** invoice → the payment that paid it, as learned this run (saves a lookup per invoice.paid). */
  readonly invoicePayment = new Map<string, string>();

  learnInvoice(inv: SInvoice, sub: string | null, payment: string | null): void {
    if (sub && payment) this.paymentToSubscription.set(payment, sub);
    if (payment) this.invoicePayment.set(inv.id, payment);
  }


  /**
   * The subscription a payment intent paid, asked of Stripe when no invoice seen so far
   * names it. Since API 2025-03-31 a charge does not name its invoice; the invoice names
   * its payments, and GET /v1/invoice_payments finds the invoice from the payment.
   */
  async subscriptionOfPayment(paymentIntent: string): Promise<string | null> {
    const known = this.paymentToSubscription.get(paymentIntent);
    if (known || this.askedPayments.has(paymentIntent)) return known ?? null;
    this.askedPayments.add(paymentIntent);
    const cached = this.owner(paymentIntent);
    if (cached?.startsWith('sub_')) this.paymentToSubscription.set(paymentIntent, cached);
    if (cached) return this.paymentToSubscription.get(paymentIntent) ?? null;
    const page = await this.list(
      'invoicePayments',
      { payment: { type: 'payment_intent', payment_intent: paymentIntent }, expand: ['data.invoice'], limit: 10 },
      invoicePaymentWithInvoiceSchema,
    );
    for (const ip of page.data) {
      if (!ip.invoice || typeof ip.invoice === 'string') continue;
      this.learnInvoice(ip.invoice, subscriptionOfInvoice(ip.invoice), paymentIntent);
    }
    return this.paymentToSubscription.get(paymentIntent) ?? null;
  }
}
