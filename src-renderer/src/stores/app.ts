import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfoDto, MigrationProgressDto, OnlineDto } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfoDto | null>(null);
  const online = ref<OnlineDto>({ online: true, since: Date.now() });
  const loadError = ref<string | null>(null);
  /** The workspace's migration while it opens (migration 006 rebuilds the ledger); null when none ran. */
  const migration = ref<MigrationProgressDto | null>(null);
  let unsubscribe: (() => void) | null = null;
  let unsubscribeMigration: (() => void) | null = null;

  async function load() {
    // First, before any call: main reports the migration while the workspace opens.
    unsubscribeMigration ??= desk().on.onMigrationProgress((p) => {
      migration.value = p;
    });
    try {
      info.value = await unwrap(desk().app.info({}));
      online.value = await unwrap(desk().app.online({}));
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
    unsubscribe ??= desk().on.onOnlineChanged((state) => {
      online.value = state;
    });
  }

  return { info, online, loadError, migration, load };
});
