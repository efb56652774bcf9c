// The insights: channels, as plain functions over the workspace database.
import { toCsv, writeFileAtomic } from '../db/csv';
import type { Db } from '../db/connection';
import type { InsightKind, InsightsDto, InsightsQuery } from '../ipc/channels/insights';
import { DeskError } from '../ipc/contract';
import type { PrefixHandlers } from '../ipc/context';
import { insightsCsv } from './csv';
import { createInsightsRunner, type InsightsRunner } from './runner';

export interface InsightsHandlerOptions {
  /** Main's save dialog, offered `defaultName`; null when the agent cancelled. The renderer never names a path. */
  chooseCsvFile?: (defaultName: string) => Promise<string | null>;
  /**
   * Where the figures are computed: pass the services' runner so that closing the
   * services ends its worker. Without one, the handlers make their own, whose idle
   * worker never keeps the process alive.
   */
  runner?: InsightsRunner;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** One series as CSV text, with a file name that says what and which period. */
export function insightsCsvOf(kind: InsightKind, query: InsightsQuery, data: InsightsDto): { filename: string; csv: string; rows: number } {
  const { header, rows } = insightsCsv(kind, data);
  const store = query.store ? `-${query.store}` : '';
  return {
    filename: `refund-desk-${kind.replace(/_/g, '-')}${store}-${day(query.from)}-${day(query.to - 1)}.csv`,
    csv: toCsv(header, rows),
    rows: rows.length,
  };
}

/** `db` is the handle of the open workspace, or a getter when the workspace can change. */
export function createInsightsHandlers(
  db: Db | (() => Db),
  options: InsightsHandlerOptions = {},
): PrefixHandlers<'insights'> {
  const handle = typeof db === 'function' ? db : () => db;
  const runner = options.runner ?? createInsightsRunner();
  return {
    'insights:get': (query) => runner.compute(handle(), query),
    'insights:exportCsv': async ({ kind, query }) => {
      if (!options.chooseCsvFile) throw new DeskError('internal', 'Export is not available in this window.');
      const out = insightsCsvOf(kind, query, await runner.compute(handle(), query));
      const file = await options.chooseCsvFile(out.filename);
      if (!file) return { cancelled: true as const };
      writeFileAtomic(file, out.csv);
      return { file, rows: out.rows };
    },
  };
}
