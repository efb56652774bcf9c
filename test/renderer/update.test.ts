import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UpdateStatusDto } from '../../src-main/ipc/contract';
import UpdateBanner from '../../src-renderer/src/components/update/UpdateBanner.vue';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

let fake: FakeDesk;
let status: UpdateStatusDto;
let restartAnswer: boolean;

beforeEach(() => {
  setActivePinia(createPinia());
  status = { state: 'none' };
  restartAnswer = true;
  fake = createFakeDesk({
    'updates:status': () => status,
    'updates:restart': () => ({ restarting: restartAnswer }),
  });
  window.desk = fake.desk;
});

describe('update banner', () => {
  it('stays away until main says an update is downloaded', async () => {
    const w = mount(UpdateBanner);
    await flushPromises();
    expect(w.find('[data-testid="update-banner"]').exists()).toBe(false);
    fake.emit('onUpdateStatus', { state: 'downloading', version: '1.4.0', percent: 60 });
    await flushPromises();
    expect(w.find('[data-testid="update-banner"]').exists()).toBe(false);
    fake.emit('onUpdateStatus', { state: 'ready', version: '1.4.0' });
    await flushPromises();
    expect(w.get('[data-testid="update-banner"]').text()).toContain('Refund Desk 1.4.0 is ready.');
  });

  it('shows an update that was ready before the window opened', async () => {
    status = { state: 'ready', version: '2.0.1' };
    const w = mount(UpdateBanner);
    await flushPromises();
    expect(w.get('[data-testid="update-banner"]').text()).toContain('Refund Desk 2.0.1 is ready.');
  });

  it('restarts only when the agent asks', async () => {
    status = { state: 'ready', version: '1.4.0' };
    const w = mount(UpdateBanner);
    await flushPromises();
    expect(fake.calls.map((c) => c.channel)).toEqual(['updates:status']);
    await w.get('[data-testid="update-restart"]').trigger('click');
    await flushPromises();
    expect(fake.calls.map((c) => c.channel)).toEqual(['updates:status', 'updates:restart']);
    expect(w.get('[data-testid="update-restart"]').text()).toBe('Restarting…');
  });

  it('says so when main has no update to install after all', async () => {
    status = { state: 'ready', version: '1.4.0' };
    restartAnswer = false;
    const w = mount(UpdateBanner);
    await flushPromises();
    await w.get('[data-testid="update-restart"]').trigger('click');
    await flushPromises();
    expect(w.text()).toContain('The update is not ready any more.');
    expect(w.get('[data-testid="update-restart"]').text()).toBe('Restart to update');
  });

  it('"Later" hides it for this version; a newer one shows again', async () => {
    status = { state: 'ready', version: '1.4.0' };
    const w = mount(UpdateBanner);
    await flushPromises();
    await w.get('[data-testid="update-later"]').trigger('click');
    expect(w.find('[data-testid="update-banner"]').exists()).toBe(false);
    fake.emit('onUpdateStatus', { state: 'ready', version: '1.4.0' });
    await flushPromises();
    expect(w.find('[data-testid="update-banner"]').exists()).toBe(false);
    fake.emit('onUpdateStatus', { state: 'ready', version: '1.5.0' });
    await flushPromises();
    expect(w.get('[data-testid="update-banner"]').text()).toContain('1.5.0');
  });

  it('stays quiet when main cannot say (no updater)', async () => {
    fake = createFakeDesk({});
    window.desk = fake.desk;
    const w = mount(UpdateBanner);
    await flushPromises();
    expect(w.find('[data-testid="update-banner"]').exists()).toBe(false);
  });
});
