// Fetching an ID that is not in the cache from its store (issue 8: "Pasting an ID that
// is not in the cache offers to fetch it from the store"). The classifier is pure so the
// renderer can name the store on the button before anything is sent.
import { z } from 'zod';
import { channel } from '../define';
import type { IdKind, Store } from '../vocabulary';
import type { CustomerHeaderDto } from './customers';

/** What a pasted text is, as far as a store lookup goes. */
export type LookupTarget =
  | {
      ok: true;
      store: Store;
      /** Identifiers handed to the store adapter's refresh. */
      ids: { kind: IdKind; value: string }[];
      /** The ID in words, for the button and messages ("Google order GPA.1234-…"). */
      label: string;
    }
  /** Recognised as a store's ID, but not enough to fetch (a lone Amazon ID). */
  | { ok: false; store: Store; message: string };

export interface LookupResultDto {
  store: Store;
  /** The customers the fetched purchases belong to, best match first. */
  customers: CustomerHeaderDto[];
  /** What happened, in words ("Fetched 1 purchase from Google Play."). */
  message: string;
}

const GOOGLE_ORDER = /^GPA\.\d{4}-\d{4}-\d{4}-\d{5}(\.\.\d+)?$/i;
const STRIPE_PREFIXES: Record<string, IdKind> = {
  cus: 'stripe_customer',
  pi: 'stripe_payment_intent',
  ch: 'stripe_charge',
  py: 'stripe_charge',
  sub: 'stripe_subscription',
  in: 'stripe_invoice',
};
const STRIPE_ID = /^(cus|pi|ch|py|sub|in)_[A-Za-z0-9]{6,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Apple transaction and original transaction IDs are decimal strings (15–16 digits today). */
const APPLE_TRANSACTION = /^\d{12,19}$/;
/** The order ID on Apple's receipt email: about ten upper-case letters and digits (e.g. MQ2GT6X8RZ). */
const APPLE_ORDER = /^(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{8,12}$/i;
/** Amazon user IDs are base64 (often "=" padded) or "amzn1.account.…"; receipt IDs base64 with ":n:n" suffixes. */
const AMAZON_LIKE = /^(amzn1\.[\w.-]+|[A-Za-z0-9+/_-]{16,}={0,2}(:\d+)*)$/;
/** Google purchase tokens are long opaque strings with a dot ("abcdefghijklmnopqrstuvwx.AO-J1Oy…"). */
const GOOGLE_TOKEN = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9._-]{16,}$/;

const short = (s: string) => (s.length > 24 ? `${s.slice(0, 20)}…` : s);

function single(s: string): LookupTarget | null {
  if (GOOGLE_ORDER.test(s)) {
    const v = `GPA${s.slice(3)}`;
    return { ok: true, store: 'google', ids: [{ kind: 'google_order_id', value: v }], label: `Google order ${v}` };
  }
  const stripe = STRIPE_ID.exec(s);
  if (stripe) return { ok: true, store: 'stripe', ids: [{ kind: STRIPE_PREFIXES[stripe[1]!]!, value: s }], label: `Stripe ${s}` };
  // Stripe's customer list filters on email case-sensitively: the text goes as pasted.
  if (EMAIL.test(s)) return { ok: true, store: 'stripe', ids: [{ kind: 'email', value: s }], label: `Stripe customers with ${s}` };
  if (APPLE_TRANSACTION.test(s)) {
    return { ok: true, store: 'apple', ids: [{ kind: 'apple_original_transaction_id', value: s }], label: `Apple transaction ${s}` };
  }
  if (APPLE_ORDER.test(s)) {
    const v = s.toUpperCase();
    return { ok: true, store: 'apple', ids: [{ kind: 'apple_order_id', value: v }], label: `Apple order ${v}` };
  }
  if (s.length >= 40 && GOOGLE_TOKEN.test(s) && !s.startsWith('amzn1.')) {
    return { ok: true, store: 'google', ids: [{ kind: 'google_purchase_token', value: s }], label: `Google purchase token ${short(s)}` };
  }
  if (AMAZON_LIKE.test(s)) {
    return {
      ok: false,
      store: 'amazon',
      message:
        "Amazon's Receipt Verification Service needs both the receipt ID and the user ID. Paste both, separated by a space: the receipt ID first, then the user ID.",
    };
  }
  return null;
}

/**
 * Which store a pasted text can be fetched from, and with which IDs; null when it does
 * not look like a store ID. Two tokens are an Amazon receipt ID and user ID (RVS needs both).
 */
export function classifyLookup(query: string): LookupTarget | null {
  const parts = query.trim().split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 1) return single(parts[0]!);
  if (parts.length === 2) {
    const [receipt, user] = parts as [string, string];
    if (AMAZON_LIKE.test(receipt) && AMAZON_LIKE.test(user) && !single(receipt)?.ok && !single(user)?.ok) {
      return {
        ok: true,
        store: 'amazon',
        ids: [
          { kind: 'amazon_receipt_id', value: receipt },
          { kind: 'amazon_user_id', value: user },
        ],
        label: `Amazon receipt ${short(receipt)}`,
      };
    }
  }
  return null;
}

export const lookupChannels = {
  /** Fetches one pasted ID from its store into the cache; offline and unconfigured stores are refused in words. */
  'lookup:fetch': channel<LookupResultDto>()(z.strictObject({ query: z.string().trim().min(1).max(2000) })),
};
