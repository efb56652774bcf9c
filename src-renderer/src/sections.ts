// The console's sections, in sidebar order. Plain data: the router maps them to views,
// and the e2e tests click through the same list.
export const sections = [
  { name: 'customers', path: '/customers', label: 'Customers' },
  { name: 'requests', path: '/requests', label: 'Refund requests' },
  { name: 'insights', path: '/insights', label: 'Insights' },
  { name: 'sync', path: '/sync', label: 'Sync' },
  { name: 'settings', path: '/settings', label: 'Settings' },
  { name: 'audit', path: '/audit', label: 'Audit log' },
] as const;

export type SectionName = (typeof sections)[number]['name'];
