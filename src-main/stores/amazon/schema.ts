// RVS bodies validated before use. Amazon documents two families of answers:
// - verifyReceiptId 1.0 (Appstore SDK IAP, "Receipt Verification Service for IAP apps":
//   receiptId, productType, productId, purchaseDate/cancelDate/renewalDate as epoch ms,
//   cancelReason, term "1 Month", termSku, testTransaction…);
// - the Appstore Billing Compatibility SDK's purchases.products.get (kind
//   "androidpublisher#productPurchase", purchaseToken, purchaseTimeMillis as a string of
//   epoch ms, purchaseState, cancelDate, cancelReason) and purchases.subscriptionsv2.get
//   (startTime and lineItems[].expiryTime as RFC 3339 times; the token is not in the body).
// Anything else is refused for that receipt with words, never written half-read.
import { z } from 'zod';
import type { RvsReceipt } from './rvs';

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
  return { ok: true, receipt: p.data as RvsReceipt };
}
