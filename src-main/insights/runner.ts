// Insights off the main thread (DESIGN §8): a year of a large workspace can still take
// long enough to be felt, so its reports run in a database worker (worker/runner.ts).
import type { Db } from '../db/connection';
import type { InsightsDto, InsightsQuery } from '../ipc/channels/insights';
import { createDbWorkerRunner } from '../worker/runner';

export { isInMemory, workerEntry } from '../worker/runner';

export interface InsightsRunner {
  /** Every series for one query, computed in the worker (inline for an in-memory database). */
  compute(db: Db, query: InsightsQuery): Promise<InsightsDto>;
  /** Ends the worker; requests still waiting are refused. Safe to call twice. */
  close(): Promise<void>;
}

export interface InsightsRunnerOptions {
  /** A request not answered by then is refused and the worker restarted. */
  timeoutMs?: number;
  /** Compute on the calling thread, always (for comparisons in tests). */
  inline?: boolean;
}

export function createInsightsRunner(options: InsightsRunnerOptions = {}): InsightsRunner {
  const runner = createDbWorkerRunner({
    name: 'Insights',
    ...options,
    tooLong: (s) => `Insights took longer than ${s} s and was stopped; try a shorter period.`,
  });
  return {
    compute: (db, query) => runner.run(db, 'insights', { query, now: Date.now() }),
    close: () => runner.close(),
  };
}
