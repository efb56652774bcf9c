// A fifth store needs no renderer edit (issue 19): with a profile entry injected for a
// fake store, its name, badge colour, ID words and credential form all come from the
// profile; a store with no profile at all still reads sensibly.
import { mount } from '@vue/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_PROFILES, type StoreProfile } from '../../src-main/domain/profiles';
import type { Store } from '../../src-main/ipc/contract';
import StoreBadge from '../../src-renderer/src/components/StoreBadge.vue';
import { idLabel, primaryKinds, storeOfKind } from '../../src-renderer/src/components/customer/idWords';
import CredentialForm from '../../src-renderer/src/components/settings/CredentialForm.vue';
import { eventTitle } from '../../src-renderer/src/components/timeline/eventWords';
import { storeName, storeShort } from '../../src-renderer/src/format';

const fifth = 'fifth' as Store;
const profiles = STORE_PROFILES as Record<string, StoreProfile>;
beforeAll(() => {
  profiles['fifth'] = {
    ...STORE_PROFILES.stripe,
    store: fifth,
    name: 'Fifth Market',
    credentialFields: [
      { name: 'apiKey', label: 'API key', secret: true, maxLength: 200 },
      { name: 'merchantId', label: 'Merchant ID', secret: false, maxLength: 40, placeholder: 'M-123' },
      { name: 'region', label: 'Region', secret: false, maxLength: 40, optional: true },
    ],
    // like Amazon RVS: the store reports cancellations that may hide a refund
    access: { ...STORE_PROFILES.stripe.access, cancellationMayHideRefund: true },
    display: {
      short: 'Fifth',
      colour: { light: '#0b6e75', dark: '#6fd6de' },
      idWords: { fifth_order_id: 'Fifth order', fifth_account: 'Fifth account' },
      primaryIds: ['fifth_order_id'],
    },
  };
});
afterAll(() => {
  delete profiles['fifth'];
});

describe('a fifth store, from its profile only', () => {
  it('names, badge colours and ID words come from the profile', () => {
    expect(storeName(fifth)).toBe('Fifth Market');
    expect(storeShort(fifth)).toBe('Fifth');
    const badge = mount(StoreBadge, { props: { store: fifth } });
    expect(badge.text()).toBe('Fifth');
    expect(badge.attributes('style')).toContain('--store-light: #0b6e75');
    expect(badge.attributes('style')).toContain('--store-dark: #6fd6de');
    expect(idLabel('fifth_order_id')).toBe('Fifth order');
    expect(storeOfKind('fifth_account')).toBe('fifth');
    expect(primaryKinds()).toContain('fifth_order_id');
    // event and entitlement words follow the profile's access rule, in the store's own name
    const cancelled = { type: 'cancellation', store: fifth, detail: null } as unknown as Parameters<typeof eventTitle>[0];
    expect(eventTitle(cancelled)).toBe('Cancelled (Fifth does not say whether it was refunded)');
    expect(eventTitle({ ...cancelled, store: 'stripe' })).toBe('Turned off auto-renew');
    // the four stores keep their words
    expect([storeName('apple'), storeShort('google'), idLabel('stripe_customer'), storeOfKind('amazon_receipt_id')]).toEqual(['Apple App Store', 'Google', 'Stripe customer', 'amazon']);
  });

  it('the credential form falls back to the profile\u2019s credentialFields', async () => {
    const form = mount(CredentialForm, { props: { store: fifth, configured: false, disabled: false, saving: false } });
    const save = form.get('[data-testid="save-fifth"]');
    expect(form.text()).toContain('API key');
    expect(form.get('[data-testid="fifth-apiKey"]').attributes('type')).toBe('password');
    expect(form.get('[data-testid="fifth-merchantId"]').attributes('placeholder')).toBe('M-123');
    await form.get('[data-testid="fifth-apiKey"]').setValue('key_live_123');
    expect(save.attributes('disabled')).toBeDefined();
    await form.get('[data-testid="fifth-merchantId"]').setValue('  M-42 ');
    expect(save.attributes('disabled')).toBeUndefined();
    await form.get('form').trigger('submit');
    // main's `declared` credential shape (ipc/channels/credentials.ts): the fields by name
    expect(form.emitted('submit')?.[0]).toEqual([{ store: 'fifth', fields: { apiKey: 'key_live_123', merchantId: 'M-42', region: '' } }]);
  });

  it('the form is the credential the profile declares (what main validates)', async () => {
    profiles['fifth'] = { ...profiles['fifth']!, credentialFields: [{ name: 'token', label: 'Access token', secret: true, maxLength: 200 }] };
    const form = mount(CredentialForm, { props: { store: fifth, configured: false, disabled: false, saving: false } });
    expect(form.get('[data-testid="fifth-token"]').attributes('type')).toBe('password');
    await form.get('[data-testid="fifth-token"]').setValue(' tok_1 ');
    await form.get('form').trigger('submit');
    expect(form.emitted('submit')?.[0]).toEqual([{ store: 'fifth', fields: { token: 'tok_1' } }]);
  });

  it('a store with no profile gets its own name and a neutral badge', () => {
    const sixth = 'sixth' as Store;
    expect(storeName(sixth)).toBe('Sixth');
    expect(mount(StoreBadge, { props: { store: sixth } }).attributes('style')).toContain('--store-light: #5f5f68');
    expect(idLabel('sixth_thing')).toBe('sixth thing');
    expect(storeOfKind('sixth_thing')).toBeNull();
  });
});
