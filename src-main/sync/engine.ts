// The sync engine: per store account, runs the adapter's sync from the stored cursor and
// hands each batch to ingest(), which writes the batch and its cursor in one transaction.
// Never two syncs at once for one account; 429 and 5xx are retried by stores/http; offline
// it stops and says why, and resumes when the network is back.
import type { Db } from '../db/connection';
import { ingest } from '../db/ingest';
import type { SyncProgressDto, SyncStateWord, SyncStatusDto } from '../ipc/channels/sync';
import { DeskError } from '../ipc/define';
import type { Store } from '../ipc/vocabulary';
import type { StoreAdapter, SyncContext } from '../stores/adapter';
import { StoreError } from '../stores/errors';
import { DEFAULT_RETRY, networkError, withRetry, type RetryPolicy } from '../stores/http';
import { readSyncState, recordError, recordSuccess } from './state';

export interface SyncAccount {
  store: Store;
  adapter: StoreAdapter;
}

export interface SyncEngineOptions {
  db: Db;
  adapters: () => Map<string, SyncAccount>;
  emit: (name: 'onSyncProgress' | 'onSyncStatus', payload: SyncProgressDto | SyncStatusDto) => void;
  now?: () => number;
  isOnline?: () => boolean;
  /** Scheduled syncs; default every 10 minutes. */
  intervalMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface SyncEngine {
  /** Syncs one account (joins a run already going) and resolves when it ends. */
  sync(account: string): Promise<SyncStatusDto>;
  /** Starts one account, or all, without waiting; returns the statuses at once. */
  request(account?: string): SyncStatusDto[];
  status(): SyncStatusDto[];
  /** Tells the engine the network state; coming back online resumes every account. */
  setOnline(online: boolean): void;
  start(): void;
  stop(): Promise<void>;
}

interface Live {
  state: SyncStateWord;
  progress: SyncProgressDto | null;
  nextRunAt: number | null;
  running: Promise<SyncStatusDto> | null;
  controller: AbortController | null;
}

const OFFLINE_MESSAGE = 'Offline: syncing is paused and resumes when the network is back. Cached data stays readable.';

export function createSyncEngine(o: SyncEngineOptions): SyncEngine {
  const now = o.now ?? Date.now;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry };
  const live = new Map<string, Live>();
  let online = o.isOnline ? o.isOnline() : true;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const liveOf = (account: string): Live => {
    let l = live.get(account);
    if (!l) live.set(account, (l = { state: 'idle', progress: null, nextRunAt: null, running: null, controller: null }));
    return l;
  };
  const isOnline = () => online && (o.isOnline ? o.isOnline() : true);

  function statusOf(account: string, store: Store): SyncStatusDto {
    const row = readSyncState(o.db, account);
    const l = liveOf(account);
    return {
      account,
      store,
      state: l.state,
      lastSuccessAt: row?.last_success_at ?? null,
      lastError: l.state === 'offline' ? OFFLINE_MESSAGE : (row?.last_error ?? null),
      lastErrorAt: row?.last_error_at ?? null,
      notice: row?.notice ?? null,
      progress: l.progress,
      nextRunAt: l.nextRunAt,
    };
  }
  const publish = (account: string, store: Store) => {
    const s = statusOf(account, store);
    o.emit('onSyncStatus', s);
    return s;
  };

  async function run(account: string, entry: SyncAccount): Promise<SyncStatusDto> {
    const l = liveOf(account);
    if (!isOnline()) {
      l.state = 'offline';
      return publish(account, entry.store);
    }
    const controller = new AbortController();
    l.controller = controller;
    l.state = 'running';
    l.nextRunAt = null;
    publish(account, entry.store);
    const notices: string[] = [];
    const notice = () => (notices.length ? notices.join(' ') : null);
    try {
      await withRetry(
        async () => {
          l.state = 'running';
          // Each attempt starts from the cursor committed last: a failed attempt lost nothing.
          const cursor = readSyncState(o.db, account)?.cursor ?? null;
          const ctx: SyncContext = {
            signal: controller.signal,
            progress: (p) => {
              l.progress = { account, store: entry.store, phase: p.phase, fetched: p.fetched, total: p.total ?? null };
              o.emit('onSyncProgress', l.progress);
            },
            notice: (m) => notices.push(m),
          };
          for await (const batch of entry.adapter.sync(cursor, ctx)) {
            ingest(o.db, batch.cursor ? { ...batch, cursor: { account, value: batch.cursor.value } } : batch, now());
          }
        },
        (err) => {
          const e = networkError(err);
          // Offline is not retried: the engine waits for setOnline(true) instead.
          if (e.kind === 'offline' || !isOnline()) throw new StoreError('offline', e.message);
          return e;
        },
        {
          policy,
          signal: controller.signal,
          onRetry: ({ delayMs, error }) => {
            l.state = 'waiting';
            l.nextRunAt = now() + delayMs;
            recordError(o.db, account, entry.store, `${error.message} (trying again by itself)`, null, now());
            publish(account, entry.store);
          },
        },
      );
      recordSuccess(o.db, account, entry.store, notice(), now());
      l.state = 'idle';
    } catch (err) {
      const e = networkError(err);
      if (e.kind === 'offline' || !isOnline()) {
        l.state = 'offline';
        if (notices.length) recordError(o.db, account, entry.store, OFFLINE_MESSAGE, notice(), now());
      } else if (controller.signal.aborted) {
        l.state = 'idle';
      } else {
        l.state = 'error';
        recordError(o.db, account, entry.store, e.message, notice(), now());
      }
    } finally {
      l.progress = null;
      l.controller = null;
      l.nextRunAt = timer && o.intervalMs !== 0 ? now() + (o.intervalMs ?? 600_000) : null;
    }
    return publish(account, entry.store);
  }

  function sync(account: string): Promise<SyncStatusDto> {
    const entry = o.adapters().get(account);
    if (!entry) return Promise.reject(new DeskError('not_found', `No store account "${account}" is configured`));
    const l = liveOf(account);
    if (l.running) return l.running;
    const p = run(account, entry).finally(() => {
      l.running = null;
    });
    l.running = p;
    return p;
  }

  function syncAll(): void {
    if (stopped) return;
    for (const account of o.adapters().keys()) void sync(account).catch(() => undefined);
  }

  return {
    sync,
    request(account) {
      if (account) {
        if (!o.adapters().has(account)) throw new DeskError('not_found', `No store account "${account}" is configured`);
        void sync(account).catch(() => undefined);
      } else syncAll();
      return this.status();
    },
    status() {
      return [...o.adapters()].map(([account, e]) => statusOf(account, e.store));
    },
    setOnline(value) {
      const was = online;
      online = value;
      if (!value) {
        for (const [account, e] of o.adapters()) {
          const l = liveOf(account);
          l.controller?.abort(new StoreError('offline', OFFLINE_MESSAGE));
          if (!l.running) {
            l.state = 'offline';
            publish(account, e.store);
          }
        }
      } else if (!was) syncAll();
    },
    start() {
      stopped = false;
      if (timer) return;
      timer = setInterval(syncAll, o.intervalMs ?? 600_000);
      timer.unref();
      syncAll();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      const runs: Promise<unknown>[] = [];
      for (const l of live.values()) {
        l.controller?.abort(new Error('sync stopped'));
        if (l.running) runs.push(l.running.catch(() => undefined));
      }
      await Promise.all(runs);
    },
  };
}
