// Starting the page. Main answers the first call only once the workspace is up to date:
// a pending migration (issue 12: migration 006 rebuilds the payment ledger) runs in a worker
// meanwhile and reports onMigrationProgress. So the progress shows on its own first, and the
// app mounts, as before, once app:info has answered.
import { createApp, type App } from 'vue';
import type { Pinia } from 'pinia';
import MigrationProgress from './components/MigrationProgress.vue';
import { useAppStore } from './stores/app';

export async function startRenderer(root: Element, pinia: Pinia, app: App): Promise<void> {
  // load() listens for onMigrationProgress before its first call.
  const loading = useAppStore(pinia).load();
  // No pinia of its own: the bar reads the store load() just created (pinia's active instance).
  const waiting = createApp(MigrationProgress);
  waiting.mount(root);
  await loading;
  waiting.unmount();
  app.mount(root);
}
