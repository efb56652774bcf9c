import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.vue';
import { createAppRouter, sections } from '../../src-renderer/src/router';
import { useAppStore } from '../../src-renderer/src/stores/app';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

let fake: FakeDesk;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeDesk({
    'app:info': () => ({ name: 'Refund Desk', version: '1.0.0', platform: 'linux', dataDir: '/tmp/x', workspace: { id: 'demo', name: 'Demo workspace', demo: true } }),
    'app:online': () => ({ online: true, since: Date.UTC(2026, 10, 26, 14, 2) }),
  });
  window.desk = fake.desk;
});

async function mountApp() {
  const router = createAppRouter();
  await useAppStore().load();
  const wrapper = mount(App, { global: { plugins: [router] } });
  await router.push('/customers');
  await router.isReady();
  await flushPromises();
  return { wrapper, router };
}

describe('app shell', () => {
  it('shows every section in the sidebar and the demo label', async () => {
    const { wrapper } = await mountApp();
    for (const section of sections) expect(wrapper.get(`[data-testid="nav-${section.name}"]`).text()).toBe(section.label);
    expect(wrapper.text()).toContain('demo');
    expect(wrapper.text()).toContain('Demo workspace');
  });

  it('turns the online dot grey with the time of the cached data when main says offline', async () => {
    const { wrapper } = await mountApp();
    expect(wrapper.get('[data-testid="online-indicator"]').text()).toBe('Online');
    const since = new Date(2026, 10, 26, 14, 2);
    fake.emit('onOnlineChanged', { online: false, since: since.getTime() });
    await flushPromises();
    const indicator = wrapper.get('[data-testid="online-indicator"]');
    const at = since.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(indicator.text()).toBe(`Offline: showing cached data from ${at}`);
    expect(at).toMatch(/02/);
    expect(indicator.classes()).toContain('off');
  });

  it('focuses search on "/" and Ctrl+K', async () => {
    const { wrapper } = await mountApp();
    document.body.appendChild(wrapper.element);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '/' }));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('global-search');
    (document.activeElement as HTMLElement).blur();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('global-search');
  });

  it('shows the error in words when main fails', async () => {
    fake = createFakeDesk({});
    window.desk = fake.desk;
    const { wrapper } = await mountApp();
    expect(wrapper.text()).toContain('could not start its services');
  });
});
