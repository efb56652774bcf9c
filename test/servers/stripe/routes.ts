// Stripe's v1 endpoints the app uses, over the in-memory account.
import { list, obj, str, type FormValue } from './form';
import { refundCharge } from './objects';
import { cancelSubscription, subscriptionOf } from './billing';
import { Collection, emitEvent, ListError, listPage, type ListQuery, type Obj, type StripeAccount } from './state';

export interface Reply {
  status: number;
  body: unknown;
}

type Params = Record<string, FormValue>;

const RESOURCES: Record<string, { col: (a: StripeAccount) => Collection<Obj>; noun: string }> = {
  customers: { col: (a) => a.customers, noun: 'customer' },
  charges: { col: (a) => a.charges, noun: 'charge' },
  payment_intents: { col: (a) => a.paymentIntents, noun: 'payment_intent' },
  refunds: { col: (a) => a.refunds, noun: 'refund' },
  disputes: { col: (a) => a.disputes, noun: 'dispute' },
  invoices: { col: (a) => a.invoices, noun: 'invoice' },
  subscriptions: { col: (a) => a.subscriptions, noun: 'subscription' },
  events: { col: (a) => a.events, noun: 'event' },
};

export function route(acct: StripeAccount, method: string, path: string, p: Params): Reply {
  try {
    return dispatch(acct, method, path, p);
  } catch (err) {
    if (err instanceof ListError) return invalid(err.message, err.param);
    throw err;
  }
}

