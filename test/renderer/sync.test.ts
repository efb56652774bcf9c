import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatusDto } from '../../src-main/ipc/contract';
import SyncView from '../../src-renderer/src/views/SyncView.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import { useAppStore } from '../../src-renderer/src/stores/app';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const status = (over: Partial<SyncStatusDto> = {}): SyncStatusDto => ({
  account: 'stripe:acct_1', store: 'stripe', state: 'idle', lastSuccessAt: Date.now() - 60_000, lastError: null, lastErrorAt: null,
  notice: null, progress: null, nextRunAt: null, ...over,
});
let fake: FakeDesk;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeDesk({
    'sync:status': () => [
      status({ notice: 'Gap of 41 days: everything was fetched again.' }),
      status({ account: 'google:com.example', store: 'google', state: 'error', lastError: 'The caller does not have permission', lastErrorAt: Date.now() - 5000 }),
    ],
    'sync:now': ({ account }) => [status({ account: account ?? 'stripe:acct_1', state: 'running' })],
  });
  window.desk = fake.desk;
});

describe('Sync', () => {
  it('shows each account: last success, the store\'s words, the notice, live progress; Sync now', async () => {
    const w = mount(SyncView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    const stripe = () => w.get('[data-testid="sync-stripe:acct_1"]');
    const google = w.get('[data-testid="sync-google:com.example"]');
    expect(stripe().text()).toContain('Gap of 41 days');
    expect(google.text()).toContain('Google Play said');
    expect(google.text()).toContain('The caller does not have permission');

    fake.emit('onSyncProgress', { account: 'stripe:acct_1', store: 'stripe', phase: 'events', fetched: 250, total: 1000 });
    await flushPromises();
    expect(stripe().text()).toContain('Fetching events');
    expect(stripe().get('[role="progressbar"]').attributes('aria-valuenow')).toBe('25');

    fake.emit('onSyncStatus', status({ lastSuccessAt: Date.now() }));
    await flushPromises();
    expect(stripe().text()).toContain('Up to date');
    await stripe().get('button').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'sync:now')?.request).toEqual({ account: 'stripe:acct_1' });
  });

  it('disables Sync now offline and says why', async () => {
    const w = mount(SyncView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    useAppStore().online = { online: false, since: Date.now() };
    await flushPromises();
    const button = w.get('[data-testid="sync-stripe:acct_1"] button');
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.attributes('title')).toContain('Offline');
    expect(w.text()).toContain('Cached data stays readable');
  });
});
