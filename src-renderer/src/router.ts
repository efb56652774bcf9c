import { createRouter, createWebHashHistory, type RouteComponent, type RouteRecordRaw } from 'vue-router';
import { sections, type SectionName } from './sections';

export { sections };

const views: Record<SectionName, () => Promise<RouteComponent>> = {
  customers: () => import('./views/CustomersView.vue'),
  requests: () => import('./views/RequestsView.vue'),
  insights: () => import('./views/InsightsView.vue'),
  sync: () => import('./views/SyncView.vue'),
  settings: () => import('./views/SettingsView.vue'),
  audit: () => import('./views/AuditView.vue'),
};

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/customers' },
  ...sections.map(({ name, path }) => ({ name, path, component: views[name] })),
  { name: 'customer', path: '/customers/:id(\\d+)', component: () => import('./views/CustomerView.vue') },
];

// Hash history: the app is served from app://renderer/index.html and must not navigate.
export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
