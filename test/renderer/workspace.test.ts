// Settings → Workspace: the open workspace, the demo's call to action, switching with a
// confirm, and a new workspace with its name checked in words; main is the typed fake desk.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { WorkspaceDto, WorkspaceListDto, WorkspaceSummaryDto } from '../../src-main/ipc/contract';
import { DeskError } from '../../src-main/ipc/contract';
import WorkspaceCard from '../../src-renderer/src/components/settings/WorkspaceCard.vue';
import CustomersView from '../../src-renderer/src/views/CustomersView.vue';
import { useAppStore } from '../../src-renderer/src/stores/app';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const DEMO: WorkspaceSummaryDto = { id: 'demo', name: 'Demo workspace', demo: true };
const TEAM: WorkspaceSummaryDto = { id: 'team-a-0a1b2c', name: 'Team A', demo: false };
let fake: FakeDesk;
let open: WorkspaceSummaryDto;
let list: WorkspaceListDto;
let listFails: boolean;

const dto = (w: WorkspaceSummaryDto): WorkspaceDto => ({
  ...w, file: `/data/workspaces/${w.id}.sqlite`, dataDir: '/data/workspaces', agentName: 'Sam', osUser: 'sam', stripeMetadataKey: 'app_user_id',
});

function desk(current: WorkspaceSummaryDto) {
  open = current;
  list = { current: current.id, selected: current.id, workspaces: [DEMO, TEAM] };
  listFails = false;
  fake = createFakeDesk({
    'workspace:get': () => dto(open),
    'workspace:list': () => {
      if (listFails) throw new DeskError('internal', 'The workspace list /data/workspaces/workspaces.json is damaged (not valid JSON).');
      return list;
    },
    'workspace:switch': ({ id }) => {
      const w = list.workspaces.find((x) => x.id === id);
      if (!w) throw new DeskError('not_found', 'There is no workspace with this ID.');
      list = { ...list, selected: id };
      return { workspace: w, restartRequired: id !== open.id };
    },
    'workspace:create': ({ name }) => {
      if (list.workspaces.some((w) => w.name.toLowerCase() === name.toLowerCase())) throw new DeskError('conflict', `A workspace named “${name}” already exists.`);
      const w = { id: `${name.toLowerCase()}-ffffff`, name, demo: false };
      list = { ...list, selected: w.id, workspaces: [...list.workspaces, w] };
      return { workspace: w, restartRequired: true };
    },
  });
  window.desk = fake.desk;
}

async function mountCard() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/settings', component: { template: '<div />' } }] });
  await router.push('/settings');
  const w = mount(WorkspaceCard, { global: { plugins: [router] } });
  await flushPromises();
  return w;
}
const calls = (channel: string) => fake.calls.filter((c) => c.channel === channel).map((c) => c.request);

beforeEach(() => {
  setActivePinia(createPinia());
  desk(DEMO);
});