function dispatch(acct: StripeAccount, method: string, path: string, p: Params): Reply {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'v1') return notFound(path);
  const [, name, id] = parts;
  if (name === 'balance' && method === 'GET' && !id) {
    return ok({
      object: 'balance',
      available: [{ amount: 1_234_500, currency: 'usd', source_types: { card: 1_234_500 } }],
      livemode: false,
      pending: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
    });
  }
  if (name === 'refunds' && method === 'POST' && !id) {
    const amount = str(p.amount);
    if (amount !== undefined && !/^\d+$/.test(amount)) return invalid('Invalid integer: ' + amount, 'amount');
    const reason = str(p.reason);
    if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
      return invalid(`Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, 'reason');
    }
    const out = refundCharge(acct, {
      charge: str(p.charge),
      paymentIntent: str(p.payment_intent),
      amount: amount === undefined ? undefined : Number(amount),
      reason: reason ?? null,
      metadata: Object.fromEntries(Object.entries(obj(p.metadata)).filter((e): e is [string, string] => typeof e[1] === 'string')),
    });
    if ('error' in out && 'status' in out && typeof out.status === 'number' && !('object' in out)) {
      return { status: out.status, body: { error: out.error } };
    }
    acct.refundCreations++;
    return ok(out);
  }
  if (name === 'refunds' && method === 'POST' && id) return updateRefundMetadata(acct, id, p);
  if (name === 'charges' && method === 'GET' && id && parts[3] === 'refunds') {
    // GET /v1/charges/:id/refunds: the charge's refunds, paginated like every list.
    if (!acct.charges.get(id)) return missing('charge', id);
    const q: ListQuery = { limit: str(p.limit), starting_after: str(p.starting_after), ending_before: str(p.ending_before) };
    return ok(listPage(acct.refunds, q, (r) => r.charge === id, `/v1/charges/${id}/refunds`, 'refund'));
  }
  if (name === 'subscriptions' && method === 'DELETE' && id) {
    const sub = acct.subscriptions.get(id);
    if (!sub) return missing('subscription', id);
    if (sub.status === 'canceled') {
      return invalid(`A canceled subscription can only update its cancellation_details and metadata.`, undefined);
    }
    return ok(cancelSubscription(acct, id));
  }
  if (name === 'invoice_payments' && method === 'GET') return invoicePayments(acct, id, p);
  const res = name ? RESOURCES[name] : undefined;
  if (!res || method !== 'GET') return notFound(path);
  const expand = list(p.expand);
  if (id) {
    const item = res.col(acct).get(id);
    if (!item) return missing(res.noun, id);
    return ok(present(acct, name!, item, expand, ''));
  }
  const q: ListQuery = {
    limit: str(p.limit),
    starting_after: str(p.starting_after),
    ending_before: str(p.ending_before),
    created: typeof p.created === 'string' ? p.created : (obj(p.created) as ListQuery['created']),
  };
  const page = listPage(res.col(acct), q, filter(name!, p), `/v1/${name}`, res.noun);
  return ok({ ...page, data: page.data.map((o) => present(acct, name!, o, expand, 'data.')) });
}

function filter(name: string, p: Params): (o: Obj) => boolean {
  const eq = (field: string, want: string | undefined) => (o: Obj) => want === undefined || o[field] === want;
  const checks: ((o: Obj) => boolean)[] = [];
  if (name === 'events') {
    const types = list(p.types);
    const type = str(p.type);
    if (types.length) {
      const set = new Set(types);
      checks.push((o) => set.has(o.type as string));
    }
    if (type) {
      const re = new RegExp('^' + type.replace(/\./g, '\\.').replace(/\*/g, '[^.]+') + '$');
      checks.push((o) => re.test(o.type as string));
    }
  }
  if (name === 'customers') checks.push(eq('email', str(p.email)));
  if (['charges', 'payment_intents', 'invoices', 'subscriptions'].includes(name)) checks.push(eq('customer', str(p.customer)));
  if (['refunds', 'disputes', 'charges'].includes(name)) checks.push(eq('payment_intent', str(p.payment_intent)));
  if (['refunds', 'disputes'].includes(name)) checks.push(eq('charge', str(p.charge)));
  if (name === 'invoices') {
    const sub = str(p.subscription);
    if (sub) checks.push((o) => subscriptionOf(o) === sub);
    checks.push(eq('status', str(p.status)));
  }
  if (name === 'subscriptions') {
    // Stripe lists only subscriptions that are not canceled unless `status` says otherwise.
    const status = str(p.status);
    if (status === 'all') checks.push(() => true);
    else if (status) checks.push(eq('status', status));
    else checks.push((o) => o.status !== 'canceled');
  }
  return (o) => checks.every((c) => c(o));
}

/**
 * Applies `expand[]`. A charge's `refunds` is not included since API 2022-11-15 unless
 * expanded, and then it is a list object like any other: its first page (10, the
 * default limit) with has_more, the rest through GET /v1/charges/:id/refunds. An
 * invoice's `payments` is includable only (Invoice object docs: not included by default).
 */
function present(acct: StripeAccount, name: string, item: Obj, expand: string[], prefix: string): Obj {
  if (name === 'charges' && expand.includes(`${prefix}refunds`)) {
    const refunds = listPage(acct.refunds, {}, (r) => r.charge === item.id, `/v1/charges/${item.id}/refunds`, 'refund');
    return { ...item, refunds };
  }
  if (name === 'invoices' && !expand.includes(`${prefix}payments`)) {
    const { payments: _hidden, ...rest } = item;
    return rest as Obj;
  }
  return item;
}

/** POST /v1/refunds/:id: Refund update docs, "This request only accepts metadata"; an empty value unsets a key. */
function updateRefundMetadata(acct: StripeAccount, id: string, p: Params): Reply {
  const refund = acct.refunds.get(id);
  if (!refund) return missing('refund', id);
  const extra = Object.keys(p).filter((k) => k !== 'metadata' && k !== 'expand');
  if (extra.length) return invalid(`Received unknown parameter: ${extra[0]}`, extra[0]);
  const metadata = { ...(refund.metadata as Record<string, string>) };
  for (const [k, v] of Object.entries(obj(p.metadata))) {
    if (typeof v !== 'string') continue;
    if (v === '') delete metadata[k];
    else metadata[k] = v;
  }
  const previous = refund.metadata;
  refund.metadata = metadata;
  emitEvent(acct, 'refund.updated', refund, { metadata: previous });
  return ok(refund);
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const invalid = (message: string, param: string | undefined): Reply => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } },
});
const missing = (noun: string, id: string): Reply => ({
  status: 404,
  body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${noun}: '${id}'`, param: 'id' } },
});
const notFound = (path: string): Reply => ({
  status: 404,
  body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (GET: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` } },
});

/**
 * GET /v1/invoice_payments (API 2025-03-31+): the invoice ↔ payment links, filtered by
 * `invoice`, `status` or `payment[type]` + `payment[payment_intent]`; `invoice` is an ID
 * unless `expand[]=data.invoice`. Stripe requires payment[type] whenever `payment` is given.
 */
function invoicePayments(acct: StripeAccount, id: string | undefined, p: Params): Reply {
  // Narrowed to one invoice when the filter names it (directly or through its payment),
  // so a lookup does not cost a walk over every invoice of a large (bench) account.
  const payment0 = obj(p.payment);
  const pi0 = str(payment0.payment_intent);
  const only = str(p.invoice) ?? (pi0 ? acct.invoiceOfPayment.get(pi0) : undefined);
  const scope = only !== undefined ? [acct.invoices.get(only)].filter((x): x is Obj => !!x) : pi0 ? [] : acct.invoices.items;
  const all = new Collection<Obj>();
  for (const inv of scope) {
    for (const ip of (inv.payments as { data: Obj[] } | undefined)?.data ?? []) all.add(ip);
  }
  const expand = list(p.expand);
  const show = (ip: Obj, prefix: string): Obj => (expand.includes(`${prefix}invoice`) ? { ...ip, invoice: acct.invoices.get(ip.invoice as string) ?? ip.invoice } : ip);
  if (id) {
    const ip = all.get(id);
    return ip ? ok(show(ip, '')) : missing('invoice_payment', id);
  }
  const payment = obj(p.payment);
  if (Object.keys(payment).length && !str(payment.type)) return invalid('Missing required param: payment[type].', 'payment[type]');
  const type = str(payment.type);
  if (type && type !== 'payment_intent' && type !== 'payment_record') {
    return invalid(`Invalid payment[type]: must be one of payment_intent or payment_record`, 'payment[type]');
  }
  const pi = str(payment.payment_intent);
  const invoice = str(p.invoice);
  const status = str(p.status);
  const keep = (ip: Obj) => {
    const pay = ip.payment as { type: string; payment_intent?: string };
    return (!type || pay.type === type) && (!pi || pay.payment_intent === pi) && (!invoice || ip.invoice === invoice) && (!status || ip.status === status);
  };
  const q: ListQuery = { limit: str(p.limit), starting_after: str(p.starting_after), ending_before: str(p.ending_before) };
  const page = listPage(all, q, keep, '/v1/invoice_payments', 'invoice_payment');
  return ok({ ...page, data: page.data.map((ip) => show(ip, 'data.')) });
}
