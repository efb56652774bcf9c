// The Amazon Appstore adapter: RVS per known receipt. Amazon tells a developer only that
// a purchase was cancelled, never whether money went back.
import type { AmazonCredential } from '../../secrets/credentials';
import type { ConnectionReport, StoreAdapter, StoreCapabilities, SyncContext, SyncRun } from '../adapter';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';
import { RVS_BASE_URL, rvsUrl, verifyReceipt, type RvsReceipt } from './rvs';

/** Said wherever an Amazon cancellation is shown. */
export const AMAZON_REFUND_CAVEAT =
  'Amazon does not tell developers whether a cancellation came with a refund: a refund by Amazon customer service looks the same as a cancellation.';

export const amazonCapabilities: StoreCapabilities = {
  store: 'amazon',
  canRefund: false,
  refundModes: [],
  partialAmounts: false,
  maxRefundAgeDays: null,
  detection: ['Receipt Verification Service (cancelDate, cancelReason), per known receipt', AMAZON_REFUND_CAVEAT],
  customerProcedure:
    'Amazon does not let developers refund. The customer contacts Amazon customer service (amazon.com, Help → Contact Us); the subscription stays active to the end of the paid period.',
};

/**
 * RVS cancelReason codes, in words (Amazon's "Receipt Verification for Tiered
 * Subscriptions"): null, not cancelled; 0, reason not available yet (Amazon fills it in
 * later, so such a receipt is checked again); 1, the customer cancelled; 2, Amazon's
 * system cancelled (e.g. payment not completed in the grace period); 3, internal to
 * Amazon; 4, replaced by a new subscription (tier change). A refund by Amazon customer
 * service shows up as a cancellation too, so every code but 4 may hide one.
 */
export const CANCEL_REASONS: Record<number, { words: string; possibleRefund: boolean }> = {
  1: { words: 'cancelled by the customer (a refund by Amazon customer service looks the same)', possibleRefund: true },
  2: { words: 'cancelled by Amazon (for example, payment not completed in the grace period)', possibleRefund: true },
  3: { words: 'cancelled by Amazon (internal reason)', possibleRefund: true },
  4: { words: 'replaced by a new subscription (tier change)', possibleRefund: false },
};

export interface AmazonAdapterOptions {
  credential: AmazonCredential;
  baseUrl?: string;
  /** Receipts the cache knows (from import, or pasted into search). */
  knownReceipts: () => { receiptId: string; userId: string }[];
  fetchImpl?: typeof fetch;
  now?: () => number;
  batchSize?: number;
}

function kindOf(r: RvsReceipt): PurchaseInput['kind'] {
  if (r.productType === 'SUBSCRIPTION') return 'subscription';
  if (r.productType === 'CONSUMABLE') return 'consumable';
  return 'one_time';
}

export function mapReceipt(r: RvsReceipt, userId: string, env: AmazonCredential['environment'], ctx?: SyncContext): Omit<IngestBatch, 'cursor'> {
  const purchase: PurchaseInput = {
    store: 'amazon',
    storeKey: r.receiptId,
    productId: r.termSku ?? r.productId,
    kind: kindOf(r),
    environment: r.testTransaction ? 'sandbox' : env,
    purchasedAt: r.purchaseDate ?? 0,
    expiresAt: r.cancelDate ?? r.renewalDate ?? null,
    autoRenew: r.productType === 'SUBSCRIPTION' ? (r.cancelDate ? false : (r.autoRenewing ?? null)) : null,
    ids: { amazon_receipt_id: r.receiptId, amazon_user_id: userId },
    customer: { ids: [{ kind: 'amazon_user_id', value: userId }, { kind: 'amazon_receipt_id', value: r.receiptId }] },
  };
  const base = { store: 'amazon' as const, purchaseKey: r.receiptId, source: 'store_api' as const, orderId: r.receiptId };
  const events: EventInput[] = [];
  if (r.purchaseDate != null) {
    const trial = r.freeTrialEndDate != null && r.freeTrialEndDate > r.purchaseDate;
    // RVS `term` is the subscription's period in Amazon's words ("1 Month", "1 Week")
    const term = r.term ?? null;
    events.push({
      ...base,
      type: trial ? 'trial_started' : 'purchase',
      occurredAt: r.purchaseDate,
      dedupeKey: `amazon:purchase:${r.receiptId}`,
      detail: { detectedVia: 'amazon_rvs', quantity: r.quantity ?? null, term, termSku: r.termSku ?? null, ...(term ? { summary: `${term} subscription` } : {}) },
      raw: r,
    });
  }
  if (r.cancelDate != null) {
    const reason = r.cancelReason == null ? undefined : CANCEL_REASONS[r.cancelReason];
    if (!reason) {
      // Amazon fills cancelReason later; the receipt is checked again on the next sync.
      ctx?.notice(`Amazon receipt ${r.receiptId} was cancelled, but Amazon does not say why yet; it will be checked again.`);
    } else {
      events.push({
        ...base,
        type: 'cancellation',
        occurredAt: r.cancelDate,
        dedupeKey: `amazon:cancel:${r.receiptId}:${r.cancelDate}`,
        detail: {
          detectedVia: 'amazon_rvs',
          reason: reason.words,
          cancelReason: r.cancelReason,
          possibleRefund: reason.possibleRefund,
          summary: AMAZON_REFUND_CAVEAT,
        },
        raw: r,
      });
    }
  }
  return { purchases: [purchase], events };
}

