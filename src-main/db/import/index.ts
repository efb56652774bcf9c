// Import: validate first (every bad line, with its number and reason, nothing written),
// then commit the valid lines in ONE transaction: nothing is ever half-imported, and a
// kill -9 mid-commit leaves the database as it was (WAL drops uncommitted frames).
import type { Db } from '../connection';
import { ingestInTransaction, insertCustomerEvent } from '../ingest';
import { customerByIdentifier } from '../ids';
import { DeskError } from '../../ipc/define';
import type { IngestBatch } from '../../domain/model';
import { EXPORT_VERSION, exportHeaderSchema } from './exportFormat';
import { NO_EVENT, fromExport, fromRevenueCat, notJson, type Record_ } from './records';
import { ImportRecordError, type CustomerConverted } from './revenuecat';
import { foldPurchases, settleWithWorkspace, type Stated } from './settle';
import { IMPORT_LIMITS, ImportFileError, nestingDepth, splitRecords, type ImportLimits } from './split';

export { IMPORT_LIMITS, type ImportLimits } from './split';

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

/** At most one progress report per 100 ms, the last (the whole file read) always: a 50 MB file must not flood. */
export function throttledProgress(report: (p: ImportProgress) => void): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (t - last < 100 && p.bytesRead < p.totalBytes) return;
    last = t;
    report(p);
  };
}

export interface ValidationReport {
  format: ImportFormat;
  records: number;
  valid: number;
  errorCount: number;
  /** Every bad line up to MAX_REPORTED; errorCount counts them all. */
  errors: ImportLineError[];
  /** Well-formed records left out on purpose (types that are not store purchases), apart from errors. */
  notImported: number;
  notImportedLines: ImportLineError[];
  /** Set when the whole file is refused (a limit, not JSON, empty): one plain sentence. */
  fileError: string | null;
}

export interface CommitReport extends ValidationReport {
  inserted: number;
  skipped: number;
}

const MAX_REPORTED = 10_000;
const BATCH = 2_000;

type Item = { line: number; converted: Record_ } | { line: number; error: string } | { line: number; notImported: string };

const emptyReport = (): ValidationReport => ({ format: 'unknown', records: 0, valid: 0, errorCount: 0, errors: [], notImported: 0, notImportedLines: [], fileError: null });

function leaveOut(report: ValidationReport, line: number, reason: string): void {
  report.notImported++;
  if (report.notImportedLines.length < MAX_REPORTED) report.notImportedLines.push({ line, reason });
}

/** Counts a record in the report; false for a bad one (kept with its line, up to MAX_REPORTED). */
function tally(report: ValidationReport, it: Item): it is Extract<Item, { converted: Record_ }> {
  report.records++;
  if ('error' in it) {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED) report.errors.push({ line: it.line, reason: it.error });
    return false;
  }
  if ('notImported' in it) {
    leaveOut(report, it.line, it.notImported);
    return false;
  }
  report.valid++;
  return true;
}

