// "Test connection": cheap real calls, and what the key may do.
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { ConnectionReport } from '../adapter';
import { stripeError } from './client';

export const PROBE_CHARGE = 'ch_refund_desk_permission_probe';

export function modeOfKey(key: string): 'live' | 'test' | null {
  if (/^(sk|rk)_live_/.test(key)) return 'live';
  if (/^(sk|rk)_test_/.test(key)) return 'test';
  return null;
}

/**
 * Whether the key may create refunds is found without moving money: a refund of a
 * charge that does not exist. Stripe checks a restricted key's permissions before it
 * looks at the parameters, so a key without refund write gets 403 (permission error),
 * and a key with it gets "No such charge" (resource_missing). Nothing is created either way.
 */
export async function testStripeConnection(stripe: Stripe, key: string, now: () => number): Promise<ConnectionReport> {
  const mode = modeOfKey(key);
  const can: string[] = [];
  const missing: string[] = [];
  try {
    await stripe.balance.retrieve();
    can.push('read balance');
  } catch (err) {
    const message = stripeError(err).message;
    return { ok: false, mode, can, missing: ['reach Stripe with this key'], message, testedAt: now() };
  }
  try {
    await stripe.events.list({ limit: 1 });
    can.push('read events (refunds, disputes and subscriptions made anywhere)');
  } catch (err) {
    missing.push(`read events: ${stripeError(err).message}`);
  }
  try {
    await stripe.refunds.create({ charge: PROBE_CHARGE }, { idempotencyKey: `refund-desk-probe-${randomUUID()}`, maxNetworkRetries: 0 });
    can.push('create refunds');
  } catch (err) {
    const e = stripeError(err);
    // 403 is the permission error; "no such charge" (or any other refusal of the parameters) means the key got past it.
    if (e.kind === 'auth') missing.push(`create refunds: ${e.message}`);
    else if (e.kind === 'not_found' || e.kind === 'refused') can.push('create refunds');
    else missing.push(`create refunds: could not be checked (${e.message})`);
  }
  const ok = missing.length === 0;
  return {
    ok,
    mode,
    can,
    missing,
    message: ok ? `Connected to Stripe (${mode ?? 'unknown'} mode)` : `Connected to Stripe (${mode ?? 'unknown'} mode), but the key cannot ${missing.map((m) => m.split(':')[0]).join(', ')}`,
    testedAt: now(),
  };
}
