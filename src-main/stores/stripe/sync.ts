// Stripe sync: a first run backfills every object (paginated, resumable per step), then
// each run reads the Events API forward from the cursor. Stripe keeps events for 30
// days; after a longer gap the events in between are gone, so the run backfills again
// and says so.
import type { Environment } from '../../ipc/vocabulary';
import type { SyncContext } from '../adapter';
import type { IngestBatch } from '../types';
import type { StripeList, StripeReader } from './api';
import { isNotFound } from './client';
import { EVENT_TYPES, eventsToBatch, type RefundLedger } from './events';
import { BatchBuilder, chargeEvents, disputeEvents, invoiceEvents, refundEvents, subscriptionEvents, type MapContext } from './map';
import {
  chargeSchema,
  customerSchema,
  disputeSchema,
  invoiceSchema,
  paymentOfInvoice,
  subscriptionOfInvoice,
  subscriptionSchema,
  type RawEvent,
  type SCharge,
  type SInvoice,
} from './shapes';

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
    if (!isNotFound(err)) throw err;
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
      const b = new BatchBuilder();
      const page = await stepPage(d, mc, step, { limit, ...(after ? { starting_after: after } : {}) }, b);
      fetched += page.count;
      ctx.progress({ phase: `backfill: ${step}`, fetched });
      if (page.has_more && page.last) {
        after = page.last;
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

/** What a page of one step told: how many objects, whether more follow, and the last ID. */
interface StepResult {
  count: number;
  has_more: boolean;
  last: string | null;
}

const result = (page: { data: { id: string }[]; has_more: boolean }): StepResult => ({
  count: page.data.length,
  has_more: page.has_more,
  last: page.data[page.data.length - 1]?.id ?? null,
});

/** One page of one backfill step, read, checked (shapes.ts) and mapped into `b`. */
async function stepPage(d: SyncDeps, mc: MapContext, step: Step, page: Record<string, unknown>, b: BatchBuilder): Promise<StepResult> {
  const r = d.reader;
  switch (step) {
    case 'customers': {
      const list = await r.list('customers', page, customerSchema);
      for (const c of list.data) {
        r.customers.set(c.id, c);
        r.customerAt.delete(c.id); // read now: no event's time
      }
      return result(list);
    }
    case 'subscriptions': {
      const list = await r.list('subscriptions', { ...page, status: 'all' }, subscriptionSchema);
      await prefetchCustomers(d, list.data.map((s) => s.customer));
      for (const s of list.data) {
        r.subscriptions.set(s.id, s);
        subscriptionEvents(mc, s, b);
      }
      return result(list);
    }
    case 'invoices': {
      const list = await r.list('invoices', { ...page, expand: ['data.payments'] }, invoiceSchema);
      await prefetchCustomers(d, list.data.map((inv) => inv.customer));
      for (const inv of list.data) {
        r.learnInvoice(inv, subscriptionOfInvoice(inv), paymentOfInvoice(inv));
        invoiceEvents(mc, inv, b);
      }
      return result(list);
    }
    case 'charges': {
      const list = await r.list('charges', { ...page, expand: ['data.refunds'] }, chargeSchema);
      await r.completeRefunds(list.data);
      await prefetchCustomers(d, list.data.map((ch) => ch.customer));
      for (const ch of list.data) chargeStep(mc, r, ch, b);
      return result(list);
    }
    case 'disputes': {
      const list = await r.list('disputes', page, disputeSchema);
      for (const dp of list.data) {
        const ch = await r.charge(dp.charge);
        await prefetchCustomers(d, [ch?.customer]);
      }
      for (const dp of list.data) {
        const ch = r.charges.get(dp.charge);
        if (ch && !mc.subscriptionOfPayment(ch.payment_intent ?? ch.id)) chargeEvents(mc, ch, b);
        disputeEvents(mc, dp, null, 'stripe_backfill', b);
      }
      return result(list);
    }
  }
}

async function prefetchCustomers(d: SyncDeps, ids: (string | null | undefined)[]): Promise<void> {
  for (const id of ids) if (id) await d.reader.customer(id);
}

function chargeStep(mc: MapContext, r: SyncDeps['reader'], ch: SCharge, b: BatchBuilder): void {
  r.charges.set(ch.id, ch);
  const sub = mc.subscriptionOfPayment(ch.payment_intent ?? ch.id);
  if (!sub) chargeEvents(mc, ch, b);
  else {
    const s = mc.subscription(sub);
    if (s) subscriptionEvents(mc, s, b);
  }
  // Charges list their refunds when expanded, completed past the first page (completeRefunds).
  for (const rf of ch.refunds?.data ?? []) refundEvents(mc, rf, ch, 'stripe_backfill', b);
}

/** Rebuilds the payment → subscription map when a resumed backfill starts after the invoices. */
async function learnInvoices(d: SyncDeps): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page: StripeList<SInvoice> = await d.reader.list('invoices', { limit: 100, expand: ['data.payments'], ...(after ? { starting_after: after } : {}) }, invoiceSchema);
    for (const inv of page.data) d.reader.learnInvoice(inv, subscriptionOfInvoice(inv), paymentOfInvoice(inv));
    const last: SInvoice | undefined = page.data[page.data.length - 1];
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
    const pending: RawEvent[] = [];
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
