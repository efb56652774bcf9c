// Import: validate first (every bad line, with its number and reason, nothing written),
// then commit the valid lines in ONE transaction: nothing is ever half-imported, and a
// kill -9 mid-commit leaves the database as it was (WAL drops uncommitted frames).
import type { z } from 'zod';
import type { Db } from '../connection';
import { ingestInTransaction, insertCustomerEvent } from '../ingest';
import { customerByIdentifier } from '../ids';
import type { EventInput, IngestBatch, PurchaseInput } from '../../stores/types';
import { EXPORT_VERSION, exportHeaderSchema, exportRecordSchema } from './exportFormat';
import { ImportRecordError, convertRcEvent, rcBodySchema, type Converted } from './revenuecat';
import { splitRecords } from './split';

export type ImportFormat = 'revenuecat' | 'refund-desk-export' | 'unknown';

export interface ImportLineError {
  line: number;
  reason: string;
}

export interface ImportProgress {
  phase: 'validating' | 'importing';
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface ValidationReport {
  format: ImportFormat;
  records: number;
  valid: number;
  errorCount: number;
  /** Every bad line up to MAX_REPORTED; errorCount counts them all. */
  errors: ImportLineError[];
}

export interface CommitReport extends ValidationReport {
  inserted: number;
  skipped: number;
}

const MAX_REPORTED = 10_000;
const BATCH = 2_000;

/** One valid record: a purchase (export), an event of a purchase (with it, for the webhook format), or a customer's event. */
interface Record_ {
  purchase?: PurchaseInput;
  event?: EventInput;
  customerEvent?: Extract<Converted, { kind: 'customer' }>;
  /** What makes two records the same thing, for duplicate detection inside the file. */
  key: string;
}
type Item = { line: number; converted: Record_ } | { line: number; error: string };

/** Counts a record in the report; false for a bad one (kept with its line, up to MAX_REPORTED). */
function tally(report: ValidationReport, it: Item): it is Extract<Item, { converted: Record_ }> {
  report.records++;
  if ('error' in it) {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED) report.errors.push({ line: it.line, reason: it.error });
    return false;
  }
  report.valid++;
  return true;
}

function zodReason(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return 'wrong type';
  return `wrong type at ${i.path.join('.') || '(record)'}: ${i.message}`;
}

/** Parses and converts each record; shared by validate and commit so both judge alike. */
async function* items(file: string, phase: ImportProgress['phase'], onProgress?: (p: ImportProgress) => void, report?: { format: ImportFormat }): AsyncGenerator<Item> {
  let format: ImportFormat = 'unknown';
  const seen = new Map<string, number>();
  let records = 0;
  let first = true;
  const progress = (p: { bytesRead: number; totalBytes: number }) => onProgress?.({ phase, ...p, records });
  for await (const rec of splitRecords(file, progress)) {
    records++;
    if ('error' in rec) {
      yield rec;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(rec.text);
    } catch (e) {
      yield { line: rec.line, error: `invalid or truncated JSON: ${(e as Error).message}` };
      continue;
    }
    if (first) {
      first = false;
      const header = exportHeaderSchema.safeParse(value);
      if (header.success) {
        if (header.data.version > EXPORT_VERSION) {
          yield { line: rec.line, error: `export version ${header.data.version} is newer than this app reads (${EXPORT_VERSION})` };
          return;
        }
        format = 'refund-desk-export';
        if (report) report.format = format;
        continue;
      }
      format = 'revenuecat';
      if (report) report.format = format;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line: rec.line, error: 'expected a JSON object' };
      continue;
    }
    try {
      const converted = format === 'revenuecat' ? fromRevenueCat(value) : fromExport(value);
      const key = converted.key;
      const dup = seen.get(key);
      if (dup !== undefined) {
        yield { line: rec.line, error: `duplicate event: same event as line ${dup} (${key})` };
        continue;
      }
      seen.set(key, rec.line);
      yield { line: rec.line, converted };
    } catch (e) {
      if (e instanceof ImportRecordError) yield { line: rec.line, error: e.message };
      else throw e;
    }
  }
}

function fromRevenueCat(value: unknown): Record_ {
  const parsed = rcBodySchema.safeParse(value);
  if (!parsed.success) throw new ImportRecordError(zodReason(parsed.error));
  const c = convertRcEvent(parsed.data.event, value);
  if (c.kind === 'customer') return { customerEvent: c, key: c.event.dedupeKey };
  return { purchase: c.purchase, event: c.event, key: c.event.dedupeKey };
}

function fromExport(value: unknown): Record_ {
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
  const store = event.store ?? 'stripe';
  const detail = (event.detail ?? undefined) as EventInput['detail'];
  return { customerEvent: { kind: 'customer', appUserId, event: { ...event, detail, store, purchaseKey: null } }, key: event.dedupeKey };
}

export async function validateImport(file: string, onProgress?: (p: ImportProgress) => void): Promise<ValidationReport> {
  const report: ValidationReport = { format: 'unknown', records: 0, valid: 0, errorCount: 0, errors: [] };
  for await (const it of items(file, 'validating', onProgress, report)) tally(report, it);
  return report;
}

/**
 * Writes the valid records in one transaction. Give it a connection of its own (the
 * IPC handler opens one): the transaction stays open across awaits while the file
 * streams, and another caller's write on the same handle would join it.
 */
export async function commitImport(db: Db, file: string, onProgress?: (p: ImportProgress) => void, now = Date.now()): Promise<CommitReport> {
  const report: CommitReport = { format: 'unknown', records: 0, valid: 0, errorCount: 0, errors: [], inserted: 0, skipped: 0 };
  let batch: IngestBatch = { purchases: [], events: [] };
  const loose: Extract<Converted, { kind: 'customer' }>[] = [];
  const flush = () => {
    const r = ingestInTransaction(db, batch, now, { imported: true });
    report.inserted += r.inserted;
    report.skipped += r.skipped;
    batch = { purchases: [], events: [] };
  };
  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const it of items(file, 'importing', onProgress, report)) {
      if (!tally(report, it)) continue;
      const c = it.converted;
      if (c.customerEvent) loose.push(c.customerEvent);
      if (c.purchase) batch.purchases.push(c.purchase);
      if (c.event) batch.events.push(c.event);
      if (batch.events.length + batch.purchases.length >= BATCH) flush();
    }
    flush();
    for (const l of loose) {
      const customerId = customerByIdentifier(db, 'app_user_id', l.appUserId);
      if (customerId == null) {
        report.skipped++;
        continue;
      }
      const id = insertCustomerEvent(db, customerId, { ...l.event, detail: l.event.detail ?? null }, now);
      if (id == null) report.skipped++;
      else report.inserted++;
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  return report;
}