describe('Settings → Workspace', () => {
  it('in the demo: the name, the demo badge, the data folder and a call to action', async () => {
    const w = await mountCard();
    expect(w.get('[data-testid="workspace-current"]').text()).toContain('Demo workspace');
    expect(w.get('[data-testid="workspace-kind"]').text()).toBe('demo data');
    expect(w.get('[data-testid="workspace-folder"]').text()).toBe('/data/workspaces');
    expect(w.get('[data-testid="workspace-demo-cta"]').text()).toContain("This is demo data. Create a workspace for your team's real data.");
    // The open workspace is not offered as a switch target.
    expect(w.find('[data-testid="workspace-demo"]').exists()).toBe(false);
    expect(w.get('[data-testid="workspace-team-a-0a1b2c"]').text()).toContain('Team A');
  });

  it('switches only after a confirm that says the app restarts, then says it is restarting', async () => {
    const w = await mountCard();
    await w.get('[data-testid="workspace-open-team-a-0a1b2c"]').trigger('click');
    expect(calls('workspace:switch')).toEqual([]);
    expect(w.get('[data-testid="workspace-team-a-0a1b2c"]').text()).toContain('Refund Desk restarts to open Team A.');
    await w.get('[data-testid="workspace-confirm-switch"]').trigger('click');
    await flushPromises();
    expect(calls('workspace:switch')).toEqual([{ id: 'team-a-0a1b2c' }]);
    expect(w.get('[data-testid="workspace-restarting"]').text()).toContain('Restarting to open Team A…');
    expect(w.find('[data-testid="workspace-new"]').exists()).toBe(false);
  });

  it('checks a new name in words before asking main, confirms the restart, and creates', async () => {
    const w = await mountCard();
    await w.get('[data-testid="workspace-cta-new"]').trigger('click');
    const form = w.get('[data-testid="workspace-new-form"]');
    expect(form.text()).toContain('starts empty and with no store credentials');

    await form.trigger('submit');
    expect(w.get('[data-testid="workspace-name-problem"]').text()).toBe('Give the workspace a name, for example your team or app.');
    await w.get('[data-testid="workspace-new-name"]').setValue('x'.repeat(81));
    expect(w.get('[data-testid="workspace-name-problem"]').text()).toContain('80 characters or fewer');
    await form.trigger('submit');
    expect(w.find('[data-testid="workspace-new-confirm"]').exists()).toBe(false);

    await w.get('[data-testid="workspace-new-name"]').setValue('  Acme  ');
    expect(w.find('[data-testid="workspace-name-problem"]').exists()).toBe(false);
    await form.trigger('submit');
    expect(calls('workspace:create')).toEqual([]);
    expect(form.text()).toContain('Refund Desk restarts to open Acme.');
    await w.get('[data-testid="workspace-new-confirm"]').trigger('submit');
    await flushPromises();
    expect(calls('workspace:create')).toEqual([{ name: 'Acme' }]);
    expect(w.get('[data-testid="workspace-restarting"]').text()).toContain('Restarting to open Acme…');
    expect(w.find('[data-testid="workspace-new-form"]').exists()).toBe(false);
  });

  it("shows main's words when the name is taken, back on the name step", async () => {
    const w = await mountCard();
    await w.get('[data-testid="workspace-cta-new"]').trigger('click');
    await w.get('[data-testid="workspace-new-name"]').setValue('Team A');
    await w.get('[data-testid="workspace-new-form"]').trigger('submit');
    await w.get('[data-testid="workspace-new-form"]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="workspace-change-error"]').text()).toContain('“Team A” already exists');
    expect(w.get<HTMLInputElement>('[data-testid="workspace-new-name"]').element.disabled).toBe(false);
    expect(w.find('[data-testid="workspace-restarting"]').exists()).toBe(false);
  });

  it('in a real workspace: no call to action, the real-data badge, and a pending switch said plainly', async () => {
    desk(TEAM);
    list = { ...list, selected: 'demo' };
    const w = await mountCard();
    expect(w.find('[data-testid="workspace-demo-cta"]').exists()).toBe(false);
    expect(w.find('[data-testid="workspace-new"]').exists()).toBe(true);
    expect(w.get('[data-testid="workspace-kind"]').text()).toBe('real data');
    expect(w.get('[data-testid="workspace-pending"]').text()).toBe('Demo workspace opens the next time Refund Desk starts.');
    expect(w.get('[data-testid="workspace-demo"]').text()).toContain('demo data');
  });

  it('a list that cannot be read is an error in words; the open workspace is still shown', async () => {
    listFails = true;
    const w = await mountCard();
    expect(w.get('[data-testid="workspace-switch"]').text()).toContain('The workspace list could not be read: The workspace list /data/workspaces/workspaces.json is damaged');
    expect(w.get('[data-testid="workspace-current"]').text()).toContain('Demo workspace');
  });
});

describe('customers empty state', () => {
  async function mountCustomers(demo: boolean) {
    fake = createFakeDesk({
      'customers:recent': () => ({ customers: [] }),
      'customers:list': () => ({ customers: [], nextBeforeId: null }),
    });
    window.desk = fake.desk;
    useAppStore().info = { name: 'Refund Desk', version: '1', platform: 'linux', dataDir: '/d', workspace: demo ? DEMO : TEAM };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { name: 'customers', path: '/customers', component: CustomersView },
        { name: 'settings', path: '/settings', component: { template: '<div>settings</div>' } },
      ],
    });
    await router.push('/customers');
    const w = mount(CustomersView, { global: { plugins: [router] } });
    await flushPromises();
    return { w, router };
  }

  it('points a team in the demo to Settings → Workspace', async () => {
    const { w, router } = await mountCustomers(true);
    expect(w.get('[data-testid="customers-demo-hint"]').text()).toContain("For your team's real data, create a workspace in Settings → Workspace.");
    await w.get('[data-testid="customers-demo-link"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/settings?show=workspace');
  });

  it('says nothing of the kind in a real workspace', async () => {
    const { w } = await mountCustomers(false);
    expect(w.text()).toContain('No customers opened yet');
    expect(w.find('[data-testid="customers-demo-hint"]').exists()).toBe(false);
  });
});
