import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

export const sections = [
  { name: 'customers', path: '/customers', label: 'Customers', component: () => import('./views/CustomersView.vue') },
  { name: 'requests', path: '/requests', label: 'Refund requests', component: () => import('./views/RequestsView.vue') },
  { name: 'insights', path: '/insights', label: 'Insights', component: () => import('./views/InsightsView.vue') },
  { name: 'sync', path: '/sync', label: 'Sync', component: () => import('./views/SyncView.vue') },
  { name: 'settings', path: '/settings', label: 'Settings', component: () => import('./views/SettingsView.vue') },
  { name: 'audit', path: '/audit', label: 'Audit log', component: () => import('./views/AuditView.vue') },
] as const;

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/customers' },
  ...sections.map(({ name, path, component }) => ({ name, path, component })),
];

// Hash history: the app is served from app://renderer/index.html and must not navigate.
export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes });
}
