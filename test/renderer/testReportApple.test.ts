// The Apple test report tells the admin that Notification History needs an App Store
// Server Notifications V2 URL, and says so loudly when the test found it empty.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { CredentialStatusDto } from '../../src-main/ipc/contract';
import TestReport from '../../src-renderer/src/components/settings/TestReport.vue';

const status = (o: Partial<CredentialStatusDto>): CredentialStatusDto => ({
  store: 'apple', configured: true, kind: null, mode: 'production', keyHint: null, lastTestedAt: Date.now(), lastTestOk: true,
  can: ['read notification history'], missing: [], message: 'Connected to the App Store Server API (production).', ...o,
});

describe('Apple test report', () => {
  it('always names the V2 URL Notification History needs; flags an empty history', () => {
    const plain = mount(TestReport, { props: { status: status({}) } });
    expect(plain.get('[data-testid="apple-history-note"]').text()).toContain('App Store Server Notifications V2 URL');
    expect(plain.get('[data-testid="apple-history-note"]').classes()).not.toContain('warn');
    const empty = mount(TestReport, { props: { status: status({ missing: ['notifications: the history of the last 180 days is empty (set an App Store Server Notifications V2 URL)'] }) } });
    expect(empty.get('[data-testid="apple-history-note"]').text()).toMatch(/^Apple's Notification History came back empty\./);
    expect(empty.get('[data-testid="apple-history-note"]').classes()).toContain('warn');
    expect(mount(TestReport, { props: { status: status({ store: 'stripe' }) } }).find('[data-testid="apple-history-note"]').exists()).toBe(false);
  });
});