export function createAmazonAdapter(opts: AmazonAdapterOptions): StoreAdapter {
  const { credential } = opts;
  const base = opts.baseUrl ?? RVS_BASE_URL;
  const f = opts.fetchImpl ?? fetch;
  const now = opts.now ?? Date.now;
  const account = `amazon:${credential.environment}`;
  const url = (userId: string, receiptId: string) => rvsUrl(base, credential.environment, credential.sharedSecret, userId, receiptId);

  async function* check(list: { receiptId: string; userId: string }[], ctx: SyncContext): SyncRun {
    const size = opts.batchSize ?? 50;
    let batch: Omit<IngestBatch, 'cursor'> = { purchases: [], events: [] };
    let done = 0;
    for (const k of list) {
      const out = await verifyReceipt(f, url(k.userId, k.receiptId), ctx.signal, k.receiptId);
      done++;
      if (out.ok) {
        const m = mapReceipt(out.receipt, k.userId, credential.environment, ctx);
        batch.purchases.push(...m.purchases);
        batch.events.push(...m.events);
      } else {
        ctx.notice(`Receipt ${k.receiptId}: ${out.message}`);
      }
      if (batch.purchases.length >= size) {
        ctx.progress({ phase: 'receipts', fetched: done, total: list.length });
        yield { ...batch, cursor: { account, value: null } };
        batch = { purchases: [], events: [] };
      }
    }
    ctx.progress({ phase: 'receipts', fetched: done, total: list.length });
    yield { ...batch, cursor: { account, value: null } };
  }

  return {
    store: 'amazon',
    capabilities: amazonCapabilities,
    // RVS has no change feed: every known receipt is checked on each run.
    sync: (_cursor, ctx) => check(opts.knownReceipts(), ctx),
    refresh(ids, ctx) {
      const known = opts.knownReceipts();
      const wanted = known.filter((k) => ids.some((i) => (i.kind === 'amazon_receipt_id' && i.value === k.receiptId) || (i.kind === 'amazon_user_id' && i.value === k.userId)));
      // A receipt pasted with its user (RVS needs both) is verified even when the cache has never seen it.
      const receiptId = ids.find((i) => i.kind === 'amazon_receipt_id')?.value;
      const userId = ids.find((i) => i.kind === 'amazon_user_id')?.value;
      if (receiptId && userId && !wanted.some((k) => k.receiptId === receiptId)) wanted.push({ receiptId, userId });
      return check(wanted, ctx);
    },
    async testConnection(): Promise<ConnectionReport> {
      const at = now();
      // A made-up receipt: 400/497 mean Amazon accepted the secret and rejected only the receipt.
      try {
        const out = await verifyReceipt(f, url('refund-desk-connection-test', 'refund-desk-connection-test'));
        const ok = out.ok || out.status === 400 || out.status === 497;
        // Amazon, RVS Cloud Sandbox: "the shared secret can be any non-empty string", so a
        // sandbox answer proves nothing about the secret.
        const sandbox = credential.environment === 'sandbox';
        return {
          ok,
          mode: credential.environment,
          can: ok ? ['verify receipts'] : [],
          missing: ok && sandbox ? ['shared secret not checked: the RVS Cloud Sandbox accepts any secret'] : [],
          message: !ok
            ? out.ok
              ? ''
              : out.message
            : sandbox
              ? 'The RVS Cloud Sandbox answered, but it accepts any shared secret, so this test cannot tell whether yours is right; production checks it.'
              : 'Amazon accepted the shared secret.',
          testedAt: at,
        };
      } catch (e) {
        return { ok: false, mode: credential.environment, can: [], missing: [], message: e instanceof Error ? e.message : String(e), testedAt: at };
      }
    },
  };
}
