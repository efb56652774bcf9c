// The Apple App Store adapter: Get Notification History for sync, per-customer history
// for refresh, Send Consumption Information for refund requests. Every JWS goes through
// SignedDataVerifier (verify.ts); nothing unverified reaches a batch.
import type {
  AppStoreServerAPIClient,
  ConsumptionRequest,
  JWSRenewalInfoDecodedPayload,
  JWSTransactionDecodedPayload,
  NotificationHistoryResponse,
} from '@apple/app-store-server-library';
import { GetTransactionHistoryVersion, Order } from '@apple/app-store-server-library';
import type { ConsumptionAnswerDto } from '../../ipc/channels/requests';
import { DeskError } from '../../ipc/define';
import type { AppleCredential } from '../../secrets/credentials';
import type { ConnectionReport, StoreAdapter, SyncContext, SyncRun } from '../adapter';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';
import { NOTIFICATION_URL_NEEDED, appleCapabilities, emptyHistoryNotice } from './capabilities';
import { callApple, defaultAppleClientFactory, defaultSleep, observeRetryAfter, type AppleClientFactory, type CallOptions } from './client';
import { batchFromHistory, chargeKey, refundKey } from './history';
import { eventFromNotification, isFreeTrial, purchaseFromTransaction, toEvent } from './map';
import { readAppleRootCertificates } from './roots';
import { AppleVerificationError, appleEnvironment, createAppleVerifier } from './verify';

const DAY = 86_400_000;
/** Apple keeps notification history 180 days in production, 30 in the sandbox. */
export const HISTORY_DAYS = { production: 180, sandbox: 30 } as const;
/** Notifications signed just before a run's end may be listed late; re-read a little. */
const OVERLAP_MS = 5 * 60_000;

export interface AppleAdapterOptions {
  credential: AppleCredential;
  /** DER certificates to trust; default Apple Root CA G3 from resources/. */
  rootCertificates?: Buffer[];
  resourcesDir?: string;
  apiClientFactory?: AppleClientFactory;
  /** OCSP revocation checks and "now" for certificate dates; on by default in production use. */
  enableOnlineChecks?: boolean;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  maxRateLimitRetries?: number;
  maxWaitMs?: number;
  /** Whether the subscription's latest period in the cache was a free trial (trial → paid renewal). */
  wasInTrial?: (originalTransactionId: string) => boolean;
}

/** Send Consumption Information v2, as the agent answers it: the IPC contract's shape, passed through. */
export type ConsumptionAnswer = ConsumptionAnswerDto;

