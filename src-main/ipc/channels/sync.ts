import { z } from 'zod';
import { channel, event } from '../define';
import type { Store } from '../vocabulary';

export type SyncStateWord =
  | 'idle' // nothing running; see lastSuccessAt / lastError
  | 'running'
  | 'waiting' // backing off after 429 / 5xx, will try again by itself
  | 'offline' // no network: stopped trying, resumes when it is back
  | 'error'; // the last run failed; the next scheduled run tries again

export interface SyncProgressDto {
  account: string;
  store: Store;
  /** What is being fetched, e.g. "events", "backfill: charges". */
  phase: string;
  fetched: number;
  total: number | null;
}

export interface SyncStatusDto {
  account: string;
  store: Store;
  state: SyncStateWord;
  lastSuccessAt: number | null;
  /** The store's own words. */
  lastError: string | null;
  lastErrorAt: number | null;
  /** Something the agent should know, e.g. "gap of 41 days: everything was fetched again". */
  notice: string | null;
  progress: SyncProgressDto | null;
  /** When the engine will try again by itself (backoff, schedule). */
  nextRunAt: number | null;
}

export const syncChannels = {
  'sync:status': channel<SyncStatusDto[]>()(z.strictObject({})),
  /** Starts a sync of one account, or of all; answers at once, progress comes as events. */
  'sync:now': channel<SyncStatusDto[]>()(z.strictObject({ account: z.string().min(1).max(200).optional() })),
};

export const syncEvents = {
  onSyncProgress: event<SyncProgressDto>(),
  onSyncStatus: event<SyncStatusDto>(),
};
