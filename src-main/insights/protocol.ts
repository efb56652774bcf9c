// Messages between main and the Insights worker. Plain data (structured clone).
import type { InsightsDto, InsightsQuery } from '../ipc/channels/insights';

export interface WorkerRequest {
  id: number;
  /** Path of the workspace database file. */
  file: string;
  query: InsightsQuery;
  now: number;
}

export type WorkerReply =
  | { id: number; ok: true; value: InsightsDto }
  | { id: number; ok: false; message: string; sqliteCode: string | null };
