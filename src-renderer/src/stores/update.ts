// Updates: main downloads a newer release in the background; the agent chooses when to
// restart (a refund in progress is never cut off). "Later" hides the banner for this
// version only; quitting installs it anyway (electron-updater's autoInstallOnAppQuit).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { UpdateStatusDto } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';
import { errorWords } from '../components/refund/words';

export const useUpdateStore = defineStore('update', () => {
  const status = ref<UpdateStatusDto>({ state: 'idle' });
  const dismissed = ref<string | null>(null);
  const restarting = ref(false);
  const restartError = ref<string | null>(null);
  let unsubscribe: (() => void) | null = null;

  const ready = computed(() => (status.value.state === 'ready' ? status.value.version : null));
  const showBanner = computed(() => ready.value !== null && dismissed.value !== ready.value);

  async function load() {
    unsubscribe ??= desk().on.onUpdateStatus((next) => {
      status.value = next;
    });
    try {
      status.value = await unwrap(desk().updates.status({}));
    } catch {
      // No update status is no reason to bother the agent: the banner just stays away.
    }
  }

  async function restart() {
    restarting.value = true;
    restartError.value = null;
    try {
      const { restarting: ok } = await unwrap(desk().updates.restart({}));
      if (!ok) {
        restarting.value = false;
        restartError.value = 'The update is not ready any more. Refund Desk will check again on its next start.';
      }
    } catch (e) {
      restarting.value = false;
      restartError.value = errorWords(e).message;
    }
  }

  function later() {
    dismissed.value = ready.value;
  }

  function stop() {
    unsubscribe?.();
    unsubscribe = null;
  }

  return { status, ready, showBanner, restarting, restartError, load, restart, later, stop };
});
