// The migration progress main reports while a workspace opens (onMigrationProgress):
// "Rebuilding the payment ledger: n of N" with a bar, gone when the rebuild is done.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import MigrationProgress from '../../src-renderer/src/components/MigrationProgress.vue';
import { useAppStore } from '../../src-renderer/src/stores/app';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

let fake: FakeDesk;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeDesk({});
  window.desk = fake.desk;
});

describe('migration progress on the startup screen', () => {
  it('shows the ledger rebuild as n of N with a bar, listening before the first call, and goes when done', async () => {
    const w = mount(MigrationProgress);
    const loading = useAppStore().load();
    // main emits while the workspace opens: before app:info has answered
    fake.emit('onMigrationProgress', { migration: 'ledger', done: 0, total: 12480 });
    await flushPromises();
    expect(w.get('[data-testid="migration-progress"]').text()).toContain('Rebuilding the payment ledger: 0 of 12,480');
    fake.emit('onMigrationProgress', { migration: 'ledger', done: 6000, total: 12480 });
    await flushPromises();
    expect(w.get('[data-testid="migration-progress"]').text()).toContain('Rebuilding the payment ledger: 6,000 of 12,480');
    expect(w.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('48');
    fake.emit('onMigrationProgress', { migration: 'ledger', done: 12480, total: 12480 });
    await flushPromises();
    expect(w.find('[data-testid="migration-progress"]').exists()).toBe(false);
    await loading;
  });

  it('words the ledger tables\' one-time copy (migration 011) as its own step, counted in ledger rows', async () => {
    const w = mount(MigrationProgress);
    const loading = useAppStore().load();
    fake.emit('onMigrationProgress', { migration: 'ledger-checks', done: 200000, total: 4500000 });
    await flushPromises();
    const text = w.get('[data-testid="migration-progress"]').text();
    expect(text).toContain('Updating the payment ledger: 200,000 of 4,500,000');
    expect(text).toContain('ledger rows');
    expect(text).not.toContain('money events');
    fake.emit('onMigrationProgress', { migration: 'ledger-checks', done: 4500000, total: 4500000 });
    await flushPromises();
    expect(w.find('[data-testid="migration-progress"]').exists()).toBe(false);
    await loading;
  });

  it('shows nothing when no migration ran', async () => {
    const w = mount(MigrationProgress);
    await useAppStore().load();
    await flushPromises();
    expect(w.find('[data-testid="migration-progress"]').exists()).toBe(false);
  });
});
