// The SQL that product code prepares on this thread during a run, and each statement's query
// plan: the whole-product run (leaks.test.ts) lists every statement main prepared, so a test can
// say that none walks a table that grows with the workspace (issue 20: no synchronous query
// may block the main process). Statements of the worker threads (search, Insights, the
// preview's totals) are theirs, off this thread, and not seen here.
import Database from 'better-sqlite3';

type Prepare = (this: Database.Database, source: string) => Database.Statement;

/** Starts recording: each distinct SQL text with the src-main files on the stack that prepared it, innermost first. */
export function recordStatements(): { bySql: Map<string, string[]>; stop(): void } {
  const proto = Database.prototype as unknown as { prepare: Prepare };
  const original = proto.prepare;
  const bySql = new Map<string, string[]>();
  proto.prepare = function (source) {
    if (!bySql.has(source)) {
      const files = (new Error().stack ?? '').split('\n').flatMap((l) => l.match(/\/(src-main\/[^:)]+)/)?.[1] ?? []);
      // the statement cache (db/statements.ts) is not who asked
      const callers = files.filter((f) => f !== 'src-main/db/statements.ts');
      if (callers.length) bySql.set(source, callers);
    }
    return original.call(this, source);
  };
  return { bySql, stop: () => void (proto.prepare = original) };
}

// Tables that grow with the workspace (one row per event, payment, customer...).
const GROWING = ['events', 'payments', 'refunds', 'disputes', 'purchases', 'customers', 'customer_ids', 'insights_refunds', 'insights_payments', 'search_fts'];

// Columns with a handful of values: a seek on them alone still reads a quarter of the table.
const FEW_VALUES = ['store', 'kind', 'status', 'type', 'environment', 'source', 'currency'];

/**
 * The plan lines that read a growing table whole or nearly: a SCAN of it or of one of its
 * indexes, or a SEARCH keyed only by columns with a handful of values (store = 'stripe').
 */
export function walks(sql: string, plan: string[]): string[] {
  const names = new Set<string>();
  for (const m of sql.matchAll(new RegExp(`\\b(${GROWING.join('|')})\\b(?:\\s+(?:AS\\s+)?(\\w+))?`, 'gi'))) {
    names.add(m[1]!.toLowerCase());
    if (m[2] && !/^(WHERE|ON|JOIN|LEFT|INNER|SET|VALUES|USING|GROUP|ORDER|LIMIT|UNION|AND|OR|INDEXED|WITH|SELECT)$/i.test(m[2])) names.add(m[2]);
  }
  return plan.filter((d) => {
    const scan = /^SCAN (\w+)/.exec(d);
    if (scan) return names.has(scan[1]!);
    const search = /^SEARCH (\w+) .*\(([^)]*)\)$/.exec(d);
    if (!search || !names.has(search[1]!)) return false;
    const keys = search[2]!.split(' AND ').map((k) => k.replace(/[=<>].*$/, ''));
    return keys.every((k) => FEW_VALUES.includes(k));
  });
}

/** The query plan's lines, with every parameter bound to null (named ones by their names). */
export function planOf(db: Database.Database, sql: string): string[] {
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!);
  const rows = (args: unknown[]) => (explain.all(...args) as { detail: string }[]).map((r) => r.detail);
  if (named.length) return rows([Object.fromEntries(named.map((n) => [n, null]))]);
  for (let n = 0; ; n++) {
    try {
      return rows(Array(n).fill(null));
    } catch (e) {
      if (!(e instanceof RangeError) || n > 64) throw e;
    }
  }
}
