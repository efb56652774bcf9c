// Finding a customer and reading their cached history (DESIGN §3), merging two customers
// and undoing it, agent notes. Pure TypeScript: the renderer imports these types.
import { z } from 'zod';
import type { DisputeStatus, LedgerSource, RefundStatus } from '../../domain/ledger';
import { channel } from '../define';
import { ENTITLEMENT_STATES, EVENT_TYPES, STORES, type EntitlementState, type EventType, type PurchaseKind, type Store } from '../vocabulary';

export interface CustomerHeaderDto {
  id: number;
  appUserId: string | null;
  email: string | null;
  displayName: string | null;
  /** Set when an agent merged this customer into another one. */
  mergedInto: number | null;
  createdAt: number;
  stores: Store[];
  /** The identifiers that find this customer (IdKind, or 'order_id'). */
  ids: { store: Store | null; kind: string; value: string }[];
}

export interface PurchaseDto {
  id: number;
  store: Store;
  storeKey: string;
  productId: string;
  kind: PurchaseKind;
  environment: string;
  purchasedAt: number;
  priceMinor: number | null;
  currency: string | null;
  expiresAt: number | null;
  autoRenew: boolean | null;
  ids: Record<string, string>;
  state: EntitlementState;
  stateUntil: number | null;
  stateReason: string | null;
  /** What the store allows for this purchase; filled by the refunds area (refunds:preview), null here. */
  capabilities: null;
  /** Refunded on this purchase's payments, per currency: succeeded refunds only (ledger). */
  refunded?: MoneyDto[];
  /** Refunds the store still holds as pending (or waiting for the customer), per currency. */
  pendingRefunds?: MoneyDto[];
}

export interface MoneyDto {
  currency: string;
  amountMinor: number;
}

export interface CustomerSummaryDto {
  spent: MoneyDto[];
  /** Succeeded refunds only, each counted once (ledger); pending, failed, canceled and reversed ones are not. */
  refunded: MoneyDto[];
  refundCount: number;
  /** Open disputes, inquiries (Stripe warning_*) included. */
  openDisputes: number;
  /** Of openDisputes, the inquiries: the bank asks, no money taken yet. */
  openInquiries?: number;
  /** Refunds the store still holds as pending, per currency. */
  pendingRefunds?: MoneyDto[];
  openRefundRequests: number;
  risk: { refundsOnSeveralStores: boolean; refundAfterConsumption: boolean; openDispute: boolean };
}

export interface CustomerDto {
  header: CustomerHeaderDto;
  purchases: PurchaseDto[];
  summary: CustomerSummaryDto;
}

export interface SearchHitDto {
  customer: CustomerHeaderDto;
  /** exact identifier, identifier prefix, or free text. */
  rank: 'exact' | 'prefix' | 'text';
  /** Which field matched (an IdKind, 'order_id' or 'display_name') and its value, for highlighting. */
  matchKind: string;
  matchValue: string;
}

export interface TimelineCursorDto {
  occurredAt: number;
  id: number;
}

export interface TimelineEventDto {
  id: number;
  purchaseId: number | null;
  store: Store | null;
  type: EventType;
  occurredAt: number;
  seenAt: number;
  source: string;
  amountMinor: number | null;
  currency: string | null;
  orderId: string | null;
  detail: Record<string, unknown> | null;
  productId: string | null;
  /**
   * For a refund or dispute event: the ledger row it tells of, with its CURRENT status
   * (a refund shown "pending" when it happened may have succeeded, failed or been reversed
   * since). Absent when the event names no ledger row.
   */
  ledgerKey?: string | null;
  ledgerStatus?: RefundStatus | DisputeStatus | null;
  ledgerSource?: LedgerSource | null;
  /** Whether the ledger counts this refund as money given back (succeeded, not a duplicate of another row). */
  ledgerCounts?: boolean | null;
}

export interface TimelinePageDto {
  rows: TimelineEventDto[];
  /** Pass back as `after` for the next page; null at the end. */
  next: TimelineCursorDto | null;
}

const id = z.number().int().positive();
const cursor = z.strictObject({ occurredAt: z.number().int(), id: z.number().int() });

export const customersChannels = {
  'customers:search': channel<{ hits: SearchHitDto[] }>()(
    z.strictObject({ query: z.string().max(500), limit: z.number().int().min(1).max(100).default(20) }),
  ),
  'customers:get': channel<CustomerDto>()(z.strictObject({ customerId: id })),
  'customers:timeline': channel<TimelinePageDto>()(
    z.strictObject({
      customerId: id,
      order: z.enum(['newest', 'oldest']).default('newest'),
      limit: z.number().int().min(1).max(1000).default(200),
      after: cursor.optional(),
      stores: z.array(z.enum(STORES)).max(STORES.length).optional(),
      types: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).optional(),
    }),
  ),
  /** One event's stored store payload, read on demand (the timeline rows leave it out). */
  'customers:event': channel<{ id: number; raw: unknown }>()(z.strictObject({ eventId: id })),
  'customers:recent': channel<{ customers: CustomerHeaderDto[] }>()(z.strictObject({})),
  'customers:list': channel<{ customers: CustomerHeaderDto[]; nextBeforeId: number | null }>()(
    z.strictObject({
      limit: z.number().int().min(1).max(200).default(50),
      store: z.enum(STORES).optional(),
      hasRefund: z.boolean().optional(),
      hasOpenDispute: z.boolean().optional(),
      state: z.enum(ENTITLEMENT_STATES).optional(),
      beforeId: id.optional(),
    }),
  ),
  'customers:merge': channel<{ mergeId: number; customer: CustomerHeaderDto }>()(
    z.strictObject({ fromCustomerId: id, intoCustomerId: id }),
  ),
  'customers:unmerge': channel<{ customer: CustomerHeaderDto; restoredFrom: number }>()(z.strictObject({ customerId: id })),
  'customers:addNote': channel<{ eventId: number }>()(
    z.strictObject({ customerId: id, text: z.string().trim().min(1).max(5000) }),
  ),
};
