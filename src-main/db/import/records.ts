// One record of an import file, judged: the reference platform's webhook body or a line
// of the console's own export, converted to what the cache ingests, or refused with words.
import type { z } from 'zod';
import type { EventInput, PurchaseInput } from '../../domain/model';
import { exportRecordSchema } from './exportFormat';
import { ImportRecordError, convertRcEvent, rcBodySchema, type CustomerConverted } from './revenuecat';
import type { Stated } from './settle';
import { ImportFileError } from './split';

/** One valid record: a purchase (export), an event of a purchase (with it, for the webhook format), or a customer's event. */
export interface Record_ {
  purchase?: PurchaseInput;
  /** When the webhook event happened and the payment it tells (webhook format), to settle the purchase. */
  stated?: Omit<Stated, 'purchase'>;
  event?: EventInput;
  customerEvent?: CustomerConverted;
  /** What makes two records the same thing, for duplicate detection inside the file. */
  key: string;
}

function zodReason(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return 'wrong type';
  return `wrong type at ${i.path.join('.') || '(record)'}: ${i.message}`;
}

/** The sentence for a file whose first record is not JSON at all (a CSV, a log, a binary). */
export function notJson(text: string): ImportFileError {
  const start = text.trim().slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
  return new ImportFileError(
    `This file is not JSON (it begins “${start}”). Import reads a JSON array of events, one JSON event per line, or RevenueCat webhook bodies, one or several, pretty-printed or not.`,
  );
}

export const NO_EVENT = 'not a RevenueCat webhook body: it has no "event" object';

/** A record, or the reason it is on purpose not imported. */
export function fromRevenueCat(value: unknown): Record_ | string {
  // A bare event (the "event" object without its envelope) is read as its body.
  const body = value && typeof value === 'object' && !('event' in value) && 'type' in value && 'id' in value ? { event: value } : value;
  const parsed = rcBodySchema.safeParse(body);
  if (!parsed.success) {
    const b = body as { event?: unknown };
    if (b.event === undefined) throw new ImportRecordError(NO_EVENT);
    throw new ImportRecordError(zodReason(parsed.error));
  }
  const c = convertRcEvent(parsed.data.event, value);
  if (c.kind === 'not_imported') return c.reason;
  if (c.kind === 'customer') return { customerEvent: c, key: c.event.dedupeKey };
  return { purchase: c.purchase, stated: { at: c.at, paidAt: c.paidAt }, event: c.event, key: c.event.dedupeKey };
}

export function fromExport(value: unknown): Record_ {
  const parsed = exportRecordSchema.safeParse(value);
  if (!parsed.success) throw new ImportRecordError(zodReason(parsed.error));
  const r = parsed.data;
  if (r.t === 'purchase') {
    const { t: _t, ...purchase } = r;
    return { purchase: purchase as PurchaseInput, key: `purchase:${r.store}:${r.storeKey}` };
  }
  if (r.t === 'event') {
    const { t: _t, ...event } = r;
    if (!event.store) throw new ImportRecordError('an event of a purchase needs its store');
    return { event: event as EventInput, key: event.dedupeKey };
  }
  const { t: _t, customer, ...event } = r;
  const appUserId = customer.appUserId ?? customer.ids[0]?.value;
  if (!appUserId) throw new ImportRecordError('a customer event needs an app user ID or an identifier');
  const detail = (event.detail ?? undefined) as EventInput['detail'];
  return { customerEvent: { kind: 'customer', appUserIds: [appUserId], event: { ...event, detail, store: event.store ?? null, purchaseKey: null } }, key: event.dedupeKey };
}
