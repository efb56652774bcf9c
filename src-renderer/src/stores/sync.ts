// Each store account's sync state, kept live by main's onSyncStatus / onSyncProgress events.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DeskErrorDto, SyncProgressDto, SyncStatusDto } from '../../../src-main/ipc/contract';
import { asDeskError, desk, unwrap } from '../ipc/client';

export const useSyncStore = defineStore('sync', () => {
  const accounts = ref<SyncStatusDto[]>([]);
  const loaded = ref(false);
  const error = ref<DeskErrorDto | null>(null);
  /** Accounts whose "Sync now" was just pressed, until main reports them running. */
  const requested = ref<Set<string>>(new Set());
  let unsubscribe: (() => void)[] = [];
  /** The shell and the section both load on mount; the second asks the first's answer. */
  let loading: Promise<void> | null = null;

  const errorCount = computed(() => accounts.value.filter((a) => a.state === 'error' || (a.lastError && a.state !== 'running')).length);
  const running = computed(() => accounts.value.some((a) => a.state === 'running'));

  function upsert(status: SyncStatusDto) {
    const i = accounts.value.findIndex((a) => a.account === status.account);
    if (i >= 0) accounts.value.splice(i, 1, status);
    else accounts.value.push(status);
    if (status.state !== 'idle') requested.value.delete(status.account);
  }

  function progress(p: SyncProgressDto) {
    const a = accounts.value.find((x) => x.account === p.account);
    if (a) upsert({ ...a, state: 'running', progress: p });
  }

  function load(): Promise<void> {
    if (!unsubscribe.length) {
      unsubscribe = [desk().on.onSyncStatus(upsert), desk().on.onSyncProgress(progress)];
    }
    return (loading ??= read().finally(() => (loading = null)));
  }

  async function read() {
    try {
      accounts.value = await unwrap(desk().sync.status({}));
      error.value = null;
    } catch (e) {
      error.value = asDeskError(e);
    } finally {
      loaded.value = true;
    }
  }

  /** Starts a sync of one account (or all); answers at once, progress arrives as events. */
  async function syncNow(account?: string) {
    const targets = account ? [account] : accounts.value.map((a) => a.account);
    for (const t of targets) requested.value.add(t);
    try {
      const statuses = await unwrap(desk().sync.now(account ? { account } : {}));
      for (const s of statuses) upsert(s);
      error.value = null;
    } catch (e) {
      error.value = asDeskError(e);
    } finally {
      for (const t of targets) requested.value.delete(t);
    }
  }

  function stop() {
    for (const u of unsubscribe) u();
    unsubscribe = [];
  }

  return { accounts, loaded, error, requested, errorCount, running, load, syncNow, stop };
});
