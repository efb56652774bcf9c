// Stripe sync: a first run backfills every object (paginated, resumable per step), then
// each run reads the Events API forward from the cursor. Stripe keeps events for 30
// days; after a longer gap the events in between are gone, so the run backfills again
// and says so.
import type { Environment } from '../../ipc/vocabulary';
import type { SyncContext } from '../adapter';
import type { IngestBatch } from '../types';
import { notFound, type StripeReader } from './api';
import { EVENT_TYPES, eventsToBatch, type RefundLedger } from './events';
import { BatchBuilder, chargeEvents, disputeEvents, invoiceEvents, refundEvents, subscriptionEvents, type MapContext } from './map';
import { paymentOfInvoice, subscriptionOfInvoice, type SCharge, type SCustomer, type SDispute, type SEvent, type SInvoice, type SSubscription } from './shapes';

export const EVENT_RETENTION_SEC = 30 * 86400;
const STEPS = ['customers', 'subscriptions', 'invoices', 'charges', 'disputes'] as const;
type Step = (typeof STEPS)[number];

interface Anchor {
  evt: string | null;
  created: number;
}
export type StripeCursor =
  | { v: 1; phase: 'backfill'; step: Step; after: string | null; anchor: Anchor }
  | ({ v: 1; phase: 'events' } & Anchor);

export function parseCursor(text: string | null): StripeCursor | null {
  if (!text) return null;
  const c = JSON.parse(text) as StripeCursor;
  if (c.v !== 1) throw new Error(`unknown Stripe cursor version ${String(c.v)}`);
  return c;
}

export interface SyncDeps {
  reader: StripeReader;
  account: string;
  environment: Environment;
  metadataKey: string;
  nowSec: () => number;
  pageSize?: number;
}

export function mapContext(d: SyncDeps): MapContext {
  return {
    environment: d.environment,
    metadataKey: d.metadataKey,
    customer: (id) => (id ? (d.reader.customers.get(id) ?? null) : null),
    customerAt: (id) => d.reader.customerAt.get(id) ?? null,
    subscriptionOfPayment: (ref) => d.reader.paymentToSubscription.get(ref) ?? null,
    subscription: (id) => d.reader.subscriptions.get(id) ?? null,
    now: () => d.nowSec() * 1000,
  };
}

export async function* stripeSync(d: SyncDeps, cursorText: string | null, ctx: SyncContext): AsyncGenerator<IngestBatch> {
  let cursor = parseCursor(cursorText);
  if (cursor?.phase === 'events' && d.nowSec() - cursor.created > EVENT_RETENTION_SEC) {
    ctx.notice(
      `Last Stripe sync was ${Math.floor((d.nowSec() - cursor.created) / 86400)} days ago; Stripe keeps events for 30 days, so everything was fetched again (backfill).`,
    );
    cursor = null;
  }
  const done: { anchor?: Anchor } = {};
  if (!cursor || cursor.phase === 'backfill') {
    yield* backfill(d, cursor, ctx, done);
    cursor = { v: 1, phase: 'events', ...done.anchor! };
  }
  try {
    yield* incremental(d, cursor, ctx);
  } catch (err) {
    // The cursor's event is older than Stripe's retention: it is gone, and so are the ones after it.
    if (!notFound(err)) throw err;
    ctx.notice('The Stripe events since the last sync are no longer available (kept 30 days), so everything was fetched again (backfill).');
    yield* backfill(d, null, ctx, done);
    yield* incremental(d, { v: 1, phase: 'events', ...done.anchor! }, ctx);
  }
}

async function* backfill(
  d: SyncDeps,
  from: Extract<StripeCursor, { phase: 'backfill' }> | null,
  ctx: SyncContext,
  done: { anchor?: Anchor },
): AsyncGenerator<IngestBatch> {
  // Events newer than this anchor are read after the backfill; overlap is harmless (dedupe keys).
  const anchor = from?.anchor ?? (await newestEvent(d));
  done.anchor = anchor;
  const mc = mapContext(d);
  const limit = d.pageSize ?? 100;
  let fetched = 0;
  const startIndex = from ? STEPS.indexOf(from.step) : 0;
  if (startIndex > STEPS.indexOf('invoices') || (from && from.step === 'invoices' && from.after)) await learnInvoices(d);
  for (let i = startIndex; i < STEPS.length; i++) {
    const step = STEPS[i]!;
    let after = i === startIndex ? (from?.after ?? null) : null;
    for (;;) {
      ctx.signal.throwIfAborted();
      const page = await fetchStep(d, step, limit, after);
      const b = new BatchBuilder();
      if (step === 'charges') await d.reader.completeRefunds(page.data as SCharge[]);
      await prefetchCustomers(d, page.data);
      for (const o of page.data) mapObject(d, mc, step, o, b);
      fetched += page.data.length;
      ctx.progress({ phase: `backfill: ${step}`, fetched });
      const last = page.data[page.data.length - 1] as { id: string } | undefined;
      if (page.has_more && last) {
        after = last.id;
        yield batch(d, b, { v: 1, phase: 'backfill', step, after, anchor });
        continue;
      }
      const next = STEPS[i + 1];
      yield batch(d, b, next ? { v: 1, phase: 'backfill', step: next, after: null, anchor } : { v: 1, phase: 'events', ...anchor });
      break;
    }
  }
}

function batch(d: SyncDeps, b: BatchBuilder, cursor: StripeCursor): IngestBatch {
  return { purchases: [...b.purchases.values()], events: b.events, cursor: { account: d.account, value: JSON.stringify(cursor) } };
}

