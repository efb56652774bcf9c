// Webhook bodies in the reference platform's documented format, for import tests.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const STORES = ['APP_STORE', 'PLAY_STORE', 'STRIPE', 'AMAZON'] as const;

export function rcBody(i: number, over: Record<string, unknown> = {}) {
  const store = STORES[i % 4]!;
  const sub = Math.floor(i / 5);
  const t0 = 1_650_000_000_000 + sub * 3_600_000;
  const type = i % 5 === 0 ? 'INITIAL_PURCHASE' : i % 5 === 4 && sub % 7 === 0 ? 'CANCELLATION' : 'RENEWAL';
  const key = store === 'PLAY_STORE' ? `GPA.${1000 + sub}-0000-0000-00000` : store === 'STRIPE' ? `sub_${sub}` : `${2000000000 + sub}`;
  return {
    api_version: '1.0',
    event: {
      id: `EVT-${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
      type,
      event_timestamp_ms: t0 + (i % 5) * 2_592_000_000 + 1000,
      app_user_id: `user-${sub}`,
      original_app_user_id: `user-${sub}`,
      aliases: [`$RCAnonymousID:${sub.toString(16).padStart(32, '0')}`, `user-${sub}`],
      store,
      environment: 'PRODUCTION',
      product_id: 'com.example.pro.monthly',
      period_type: 'NORMAL',
      purchased_at_ms: t0 + (i % 5) * 2_592_000_000,
      expiration_at_ms: t0 + ((i % 5) + 1) * 2_592_000_000,
      price_in_purchased_currency: 9.99,
      currency: 'USD',
      transaction_id: store === 'PLAY_STORE' ? `${key}..${i % 5}` : `${key}-${i % 5}`,
      original_transaction_id: key,
      is_trial_conversion: false,
      ...(type === 'CANCELLATION' ? { cancel_reason: 'CUSTOMER_SUPPORT' } : {}),
      country_code: 'US',
      entitlement_ids: ['pro'],
      ...over,
    },
  };
}

/** Writes `count` events, one JSON body per line. */
export async function writeRcLines(file: string, count: number, start = 0): Promise<void> {
  const out = createWriteStream(file);
  for (let i = start; i < start + count; i++) {
    if (!out.write(JSON.stringify(rcBody(i)) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// ---------------------------------------------------------------------------------------
// One webhook body per documented event type, written from RevenueCat's "Event Types and
// Fields" reference (field names, units: *_ms epoch milliseconds, prices in major units of
// `currency`) and the shapes of its "Sample Events" page. Values are this project's own.
// Story: an App Store monthly subscription of user "cust-42" (first seen anonymous), a
// Play Store one of "cust-77", a one-time Stripe purchase, and the non-purchase types.
const DAY = 86_400_000;
export const RC_T0 = 1_700_000_000_000;
const ANON = '$RCAnonymousID:5d8e2f0c9a1b4c3d8e7f6a5b4c3d2e1f';

function common(id: string, type: string, at: number, over: Record<string, unknown>) {
  return {
    api_version: '1.0',
    event: {
      id,
      type,
      app_id: 'app1a2b3c4d',
      event_timestamp_ms: at,
      app_user_id: 'cust-42',
      original_app_user_id: ANON,
      aliases: [ANON, 'cust-42'],
      environment: 'PRODUCTION',
      country_code: 'US',
      entitlement_id: null,
      entitlement_ids: ['pro'],
      presented_offering_id: 'default',
      is_family_share: false,
      offer_code: null,
      takehome_percentage: 0.7,
      tax_percentage: 0.0,
      commission_percentage: 0.3,
      subscriber_attributes: { $email: { updated_at_ms: RC_T0, value: 'cust42@example.com' } },
      ...over,
    },
  };
}

const apple = (n: number, at: number) => ({
  store: 'APP_STORE',
  product_id: 'pro.monthly',
  period_type: 'NORMAL',
  purchased_at_ms: at,
  expiration_at_ms: at + 30 * DAY,
  transaction_id: `43000012345678${n}`,
  original_transaction_id: '430000123456780',
  currency: 'USD',
  price: 9.99,
  price_in_purchased_currency: 9.99,
});
const play = (at: number, exp: number) => ({
  store: 'PLAY_STORE',
  app_user_id: 'cust-77',
  original_app_user_id: 'cust-77',
  aliases: ['cust-77'],
  product_id: 'pro.weekly:base',
  period_type: 'NORMAL',
  purchased_at_ms: at,
  expiration_at_ms: exp,
  transaction_id: 'GPA.3361-2288-4417-55120',
  original_transaction_id: 'GPA.3361-2288-4417-55120',
  currency: 'EUR',
  price: 5.41,
  price_in_purchased_currency: 4.99,
});

/** Every documented type, in the order it happened. */
// The one Stripe lifetime purchase: bought on day 9, refunded through support on day 10.
const LIFETIME = {
  store: 'STRIPE',
  product_id: 'lifetime',
  period_type: 'NORMAL',
  purchased_at_ms: RC_T0 + 9 * DAY,
  expiration_at_ms: null,
  transaction_id: 'pi_3NqK8x2eZvKYlo2C0a1b2c3d',
  original_transaction_id: 'pi_3NqK8x2eZvKYlo2C0a1b2c3d',
  currency: 'USD',
  price: 49.0,
  price_in_purchased_currency: 49.0,
};

export const RC_DOCUMENTED = {
  INITIAL_PURCHASE: common('b1f0a8e2-0001-4c1e-9a00-000000000001', 'INITIAL_PURCHASE', RC_T0 + 4000, apple(0, RC_T0)),
  RENEWAL: common('b1f0a8e2-0002-4c1e-9a00-000000000002', 'RENEWAL', RC_T0 + 30 * DAY + 5000, { ...apple(1, RC_T0 + 30 * DAY), is_trial_conversion: false }),
  CANCELLATION: common('b1f0a8e2-0003-4c1e-9a00-000000000003', 'CANCELLATION', RC_T0 + 40 * DAY, { ...apple(1, RC_T0 + 30 * DAY), cancel_reason: 'UNSUBSCRIBE' }),
  UNCANCELLATION: common('b1f0a8e2-0004-4c1e-9a00-000000000004', 'UNCANCELLATION', RC_T0 + 41 * DAY, apple(1, RC_T0 + 30 * DAY)),
  PRODUCT_CHANGE: common('b1f0a8e2-0005-4c1e-9a00-000000000005', 'PRODUCT_CHANGE', RC_T0 + 45 * DAY, { ...apple(1, RC_T0 + 30 * DAY), new_product_id: 'pro.yearly' }),
  BILLING_ISSUE: common('b1f0a8e2-0006-4c1e-9a00-000000000006', 'BILLING_ISSUE', RC_T0 + 60 * DAY + 1000, {
    ...apple(1, RC_T0 + 30 * DAY),
    grace_period_expiration_at_ms: RC_T0 + 76 * DAY,
  }),
  EXPIRATION: common('b1f0a8e2-0007-4c1e-9a00-000000000007', 'EXPIRATION', RC_T0 + 76 * DAY + 1000, {
    ...apple(1, RC_T0 + 30 * DAY),
    expiration_reason: 'BILLING_ERROR',
  }),
  REFUND_REVERSED: common('b1f0a8e2-0008-4c1e-9a00-000000000008', 'REFUND_REVERSED', RC_T0 + 80 * DAY, apple(1, RC_T0 + 30 * DAY)),
  // the subscriber comes back on the yearly plan: the renewal that puts the new product in effect
  RENEWAL_YEARLY: common('b1f0a8e2-0020-4c1e-9a00-000000000020', 'RENEWAL', RC_T0 + 90 * DAY + 5000, {
    ...apple(2, RC_T0 + 90 * DAY),
    product_id: 'pro.yearly',
    expiration_at_ms: RC_T0 + 455 * DAY,
    price: 99.99,
    price_in_purchased_currency: 99.99,
  }),
  PLAY_PURCHASE: common('b1f0a8e2-0021-4c1e-9a00-000000000021', 'INITIAL_PURCHASE', RC_T0 + 3000, play(RC_T0, RC_T0 + 7 * DAY)),
  SUBSCRIPTION_PAUSED: common('b1f0a8e2-0009-4c1e-9a00-000000000009', 'SUBSCRIPTION_PAUSED', RC_T0 + 3 * DAY, {
    ...play(RC_T0, RC_T0 + 7 * DAY),
    auto_resume_at_ms: RC_T0 + 37 * DAY,
  }),
  // Play held the renewal for 24 h: the expiry moves a day later; no payment, dated at the event
  SUBSCRIPTION_EXTENDED: common('b1f0a8e2-0010-4c1e-9a00-000000000010', 'SUBSCRIPTION_EXTENDED', RC_T0 + 7 * DAY + 60_000, {
    ...play(RC_T0, RC_T0 + 8 * DAY),
    price: 0,
    price_in_purchased_currency: 0,
  }),
  TEMPORARY_ENTITLEMENT_GRANT: common('b1f0a8e2-0011-4c1e-9a00-000000000011', 'TEMPORARY_ENTITLEMENT_GRANT', RC_T0 + 2 * DAY, {
    ...play(RC_T0 + 2 * DAY, RC_T0 + 2 * DAY + DAY),
    transaction_id: 'GPA.3361-2288-4417-99999',
    original_transaction_id: 'GPA.3361-2288-4417-99999',
    price: 0,
    price_in_purchased_currency: 0,
  }),
  NON_RENEWING_PURCHASE: common('b1f0a8e2-0012-4c1e-9a00-000000000012', 'NON_RENEWING_PURCHASE', RC_T0 + 9 * DAY + 2000, LIFETIME),
  CANCELLATION_REFUND: common('b1f0a8e2-0013-4c1e-9a00-000000000013', 'CANCELLATION', RC_T0 + 10 * DAY, { ...LIFETIME, cancel_reason: 'CUSTOMER_SUPPORT' }),
  TRANSFER: {
    api_version: '1.0',
    event: {
      id: 'b1f0a8e2-0014-4c1e-9a00-000000000014',
      type: 'TRANSFER',
      app_id: 'app1a2b3c4d',
      event_timestamp_ms: RC_T0 + 50 * DAY,
      environment: 'PRODUCTION',
      transferred_from: [ANON],
      transferred_to: ['cust-42'],
    },
  },
  TRANSFER_UNKNOWN: {
    api_version: '1.0',
    event: {
      id: 'b1f0a8e2-0015-4c1e-9a00-000000000015',
      type: 'TRANSFER',
      app_id: 'app1a2b3c4d',
      event_timestamp_ms: RC_T0 + 51 * DAY,
      environment: 'PRODUCTION',
      transferred_from: ['cust-42'],
      transferred_to: ['cust-nobody'],
    },
  },
  INVOICE_ISSUANCE: common('b1f0a8e2-0016-4c1e-9a00-000000000016', 'INVOICE_ISSUANCE', RC_T0 + 11 * DAY, {
    store: 'RC_BILLING',
    product_id: 'pro.monthly.web',
    purchased_at_ms: RC_T0 + 11 * DAY,
    expiration_at_ms: RC_T0 + 41 * DAY,
    currency: 'USD',
    price: 9.99,
    price_in_purchased_currency: 9.99,
  }),
  EXPERIMENT_ENROLLMENT: {
    api_version: '1.0',
    event: {
      id: 'b1f0a8e2-0017-4c1e-9a00-000000000017',
      type: 'EXPERIMENT_ENROLLMENT',
      app_id: 'app1a2b3c4d',
      app_user_id: 'cust-42',
      original_app_user_id: ANON,
      event_timestamp_ms: RC_T0 - DAY,
      environment: 'PRODUCTION',
      experiment_id: 'prexp1f2e3d',
      experiment_variant: 'b',
      offering_id: 'ofrng_b',
      experiment_enrolled_at_ms: RC_T0 - DAY,
    },
  },
  VIRTUAL_CURRENCY_TRANSACTION: common('b1f0a8e2-0018-4c1e-9a00-000000000018', 'VIRTUAL_CURRENCY_TRANSACTION', RC_T0 + 12 * DAY, {
    store: 'APP_STORE',
    product_id: 'coins.100',
    transaction_id: '430000999999999',
    original_transaction_id: '430000999999999',
    purchased_at_ms: RC_T0 + 12 * DAY,
    adjustments: [{ amount: 100, currency: { code: 'COIN', name: 'Coins', description: null } }],
    virtual_currency_transaction_id: 'vct_1a2b3c',
    source: 'in_app_purchase',
  }),
  TEST: common('b1f0a8e2-0019-4c1e-9a00-000000000019', 'TEST', RC_T0 + 13 * DAY, apple(9, RC_T0 + 13 * DAY)),
} as const;

/** Types the reference documents that carry no store purchase. */
export const RC_NOT_A_PURCHASE = ['INVOICE_ISSUANCE', 'EXPERIMENT_ENROLLMENT', 'VIRTUAL_CURRENCY_TRANSACTION', 'TEST'] as const;
