// The shape of one store's profile (STORE_PROFILES, domain/profiles.ts): the store's rules
// that main and the renderer read. Pure TypeScript: no SQL, no SDKs.
import type { RefundKind, RefundMode, RefundReason } from './refunds';
import type { ReplyInput } from './replies';
import type { StoreDisplay } from './storeDisplay';
import type { PurchaseKind } from './vocabulary';

/** One refund the dialog offers: a mode and an amount kind, with its label. */
export interface RefundShape {
  mode: RefundMode;
  refundKind: RefundKind;
  label: string;
}

export interface StoreProfile {
  /** The table's key (a string here: the Store type is derived from the table's keys). */
  store: string;
  /** The store's name as the agent reads it. */
  name: string;
  /** Short name, badge colours, ID words and credential form fields: what the renderer shows (domain/storeDisplay.ts). */
  display: StoreDisplay;
  /**
   * The store's identifier kinds: what maps its purchases to a customer and what search
   * finds. `orderIds`: the kind of an event's order ID by its prefix, first match wins ('':
   * any); an order ID of no listed prefix is not recorded (it would name nothing searchable).
   */
  ids: { kinds: readonly string[]; orderIds: readonly (readonly [prefix: string, kind: string])[] };
  /**
   * The credential of a store that declares it here: named text fields, validated and kept
   * (OS keychain) by secrets/ without a line of its own. The four first stores keep their
   * bespoke credentials (secrets/credentials.ts) and leave this out.
   */
  credentialFields?: readonly CredentialField[];
  /** Whether a developer can refund this store's purchases from the console at all. */
  canRefund: boolean;
  refundModes: readonly RefundMode[];
  /** The agent may enter an amount below what remains (a partial refund). */
  partialAmounts: boolean;
  /** What the dialog offers per purchase kind, in its order; empty where the console cannot refund. */
  options: Readonly<Record<PurchaseKind, readonly RefundShape[]>>;
  /** Whole calendar years after the payment's time past which the store refuses; null: none documented. */
  maxRefundAgeYears: number | null;
  /** The reasons the dialog offers, and whether the store receives them. */
  reasons: { offered: readonly RefundReason[]; sentToStore: boolean; note: string };
  /** The purchase panel's one line, per purchase kind. */
  policyLine: Readonly<Record<PurchaseKind, string>>;
  /** The customer's own way to a refund, where the console cannot refund (also the refusal's words). */
  procedure: string | null;
  /** Pages the agent or the customer opens, in the order shown. */
  links: readonly { label: string; url: string }[];
  /** A reply the agent copies for the customer; null where the console refunds itself. */
  reply: ((p: ReplyInput) => string) | null;
  /** How refunds made elsewhere reach the cache, and what never does. */
  detection: { sees: readonly string[]; cannotSee: readonly string[] };
  /** The one thing about detection the agent must read beside the purchase; null when nothing. */
  caveat: string | null;
  /** Why "refund and revoke" of a subscription is off, or what to know beside it; null where it is never off. */
  revoke: {
    /** On a payment that is not the subscription's latest. */
    notLatest: string | null;
    /** Once the subscription has ended (revoked or expired). */
    ended: string | null;
    /** Shown beside the option. */
    warning: string | null;
  };
  /** Shown when a consumed item is refunded; null where the store takes it back itself or never refunds here. */
  consumedWarning: string | null;
  /** Where the rest of a partly refunded order can be refunded, for stores that refund whole orders only. */
  restRefundedIn: string | null;
  /** Entitlement facts of the store. */
  access: {
    /** A refund always ends access (Apple: REFUND revokes); elsewhere only a revoke does. */
    refundRevokes: boolean;
    /** How a refund that kept access reads on the purchase. */
    refundKeptWords: string;
    /** How a refund that ended access reads on the purchase. */
    refundRevokedWords: string;
    /** A cancellation may hide a refund the store never reports (Amazon RVS). */
    cancellationMayHideRefund: boolean;
    /** How long the store keeps retrying a failed renewal; past it the store has given up. */
    retryWindowDays: number;
  };
}

/** One field of a declared credential. */
export interface CredentialField {
  name: string;
  label: string;
  /** Never shown again once stored, and scrubbed from every store message. */
  secret: boolean;
  maxLength: number;
  /** What a valid value looks like; the message says so without quoting the value. */
  pattern?: RegExp;
  /** May be left empty (main stores it empty; the form does not ask for it). */
  optional?: boolean;
  /** A key file the agent picks or pastes (the form offers a file picker). */
  file?: boolean;
  placeholder?: string;
  hint?: string;
}

/** What a store that the console cannot refund offers: nothing, for every kind. */
export const NO_OPTIONS: Readonly<Record<PurchaseKind, readonly RefundShape[]>> = { subscription: [], one_time: [], consumable: [] };
