// RVS answers → ledger facts. Bodies are validated with zod before use; Amazon documents
// two families of answers:
// - verifyReceiptId 1.0 (Appstore SDK IAP, "Receipt Verification Service for IAP apps":
//   receiptId, productType, productId, purchaseDate/cancelDate/renewalDate as epoch ms,
//   cancelReason, term "1 Month", termSku, testTransaction…);
// - the Appstore Billing Compatibility SDK's purchases.products.get (kind
//   "androidpublisher#productPurchase", purchaseToken, purchaseTimeMillis as a string of
//   epoch ms, purchaseState, cancelDate, cancelReason) and purchases.subscriptionsv2.get
//   (startTime and lineItems[].expiryTime as RFC 3339 times; the token is not in the body).
// Anything else is refused for that receipt with words, never written half-read.
import { z } from 'zod';
import type { AmazonCredential } from '../../secrets/credentials';
import type { SyncContext } from '../adapter';
import type { EventInput, IngestBatch, PurchaseInput } from '../types';

const ms = z.number().int().nonnegative();
const msOrNull = ms.nullish();

const verifyReceiptBody = z
  .object({
    receiptId: z.string().min(1),
    productType: z.string().min(1),
    productId: z.string().min(1),
    purchaseDate: msOrNull,
    renewalDate: msOrNull,
    cancelDate: msOrNull,
    cancelReason: z.number().int().nullish(),
    testTransaction: z.boolean().nullish(),
    betaProduct: z.boolean().nullish(),
    parentProductId: z.string().nullish(),
    quantity: z.number().int().nullish(),
    term: z.string().nullish(),
    termSku: z.string().nullish(),
    freeTrialEndDate: msOrNull,
    gracePeriodEndDate: msOrNull,
    autoRenewing: z.boolean().nullish(),
    deferredDate: msOrNull,
    deferredSku: z.string().nullish(),
  })
  .passthrough();

/** A verifyReceiptId response, as validated; dates are epoch ms, null when not applicable. */
export type RvsReceipt = z.output<typeof verifyReceiptBody>;

const msString = z.string().regex(/^\d{1,16}$/).transform(Number);

const productPurchaseBody = z
  .object({
    kind: z.literal('androidpublisher#productPurchase'),
    productId: z.string().min(1),
    productType: z.string().nullish(),
    purchaseToken: z.string().min(1),
    purchaseTimeMillis: msString,
    cancelDate: z.union([ms, msString]).nullish(),
    cancelReason: z.number().int().nullish(),
    quantity: z.number().int().nullish(),
    testTransaction: z.boolean().nullish(),
  })
  .passthrough();

const rfc3339 = z.string().datetime({ offset: true }).transform((s) => Date.parse(s));

const subscriptionV2Body = z
  .object({
    kind: z.literal('androidpublisher#subscriptionPurchaseV2'),
    startTime: rfc3339.nullish(),
    subscriptionState: z.string().nullish(),
    testPurchase: z.object({}).passthrough().nullish(),
    lineItems: z
      .array(
        z.object({ productId: z.string().min(1), expiryTime: rfc3339.nullish(), autoRenewingPlan: z.object({ autoRenewEnabled: z.boolean().nullish() }).passthrough().nullish() }).passthrough(),
      )
      .min(1),
  })
  .passthrough();

export type ParsedBody = { ok: true; receipt: RvsReceipt } | { ok: false; message: string };

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'body'}: ${i.message}` : 'unexpected body';
}

/** The RVS answer for `receiptId`, in the verifyReceiptId shape the mapping reads. */
export function parseRvsBody(body: unknown, receiptId: string): ParsedBody {
  const kind = body && typeof body === 'object' ? (body as { kind?: unknown }).kind : undefined;
  if (kind === 'androidpublisher#productPurchase') {
    const p = productPurchaseBody.safeParse(body);
    if (!p.success) return { ok: false, message: `Amazon's Billing Compatibility answer for this receipt cannot be read (${issue(p.error)}).` };
    const b = p.data;
    return {
      ok: true,
      receipt: {
        receiptId: b.purchaseToken,
        productType: b.productType ?? 'ENTITLED',
        productId: b.productId,
        purchaseDate: b.purchaseTimeMillis,
        cancelDate: b.cancelDate ?? null,
        cancelReason: b.cancelReason ?? null,
        quantity: b.quantity ?? null,
        testTransaction: b.testTransaction ?? false,
      },
    };
  }
  if (kind === 'androidpublisher#subscriptionPurchaseV2') {
    const p = subscriptionV2Body.safeParse(body);
    if (!p.success) return { ok: false, message: `Amazon's Billing Compatibility answer for this subscription cannot be read (${issue(p.error)}).` };
    const b = p.data;
    const line = b.lineItems[0]!;
    return {
      ok: true,
      receipt: {
        receiptId,
        productType: 'SUBSCRIPTION',
        productId: line.productId,
        purchaseDate: b.startTime ?? null,
        renewalDate: line.expiryTime ?? null,
        autoRenewing: line.autoRenewingPlan?.autoRenewEnabled ?? null,
        testTransaction: b.testPurchase != null,
      },
    };
  }
  const p = verifyReceiptBody.safeParse(body);
  if (!p.success) return { ok: false, message: `Amazon's answer for this receipt cannot be read (${issue(p.error)}); it was left out.` };
  return { ok: true, receipt: p.data };
}

/** Said wherever an Amazon cancellation is shown. */
export const AMAZON_REFUND_CAVEAT =
  'Amazon does not tell developers whether a cancellation came with a refund: a refund by Amazon customer service looks the same as a cancellation.';

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

