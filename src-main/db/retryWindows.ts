// How long each store keeps retrying a failed renewal. After that the store has given up
// (the subscription expired), so "the store is retrying" must not be said any longer.
import type { Store } from '../ipc/vocabulary';

const DAY = 86_400_000;

/**
 * - Apple: "the App Store attempts to renew the subscription for up to 60 days" (StoreKit,
 *   Handling lapsed subscriptions / Reducing involuntary subscriber churn).
 * - Google Play: a grace period of up to 30 days, then account hold of up to 30 days (Play
 *   Console base-plan settings; "Grace period and account hold"): 60 days at most.
 * - Stripe: Smart Retries retry for at most 2 months, the longest schedule the Billing
 *   settings offer ("Automate payment retries").
 * - Amazon: the Appstore documents no retry window; the longest of the others is used.
 */
export const RETRY_WINDOW_MS: Record<Store, number> = {
  apple: 60 * DAY,
  google: 60 * DAY,
  stripe: 60 * DAY,
  amazon: 60 * DAY,
};

/** When the store stops retrying a renewal that failed at `failedAt`. */
export function retryEndsAt(store: Store, failedAt: number): number {
  return failedAt + RETRY_WINDOW_MS[store];
}