export interface AppleAdapter extends StoreAdapter {
  readonly account: string;
  sendConsumption(transactionId: string, answer: ConsumptionAnswer): Promise<void>;
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

export function createAppleAdapter(opts: AppleAdapterOptions): AppleAdapter {
  const { credential } = opts;
  const now = opts.now ?? Date.now;
  const env = appleEnvironment(credential.environment);
  const roots = opts.rootCertificates ?? readAppleRootCertificates(opts.resourcesDir);
  const verify = createAppleVerifier(credential, roots, opts.enableOnlineChecks ?? true);
  const client: AppStoreServerAPIClient = (opts.apiClientFactory ?? defaultAppleClientFactory)(credential, env);
  const observed = observeRetryAfter(client, now);
  const account = `apple:${credential.bundleId}:${credential.environment}`;
  const trialSeen = new Map<string, boolean>();

  const callOpts = (ctx?: SyncContext): CallOptions => ({
    signal: ctx?.signal,
    sleep: opts.sleep ?? defaultSleep,
    maxRateLimitRetries: opts.maxRateLimitRetries ?? 3,
    maxWaitMs: opts.maxWaitMs ?? 60_000,
    onWait: (ms) => ctx?.notice(`Apple asked to wait ${ms} ms (429); waiting.`),
  });
  const call = <T>(what: string, fn: () => Promise<T>, ctx?: SyncContext) => callApple(observed, what, fn, callOpts(ctx));

  /** Rejections are reported and skipped; only OCSP outages stop the run (retry later). */
  async function verified<T>(ctx: SyncContext, fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof AppleVerificationError)) throw e;
      if (e.retryable) throw new DeskError('store_unavailable', e.message, true);
      ctx.notice(e.message);
      return null;
    }
  }

  async function pageToBatch(page: NotificationHistoryResponse, ctx: SyncContext): Promise<Omit<IngestBatch, 'cursor'>> {
    const purchases: PurchaseInput[] = [];
    const events: EventInput[] = [];
    for (const item of page.notificationHistory ?? []) {
      if (!item.signedPayload) continue;
      const n = await verified(ctx, () => verify.notification(item.signedPayload!));
      if (!n?.data?.signedTransactionInfo) continue;
      const t = await verified(ctx, () => verify.transaction(n.data!.signedTransactionInfo!));
      if (!t) continue;
      let renewal: JWSRenewalInfoDecodedPayload | null = null;
      if (n.data.signedRenewalInfo) {
        renewal = await verified(ctx, () => verify.renewal(n.data!.signedRenewalInfo!));
        if (!renewal) continue;
      }
      const original = t.originalTransactionId ?? t.transactionId ?? '';
      const wasTrial = trialSeen.get(original) ?? opts.wasInTrial?.(original) ?? false;
      purchases.push(purchaseFromTransaction(t, credential.environment, renewal));
      const m = eventFromNotification(n, t, renewal, wasTrial);
      if (['SUBSCRIBED', 'DID_RENEW', 'OFFER_REDEEMED', 'ONE_TIME_CHARGE'].includes(String(n.notificationType))) {
        trialSeen.set(original, isFreeTrial(t));
      }
      if (!m) continue;
      const charge = ['purchase', 'trial_started', 'renewal', 'trial_converted'].includes(m.type);
      const key = charge ? chargeKey(t.transactionId ?? '') : m.type === 'refund' ? refundKey(t.transactionId ?? '') : `apple:notification:${n.notificationUUID}`;
      const at = m.type === 'refund' && t.revocationDate ? t.revocationDate : (n.signedDate ?? now());
      events.push(toEvent(m, t, at, 'notification_history', key, { notificationUUID: n.notificationUUID, notificationType: n.notificationType, subtype: n.subtype ?? null, transactionId: t.transactionId }));
    }
    return { purchases, events };
  }

  async function* sync(cursorValue: string | null, ctx: SyncContext): SyncRun {
    const at = now();
    const days = HISTORY_DAYS[credential.environment];
    // A minute of margin: Apple refuses a start date even slightly past its retention.
    const earliest = at - days * DAY + 60_000;
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
    let fetched = 0;
    for (;;) {
      const req = { startDate: start, endDate: end };
      const page = await call('Get Notification History', () => client.getNotificationHistory(token, req), ctx);
      const batch = await pageToBatch(page, ctx);
      fetched += page.notificationHistory?.length ?? 0;
      if (!c && !token && fetched === 0 && !page.hasMore) ctx.notice(emptyHistoryNotice(days));
      ctx.progress({ phase: 'notification history', fetched });
      const more = Boolean(page.hasMore && page.paginationToken);
      const next: AppleCursor = more ? { start, end, token: page.paginationToken! } : { start: Math.max(start, end - OVERLAP_MS) };
      yield { ...batch, cursor: { account, value: JSON.stringify(next) } };
      if (!more) return;
      token = page.paginationToken!;
    }
  }

  async function historyOf(originalId: string, ctx: SyncContext): Promise<IngestBatch> {
    const txs: JWSTransactionDecodedPayload[] = [];
    let revision: string | null = null;
    do {
      const r = await call('Get Transaction History', () =>
        client.getTransactionHistory(originalId, revision, { sort: Order.ASCENDING }, GetTransactionHistoryVersion.V2), ctx);
      for (const s of r.signedTransactions ?? []) {
        const t = await verified(ctx, () => verify.transaction(s));
        if (t) txs.push(t);
      }
      revision = r.hasMore ? (r.revision ?? null) : null;
    } while (revision);
    const refunds: JWSTransactionDecodedPayload[] = [];
    revision = null;
    do {
      const r = await call('Get Refund History', () => client.getRefundHistory(originalId, revision), ctx);
      for (const s of r.signedTransactions ?? []) {
        const t = await verified(ctx, () => verify.transaction(s));
        if (t) refunds.push(t);
      }
      revision = r.hasMore ? (r.revision ?? null) : null;
    } while (revision);
    const renewals = new Map<string, JWSRenewalInfoDecodedPayload>();
    if (txs.some((t) => t.type === 'Auto-Renewable Subscription')) {
      const s = await call('Get All Subscription Statuses', () => client.getAllSubscriptionStatuses(originalId), ctx);
      for (const group of s.data ?? []) {
        for (const last of group.lastTransactions ?? []) {
          if (!last.signedRenewalInfo || !last.originalTransactionId) continue;
          const r = await verified(ctx, () => verify.renewal(last.signedRenewalInfo!));
          if (r) renewals.set(last.originalTransactionId, r);
        }
      }
    }
    return batchFromHistory(credential.environment, txs, refunds, renewals);
  }

  async function* refresh(ids: { kind: string; value: string }[], ctx: SyncContext): SyncRun {
    const originals = new Set<string>();
    for (const id of ids) {
      if (id.kind === 'apple_order_id') {
        const r = await call('Look Up Order ID', () => client.lookUpOrderId(id.value), ctx);
        if (r.status !== 0) throw new DeskError('not_found', `Apple does not know the order ID ${id.value} (it is on the customer's Apple receipt email).`);
        for (const s of r.signedTransactions ?? []) {
          const t = await verified(ctx, () => verify.transaction(s));
          if (t) originals.add(t.originalTransactionId ?? t.transactionId ?? '');
        }
      } else if (id.kind === 'apple_original_transaction_id' || id.kind === 'apple_transaction_id') {
        originals.add(id.value);
      }
    }
    let done = 0;
    for (const o of originals) {
      if (!o) continue;
      const batch = await historyOf(o, ctx);
      ctx.progress({ phase: 'customer history', fetched: ++done, total: originals.size });
      yield batch;
    }
  }

  async function testConnection(): Promise<ConnectionReport> {
    const at = now();
    const days = HISTORY_DAYS[credential.environment];
    try {
      // One page over the whole retention: cheap, and it tells whether Apple has been
      // sending notifications at all (an empty history means no V2 URL is set).
      const page = await call('Get Notification History', () =>
        client.getNotificationHistory(null, { startDate: at - days * DAY + 60_000, endDate: at }),
      );
      const empty = !page.notificationHistory?.length;
      return {
        ok: true,
        mode: credential.environment,
        can: ['read notification history', 'read transaction and refund history', 'send consumption information'],
        missing: empty ? [`notifications: the history of the last ${days} days is empty (set an App Store Server Notifications V2 URL)`] : [],
        message: `Connected to the App Store Server API (${credential.environment}). ${empty ? emptyHistoryNotice(days) : NOTIFICATION_URL_NEEDED}`,
        testedAt: at,
      };
    } catch (e) {
      const err = e instanceof DeskError ? e : new DeskError('internal', String(e));
      return { ok: false, mode: credential.environment, can: [], missing: [], message: err.message, testedAt: at };
    }
  }

  async function sendConsumption(transactionId: string, a: ConsumptionAnswer): Promise<void> {
    const body: ConsumptionRequest = {
      customerConsented: a.customerConsented,
      deliveryStatus: a.deliveryStatus,
      sampleContentProvided: a.sampleContentProvided,
    };
    // Apple's consumptionPercentage is in milliunits: 100000 = everything consumed.
    if (a.consumedPercent != null) body.consumptionPercentage = Math.round(a.consumedPercent * 1000);
    if (a.refundPreference) body.refundPreference = a.refundPreference;
    await call('Send Consumption Information', () => client.sendConsumptionInformation(transactionId, body));
  }

  return {
    store: 'apple',
    account,
    capabilities: appleCapabilities,
    testConnection,
    sync,
    refresh,
    sendConsumption,
  };
}
