// Start-up of the page while main migrates the workspace in a worker: app:info is answered
// only after the migration, so the progress bar must show on its own before the app mounts.
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp, h } from 'vue';
import type { AppInfoDto } from '../../src-main/ipc/contract';
import { startRenderer } from '../../src-renderer/src/startup';
import { createFakeDesk } from '../support/fakeDesk';

const INFO: AppInfoDto = { name: 'Refund Desk', version: '1.0.0', platform: 'linux', dataDir: '/tmp/x', workspace: { id: 'legacy-team', name: 'Legacy team', demo: false } };

describe('page start-up during a workspace migration', () => {
  it('shows "Rebuilding the payment ledger" alone while app:info waits, then mounts the app', async () => {
    let answer!: (info: AppInfoDto) => void;
    const fake = createFakeDesk({
      'app:info': () => new Promise<AppInfoDto>((resolve) => (answer = resolve)),
      'app:online': () => ({ online: true, since: 0 }),
    });
    window.desk = fake.desk;
    const pinia = createPinia();
    setActivePinia(pinia);
    const root = document.createElement('div');
    const app = createApp({ render: () => h('p', { 'data-testid': 'the-app' }, 'app') });

    const started = startRenderer(root, pinia, app);
    fake.emit('onMigrationProgress', { migration: 'ledger', done: 2000, total: 3000 });
    await flushPromises();
    expect(root.querySelector('[data-testid="migration-progress"]')?.textContent).toContain('Rebuilding the payment ledger: 2,000 of 3,000');
    expect(root.querySelector('[data-testid="the-app"]')).toBeNull();

    fake.emit('onMigrationProgress', { migration: 'ledger', done: 3000, total: 3000 });
    answer(INFO);
    await started;
    await flushPromises();
    expect(root.querySelector('[data-testid="migration-progress"]')).toBeNull();
    expect(root.querySelector('[data-testid="the-app"]')?.textContent).toBe('app');
    expect(fake.calls.map((c) => c.channel)).toEqual(['app:info', 'app:online']);
  });
});