/** Parses and converts each record; shared by validate and commit so both judge alike. */
async function* items(
  file: string,
  phase: ImportProgress['phase'],
  onProgress?: (p: ImportProgress) => void,
  report?: { format: ImportFormat },
  limits: ImportLimits = IMPORT_LIMITS,
): AsyncGenerator<Item> {
  let format: ImportFormat = 'unknown';
  const seen = new Map<string, number>();
  let records = 0;
  let first = true;
  const progress = (p: { bytesRead: number; totalBytes: number }) => onProgress?.({ phase, ...p, records });
  for await (const rec of splitRecords(file, progress, limits)) {
    records++;
    if ('error' in rec) {
      yield rec;
      continue;
    }
    // JSON.parse and the commit's JSON.stringify recurse: a bound keeps them off the stack's edge
    if (nestingDepth(rec.text, limits.maxDepth) > limits.maxDepth) {
      throw new ImportFileError(`The record on line ${rec.line} is nested more than ${limits.maxDepth} levels deep, deeper than any store payload; nothing was imported.`);
    }
    let value: unknown;
    try {
      value = JSON.parse(rec.text);
    } catch (e) {
      if (first && !/^\s*[[{]/.test(rec.text)) throw notJson(rec.text);
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
      if (typeof converted === 'string') {
        yield { line: rec.line, notImported: converted };
        continue;
      }
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

export async function validateImport(file: string, onProgress?: (p: ImportProgress) => void, limits: ImportLimits = IMPORT_LIMITS): Promise<ValidationReport> {
  const report = emptyReport();
  try {
    for await (const it of items(file, 'validating', onProgress, report, limits)) tally(report, it);
    if (report.records === 0) throw new ImportFileError('The file holds no events: it is empty or only blank lines.');
    if (report.errorCount === report.records && report.errors.every((e) => e.reason === NO_EVENT)) {
      throw new ImportFileError(
        'This file is JSON, but none of its records is a RevenueCat webhook body ({"api_version": …, "event": {…}}) or a line of a Refund Desk export; nothing in it can be imported.',
      );
    }
  } catch (e) {
    if (!(e instanceof ImportFileError)) throw e;
    // the whole file is refused: nothing in it counts as importable
    report.fileError = e.message;
    report.valid = 0;
  }
  return report;
}

/** A customer's event, with its line, attached once every purchase of the file is in. */
interface Loose {
  line: number;
  c: CustomerConverted;
}

function attachLoose(db: Db, loose: Loose[], report: CommitReport, now: number): void {
  for (const { line, c } of loose) {
    const customerId = c.appUserIds.map((id) => customerByIdentifier(db, 'app_user_id', id)).find((id) => id != null);
    if (customerId == null) {
      leaveOut(report, line, `not imported: ${c.event.type} to ${c.appUserIds.join(', ')}, a user this workspace does not know`);
      continue;
    }
    const id = insertCustomerEvent(db, customerId, { ...c.event, detail: c.event.detail ?? null }, now);
    if (id == null) report.skipped++;
    else report.inserted++;
  }
}

/**
 * Writes the valid records in one transaction. Give it a connection of its own (the
 * IPC handler opens one): the transaction stays open across awaits while the file
 * streams, and another caller's write on the same handle would join it. A refused
 * file (a limit, not JSON) throws `invalid_input` and writes nothing.
 */
export async function commitImport(
  db: Db,
  file: string,
  onProgress?: (p: ImportProgress) => void,
  now = Date.now(),
  limits: ImportLimits = IMPORT_LIMITS,
): Promise<CommitReport> {
  const report: CommitReport = { ...emptyReport(), inserted: 0, skipped: 0 };
  let batch: IngestBatch = { purchases: [], events: [] };
  let stated: Stated[] = [];
  const loose: Loose[] = [];
  const flush = () => {
    batch.purchases.push(...settleWithWorkspace(db, foldPurchases(stated)));
    const r = ingestInTransaction(db, batch, now, { imported: true });
    report.inserted += r.inserted;
    report.skipped += r.skipped;
    batch = { purchases: [], events: [] };
    stated = [];
  };
  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const it of items(file, 'importing', onProgress, report, limits)) {
      if (!tally(report, it)) continue;
      const c = it.converted;
      if (c.customerEvent) loose.push({ line: it.line, c: c.customerEvent });
      if (c.purchase && c.stated) stated.push({ purchase: c.purchase, ...c.stated });
      else if (c.purchase) batch.purchases.push(c.purchase);
      if (c.event) batch.events.push(c.event);
      if (batch.events.length + batch.purchases.length + stated.length >= BATCH) flush();
    }
    if (report.records === 0) throw new ImportFileError('The file holds no events: it is empty or only blank lines.');
    flush();
    attachLoose(db, loose, report, now);
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (e instanceof ImportFileError) throw new DeskError('invalid_input', e.message);
    throw e;
  }
  return report;
}
