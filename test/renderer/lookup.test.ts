// Fetching an ID that is not in the cache from its store.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter, createMemoryHistory } from 'vue-router';
import CustomersView from '../../src-renderer/src/views/CustomersView.vue';
import { useAppStore } from '../../src-renderer/src/stores/app';
import { DeskError } from '../../src-main/ipc/contract';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { header } from './customerFixtures';

let fake: FakeDesk;
let cached = false;
let configured: string[] = ['stripe', 'google', 'amazon'];
const credential = (store: 'apple' | 'google' | 'stripe' | 'amazon') => ({
  store, configured: configured.includes(store), kind: null, mode: null, keyHint: null, lastTestedAt: null, lastTestOk: null, can: [], missing: [], message: null,
});
beforeEach(() => {
  configured = ['stripe', 'google', 'amazon'];
  vi.useFakeTimers();
  setActivePinia(createPinia());
  cached = false;
  fake = createFakeDesk({
    'customers:search': () => ({ hits: cached ? [{ customer: header(7, { displayName: 'Fetched Fay' }), rank: 'exact' as const, matchKind: 'stripe_payment_intent', matchValue: 'pi_3PqXyZ12345' }] : [] }),
    'customers:recent': () => ({ customers: [] }),
    'customers:list': () => ({ customers: [], nextBeforeId: null }),
    'credentials:status': () => ({ stores: (['apple', 'google', 'stripe', 'amazon'] as const).map(credential) }),
    'credentials:keychain': () => ({ available: true, backend: 'test', message: null }) as never,
    'lookup:fetch': (req) => {
      if (req.query.startsWith('GPA')) throw new DeskError('not_found', `Google Play has no order ${req.query} for this app.`);
      cached = true;
      return { store: 'stripe' as const, customers: [header(7, { displayName: 'Fetched Fay' })], message: 'Fetched 1 purchase from Stripe (2 new events).' };
    },
  });
  window.desk = fake.desk;
});

async function mountView() {
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/customers', name: 'customers', component: CustomersView },
    { path: '/customers/:id', name: 'customer', component: { template: '<div />' } },
  ] });
  await router.push('/customers');
  const wrapper = mount(CustomersView, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

async function type(wrapper: Awaited<ReturnType<typeof mountView>>['wrapper'], text: string) {
  await wrapper.get('[data-testid="customer-search"]').setValue(text);
  await vi.advanceTimersByTimeAsync(130);
  await flushPromises();
}

describe('fetch from the store', () => {
  it('names the store, fetches, then opens the customer', async () => {
    const { wrapper, router } = await mountView();
    await type(wrapper, 'pi_3PqXyZ12345');
    const button = wrapper.get('[data-testid="fetch-from-store"]');
    expect(button.text()).toBe('Fetch from Stripe');
    expect(button.attributes('disabled')).toBeUndefined();
    await button.trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'lookup:fetch')!.request).toEqual({ query: 'pi_3PqXyZ12345' });
    expect(router.currentRoute.value.fullPath).toBe('/customers/7');
  });

  it("shows the store's words on failure", async () => {
    const { wrapper } = await mountView();
    await type(wrapper, 'GPA.3312-7788-1290-44561');
    await wrapper.get('[data-testid="fetch-from-store"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="fetch-error"]').text()).toContain('Google Play has no order GPA.3312-7788-1290-44561 for this app.');
  });

  it('is off offline, and for a lone Amazon ID, with the reason', async () => {
    const { wrapper } = await mountView();
    useAppStore().online = { online: false, since: 0 };
    await type(wrapper, 'GPA.3312-7788-1290-44561');
    // not offered at all, and says why
    expect(wrapper.find('[data-testid="fetch-from-store"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="fetch-off"]').text()).toBe('Offline: fetching from Google Play needs the network. Try again when the connection is back.');
    useAppStore().online = { online: true, since: 0 };
    await type(wrapper, 'l3HL7XppEMhrOGDnur9-ulvqomrSg6qyODKmah76lJU=');
    expect(wrapper.get('[data-testid="fetch-off"]').text()).toContain('needs both the receipt ID and the user ID');
  });

  it('is not offered without the store\'s credential, and says so', async () => {
    configured = ['google'];
    const { wrapper } = await mountView();
    await type(wrapper, 'pi_3PqXyZ12345');
    expect(wrapper.find('[data-testid="fetch-from-store"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="fetch-off"]').text()).toContain('Fetching from Stripe needs its credential');
    expect(wrapper.text()).not.toContain('Settings → Stores');
  });
});
