// Sync: Get Notification History, page by page, each page a batch with its cursor; and
// the connection test, which reads one page of it.
import type { JWSRenewalInfoDecodedPayload, NotificationHistoryResponse } from '@apple/app-store-server-library';
import type { ConnectionReport, SyncContext, SyncRun } from '../adapter';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';
import { HISTORY_DAYS, verified, verifiedTransaction, type AppleParts } from './context';
import { chargeKey, refundKey } from './history';
import { eventFromNotification, isFreeTrial, purchaseFromTransaction, toEvent } from './map';

const DAY = 86_400_000;
/** Notifications signed just before a run's end may be listed late; re-read a little. */
const OVERLAP_MS = 5 * 60_000;
/** Apple refuses a start date even slightly past its retention: a minute of margin. */
const MARGIN_MS = 60_000;

/**
 * Get Notification History lists only "notifications that the App Store server attempted
 * to send to your server" (App Store Server API, Get Notification History): with no App
 * Store Server Notifications V2 URL set in App Store Connect (App Information), it stays
 * empty and refunds are found only by refreshing customers.
 */
export const NOTIFICATION_URL_NEEDED =
  'Notification History holds only the notifications Apple tried to send to your App Store Server Notifications V2 URL (App Store Connect › App Information); without one, refunds are not found by sync.';

export function emptyHistoryNotice(days: number): string {
  return `Apple's Notification History came back empty for the last ${days} days. Set an App Store Server Notifications V2 URL in App Store Connect (App Information); until then refunds are found only by refreshing a customer.`;
}

interface AppleCursor {
  start: number;
  end?: number;
  token?: string;
}

function parseCursor(value: string | null): AppleCursor | null {
  if (!value) return null;
  try {
    const c = JSON.parse(value) as AppleCursor;
    return typeof c.start === 'number' ? c : null;
  } catch {
    return null;
  }
}

const CHARGES = ['SUBSCRIBED', 'DID_RENEW', 'OFFER_REDEEMED', 'ONE_TIME_CHARGE'];

/**
 * The sync's pull. `wasInTrial`: whether the subscription's latest period in the cache was
 * a free trial, so a DID_RENEW after it reads as a trial conversion.
 */
export function createAppleSync(p: AppleParts, wasInTrial?: (originalTransactionId: string) => boolean) {
  const trialSeen = new Map<string, boolean>();

  async function pageToBatch(page: NotificationHistoryResponse, ctx: SyncContext): Promise<Omit<IngestBatch, 'cursor'>> {
    const purchases: PurchaseInput[] = [];
    const events: EventInput[] = [];
    for (const item of page.notificationHistory ?? []) {
      if (!item.signedPayload) continue;
      const n = await verified(ctx, () => p.verify.notification(item.signedPayload!));
      if (!n?.data?.signedTransactionInfo) continue;
      const t = await verifiedTransaction(p, ctx, n.data.signedTransactionInfo);
      if (!t) continue;
      let renewal: JWSRenewalInfoDecodedPayload | null = null;
      if (n.data.signedRenewalInfo) {
        renewal = await verified(ctx, () => p.verify.renewal(n.data!.signedRenewalInfo!));
        if (!renewal) continue;
      }
      const original = t.originalTransactionId ?? t.transactionId ?? '';
      const wasTrial = trialSeen.get(original) ?? wasInTrial?.(original) ?? false;
      purchases.push(purchaseFromTransaction(t, p.credential.environment, renewal));
      const m = eventFromNotification(n, t, renewal, wasTrial);
      if (CHARGES.includes(String(n.notificationType))) trialSeen.set(original, isFreeTrial(t));
      if (!m) continue;
      const charge = ['purchase', 'trial_started', 'renewal', 'trial_converted'].includes(m.type);
      const key = charge ? chargeKey(t.transactionId ?? '') : m.type === 'refund' ? refundKey(t.transactionId ?? '') : `apple:notification:${n.notificationUUID}`;
      const at = m.type === 'refund' && t.revocationDate ? t.revocationDate : (n.signedDate ?? p.now());
      events.push(toEvent(m, t, at, 'notification_history', key, { notificationUUID: n.notificationUUID, notificationType: n.notificationType, subtype: n.subtype ?? null, transactionId: t.transactionId }));
    }
    return { purchases, events };
  }

  return async function* sync(cursorValue: string | null, ctx: SyncContext): SyncRun {
    const at = p.now();
    const days = HISTORY_DAYS[p.credential.environment];
    const earliest = at - days * DAY + MARGIN_MS;
    const c = parseCursor(cursorValue);
    let start: number;
    let end: number;
    let token: string | null = null;
    // A token is valid only with its original body; keep it while that start is still inside retention.
    if (c?.token && c.end && c.start >= at - days * DAY) {
      ({ start, end } = c as { start: number; end: number });
      token = c.token;
    } else {
      start = c ? Math.max(c.start, earliest) : earliest;
      if (c && c.start < earliest) ctx.notice(`Apple keeps ${days} days of notifications; older ones since the last sync are gone. Refresh customers to fill the gap.`);
      end = at;
    }
    if (start >= end) return;
    const onWait = (ms: number) => ctx.notice(`Apple asked to wait ${ms} ms (429); waiting.`);
    let fetched = 0;
    for (;;) {
      const req = { startDate: start, endDate: end };
      const page = await p.client.call('Get Notification History', (api) => api.getNotificationHistory(token, req), { signal: ctx.signal, onWait });
      const batch = await pageToBatch(page, ctx);
      fetched += page.notificationHistory?.length ?? 0;
      if (!c && !token && fetched === 0 && !page.hasMore) ctx.notice(emptyHistoryNotice(days));
      ctx.progress({ phase: 'notification history', fetched });
      const more = Boolean(page.hasMore && page.paginationToken);
      const next: AppleCursor = more ? { start, end, token: page.paginationToken! } : { start: Math.max(start, end - OVERLAP_MS) };
      yield { ...batch, cursor: { account: p.account, value: JSON.stringify(next) } };
      if (!more) return;
      token = page.paginationToken!;
    }
  };
}

/**
 * One page over the whole retention: cheap, and it tells whether Apple has been sending
 * notifications at all (an empty history means no V2 URL is set).
 */
export async function testAppleConnection(p: AppleParts): Promise<ConnectionReport> {
  const at = p.now();
  const env = p.credential.environment;
  const days = HISTORY_DAYS[env];
  try {
    const page = await p.client.call('Get Notification History', (api) => api.getNotificationHistory(null, { startDate: at - days * DAY + MARGIN_MS, endDate: at }));
    const empty = !page.notificationHistory?.length;
    return {
      ok: true,
      mode: env,
      can: ['read notification history', 'read transaction and refund history', 'send consumption information'],
      missing: empty ? [`notifications: the history of the last ${days} days is empty (set an App Store Server Notifications V2 URL)`] : [],
      message: `Connected to the App Store Server API (${env}). ${empty ? emptyHistoryNotice(days) : NOTIFICATION_URL_NEEDED}`,
      testedAt: at,
    };
  } catch (e) {
    return { ok: false, mode: env, can: [], missing: [], message: e instanceof Error ? e.message : String(e), testedAt: at };
  }
}
