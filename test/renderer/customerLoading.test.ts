// The customer page's loading order (issue 20: search to the first timeline row under
// 150 ms). The first timeline page is shown as soon as main returns it; the header and
// purchases, summed over the whole ledger, fill in when customers:get answers.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDto } from '../../src-main/ipc/contract';
import { DeskError } from '../../src-main/ipc/contract';
import { createAppRouter } from '../../src-renderer/src/router';
import CustomerView from '../../src-renderer/src/views/CustomerView.vue';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { customer, events } from './customerFixtures';

let fake: FakeDesk;
let answerGet: (() => void) | null;
let getFails: boolean;

beforeEach(() => {
  setActivePinia(createPinia());
  answerGet = null;
  getFails = false;
  fake = createFakeDesk({
    // held until the test answers it: main still summing a large ledger
    'customers:get': ({ customerId }) =>
      new Promise<CustomerDto>((resolve, reject) => {
        answerGet = () => (getFails ? reject(new DeskError('not_found', `No customer ${customerId} in this workspace.`)) : resolve(customer(customerId)));
      }),
    'customers:timeline': () => ({ rows: events(30), next: null }),
    'refunds:preview': () => {
      throw new DeskError('not_found', 'none');
    },
    'refunds:list': () => ({ intents: [] }),
  });
  window.desk = fake.desk;
});

async function openPage() {
  const router = createAppRouter();
  await router.push('/customers/7');
  const w = mount(CustomerView, { global: { plugins: [router] } });
  await flushPromises();
  return w;
}

describe('customer page loading', () => {
  it('shows the first timeline page before customers:get answers, then the header and purchases', async () => {
    const w = await openPage();
    expect(fake.calls.map((c) => c.channel).slice(0, 2)).toEqual(['customers:timeline', 'customers:get']);
    expect(w.find('[data-testid="timeline"]').exists()).toBe(true);
    expect(w.find('[data-testid="customer-header"]').exists()).toBe(false);
    expect(w.find('[data-testid="customer-loading"]').exists()).toBe(true);
    // nothing asks about refunds before the purchases are known
    expect(fake.calls.some((c) => c.channel === 'refunds:preview')).toBe(false);
    answerGet!();
    await flushPromises();
    expect(w.find('[data-testid="customer-header"]').exists()).toBe(true);
    expect(w.find('[data-testid="customer-loading"]').exists()).toBe(false);
    expect(w.find('[data-testid="timeline"]').exists()).toBe(true);
  });

  it('a customer main cannot open shows the error, not a timeline', async () => {
    getFails = true;
    const w = await openPage();
    answerGet!();
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toContain('Could not open this customer');
    expect(w.find('[data-testid="timeline"]').exists()).toBe(false);
  });
});