async function fetchStep(d: SyncDeps, step: Step, limit: number, after: string | null) {
  const page = { limit, ...(after ? { starting_after: after } : {}) };
  switch (step) {
    case 'customers':
      return d.reader.list<SCustomer>('customers', page);
    case 'subscriptions':
      return d.reader.list<SSubscription>('subscriptions', { ...page, status: 'all' });
    case 'invoices':
      return d.reader.list<SInvoice>('invoices', { ...page, expand: ['data.payments'] });
    case 'charges':
      return d.reader.list<SCharge>('charges', { ...page, expand: ['data.refunds'] });
    case 'disputes':
      return d.reader.list<SDispute>('disputes', page);
  }
}

async function prefetchCustomers(d: SyncDeps, objects: unknown[]): Promise<void> {
  for (const o of objects) {
    const c = (o as { customer?: unknown; object?: string }).customer;
    if (typeof c === 'string') await d.reader.customer(c);
    const charge = (o as { object?: string; charge?: unknown }).object === 'dispute' ? (o as SDispute).charge : null;
    if (charge) {
      const ch = await d.reader.charge(charge);
      if (ch?.customer) await d.reader.customer(ch.customer);
    }
  }
}

function mapObject(d: SyncDeps, mc: MapContext, step: Step, o: unknown, b: BatchBuilder): void {
  switch (step) {
    case 'customers': {
      const c = o as SCustomer;
      d.reader.customers.set(c.id, c);
      d.reader.customerAt.delete(c.id);
      return;
    }
    case 'subscriptions': {
      const s = o as SSubscription;
      d.reader.subscriptions.set(s.id, s);
      return subscriptionEvents(mc, s, b);
    }
    case 'invoices': {
      const inv = o as SInvoice;
      d.reader.learnInvoice(inv, subscriptionOfInvoice(inv), paymentOfInvoice(inv));
      return invoiceEvents(mc, inv, b);
    }
    case 'charges': {
      const ch = o as SCharge;
      d.reader.charges.set(ch.id, ch);
      if (!mc.subscriptionOfPayment(ch.payment_intent ?? ch.id)) chargeEvents(mc, ch, b);
      else {
        const s = mc.subscription(mc.subscriptionOfPayment(ch.payment_intent ?? ch.id)!);
        if (s) subscriptionEvents(mc, s, b);
      }
      // Charges list their refunds when expanded, completed past the first page (completeRefunds).
      for (const r of ch.refunds?.data ?? []) refundEvents(mc, r, ch, 'stripe_backfill', b);
      return;
    }
    case 'disputes': {
      const dp = o as SDispute;
      const ch = d.reader.charges.get(dp.charge);
      if (ch && !mc.subscriptionOfPayment(ch.payment_intent ?? ch.id)) chargeEvents(mc, ch, b);
      return disputeEvents(mc, dp, null, 'stripe_backfill', b);
    }
  }
}

/** Rebuilds the payment → subscription map when a resumed backfill starts after the invoices. */
async function learnInvoices(d: SyncDeps): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page: { data: SInvoice[]; has_more: boolean } = await d.reader.list<SInvoice>('invoices', {
      limit: 100,
      expand: ['data.payments'],
      ...(after ? { starting_after: after } : {}),
    });
    for (const inv of page.data) d.reader.learnInvoice(inv, subscriptionOfInvoice(inv), paymentOfInvoice(inv));
    const last = page.data[page.data.length - 1];
    if (!page.has_more || !last) return;
    after = last.id;
  }
}

async function newestEvent(d: SyncDeps): Promise<Anchor> {
  const page = await d.reader.events({ limit: 1, types: [...EVENT_TYPES] });
  const e = page.data[0];
  return e ? { evt: e.id, created: e.created } : { evt: null, created: d.nowSec() };
}

async function* incremental(d: SyncDeps, from: Extract<StripeCursor, { phase: 'events' }>, ctx: SyncContext): AsyncGenerator<IngestBatch> {
  const mc = mapContext(d);
  const ledger: RefundLedger = new Map();
  const limit = d.pageSize ?? 100;
  let fetched = 0;
  let evt = from.evt;
  const created = from.created;
  if (!evt) {
    // No event seen yet: Events lists newest first, so read back to the anchor time, then go forward.
    const pending: SEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await d.reader.events({ limit, types: [...EVENT_TYPES], created: { gte: created }, ...(after ? { starting_after: after } : {}) });
      pending.push(...page.data);
      if (!page.has_more || page.data.length === 0) break;
      after = page.data[page.data.length - 1]!.id;
    }
    pending.reverse();
    for (let i = 0; i < pending.length; i += limit) {
      const chunk = pending.slice(i, i + limit);
      const last = chunk[chunk.length - 1]!;
      const b = await eventsToBatch(d.reader, mc, chunk, ledger);
      fetched += chunk.length;
      ctx.progress({ phase: 'events', fetched, total: pending.length });
      yield batch(d, b, { v: 1, phase: 'events', evt: last.id, created: last.created });
    }
    if (pending.length === 0) return;
    evt = pending[pending.length - 1]!.id;
  }
  for (;;) {
    ctx.signal.throwIfAborted();
    // ending_before returns the `limit` events just newer than the cursor, newest first.
    const page = await d.reader.events({ limit, types: [...EVENT_TYPES], ending_before: evt });
    if (page.data.length === 0) return;
    const ascending = [...page.data].reverse();
    const b = await eventsToBatch(d.reader, mc, ascending, ledger);
    const newest = page.data[0]!;
    fetched += page.data.length;
    ctx.progress({ phase: 'events', fetched });
    yield batch(d, b, { v: 1, phase: 'events', evt: newest.id, created: newest.created });
    evt = newest.id;
    if (!page.has_more) return;
  }
}
