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
