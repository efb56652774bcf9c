import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CredentialStatusDto, Store } from '../../src-main/ipc/contract';
import { DeskError, STORES } from '../../src-main/ipc/contract';
import SettingsView from '../../src-renderer/src/views/SettingsView.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const blank = (store: Store): CredentialStatusDto => ({
  store, configured: false, kind: null, mode: null, keyHint: null, lastTestedAt: null, lastTestOk: null, can: [], missing: [], message: null,
});
let fake: FakeDesk;
let statuses: CredentialStatusDto[];
let keychainOk: boolean;

beforeEach(() => {
  setActivePinia(createPinia());
  statuses = STORES.map(blank);
  keychainOk = true;
  fake = createFakeDesk({
    'credentials:status': () => ({ stores: statuses }),
    'credentials:keychain': () => ({ ok: keychainOk, reason: keychainOk ? null : 'No Secret Service is running on this desktop.', checkedAt: 1 }),
    'credentials:set': (req) => {
      if (req.store === 'stripe' && !req.secretKey.startsWith('sk_')) throw new DeskError('invalid_input', 'A Stripe key starts with sk_live_, sk_test_ or rk_.');
      const s: CredentialStatusDto = { ...blank(req.store), configured: true, kind: 'secret_key', mode: 'test', keyHint: 'sk_test_…4242' };
      statuses = statuses.map((x) => (x.store === req.store ? s : x));
      return s;
    },
    'credentials:test': (req) => ({ store: req.store, ok: false, mode: 'test', can: ['read charges'], missing: ['create refunds'], message: 'The provided key does not have the required permissions', testedAt: Date.now() }),
    'credentials:remove': (req) => blank(req.store),
    'workspace:get': () => ({ id: 'demo', name: 'Demo workspace', demo: true, file: '/d/w.sqlite', dataDir: '/d', agentName: 'Sam', osUser: 'sam', stripeMetadataKey: 'app_user_id' }),
    'workspace:list': () => ({ current: 'demo', selected: 'demo', workspaces: [{ id: 'demo', name: 'Demo workspace', demo: true }] }),
  });
  window.desk = fake.desk;
});

async function mountSettings() {
  const wrapper = mount(SettingsView, { global: { plugins: [createAppRouter()] } });
  await flushPromises();
  return wrapper;
}

describe('Settings', () => {
  it('shows one card per store and the workspace', async () => {
    const w = await mountSettings();
    for (const s of STORES) expect(w.find(`[data-testid="credential-${s}"]`).exists()).toBe(true);
    expect(w.get('[data-testid="workspace-card"]').text()).toContain('Demo workspace');
    expect(w.get('[data-testid="credential-stripe"]').text()).toContain('Not connected');
  });

  it('shows main\'s validation message for a malformed key and keeps nothing', async () => {
    const w = await mountSettings();
    await w.get('[data-testid="stripe-key"]').setValue('pk_test_123');
    await w.get('[data-testid="credential-stripe"] form').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="credential-error"]').text()).toContain('A Stripe key starts with sk_live_');
    expect(w.get('[data-testid="credential-stripe"]').text()).toContain('Not connected');
  });

  it('saves a key, clears the input, shows only the hint, tests it and removes it after a confirm', async () => {
    const w = await mountSettings();
    const input = w.get<HTMLInputElement>('[data-testid="stripe-key"]');
    await input.setValue('sk_test_4242');
    await w.get('[data-testid="credential-stripe"] form').trigger('submit');
    await flushPromises();
    const card = () => w.get('[data-testid="credential-stripe"]');
    // The form folds away once a key is stored; Replace opens it empty.
    expect(card().find('[data-testid="stripe-key"]').exists()).toBe(false);
    await w.get('[data-testid="replace-stripe"]').trigger('click');
    expect(w.get<HTMLInputElement>('[data-testid="stripe-key"]').element.value).toBe('');
    expect(card().text()).toContain('Connected · test mode');
    expect(card().text()).toContain('sk_test_…4242');
    expect(card().text()).not.toContain('sk_test_4242');

    await w.get('[data-testid="test-stripe"]').trigger('click');
    await flushPromises();
    const report = card().get('[data-testid="test-report"]').text();
    expect(report).toContain('Connection failed');
    expect(report).toContain('does not have the required permissions');
    expect(report).toContain('create refunds');

    await w.get('[data-testid="remove-stripe"]').trigger('click');
    expect(fake.calls.some((c) => c.channel === 'credentials:remove')).toBe(false);
    await w.get('[data-testid="confirm-remove-stripe"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'credentials:remove')).toHaveLength(1);
    expect(card().text()).toContain('Not connected');
  });

  it('updates live from onCredentialsChanged', async () => {
    const w = await mountSettings();
    fake.emit('onCredentialsChanged', { stores: STORES.map((s) => (s === 'google' ? ({ ...blank(s), configured: true, mode: 'production' }) as CredentialStatusDto : blank(s))) });
    await flushPromises();
    expect(w.get('[data-testid="credential-google"]').text()).toContain('Connected · production');
  });

  it('says plainly when the keychain is off and disables credential actions', async () => {
    keychainOk = false;
    const w = await mountSettings();
    const banner = w.get('[data-testid="keychain-banner"]').text();
    expect(banner).toContain('credential actions are off');
    expect(banner).toContain('No Secret Service');
    expect(banner).toContain('Cached customers, timelines and insights still work');
    expect(w.get('[data-testid="stripe-key"]').attributes('disabled')).toBeDefined();
  });

  it('reads a picked Google key file in the renderer and sends only its text', async () => {
    const w = await mountSettings();
    const card = w.get('[data-testid="credential-google"]');
    const file = new File(['{"type":"service_account"}'], 'sa.json', { type: 'application/json' });
    const picker = card.get<HTMLInputElement>('input[type=file]');
    Object.defineProperty(picker.element, 'files', { value: [file] });
    await picker.trigger('change');
    await new Promise((r) => setTimeout(r, 20));
    await flushPromises();
    expect(card.text()).toContain('Read sa.json');
    await card.get('#google-package').setValue('com.example.app');
    await card.get('form').trigger('submit');
    await flushPromises();
    const set = fake.calls.find((c) => c.channel === 'credentials:set');
    expect(set?.request).toEqual({ store: 'google', serviceAccountJson: '{"type":"service_account"}', packageName: 'com.example.app' });
  });
});
