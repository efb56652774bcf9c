import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfoDto, OnlineDto } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfoDto | null>(null);
  const online = ref<OnlineDto>({ online: true, since: Date.now() });
  const loadError = ref<string | null>(null);
  let unsubscribe: (() => void) | null = null;

  async function load() {
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

  return { info, online, loadError, load };
});
