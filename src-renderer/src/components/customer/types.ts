// The customer shapes the renderer reads, as the cache declares them (src-main/db/customers.ts).
// Kept here until the customers channel lands in the contract; then these become
// re-exports of its DTOs.
import type { EntitlementState, PurchaseKind, Store } from '../../../../src-main/ipc/contract';
import type { TimelineEvent } from '../timeline/eventWords';

export interface CustomerHeaderView {
  id: number;
  appUserId: string | null;
  email: string | null;
  displayName: string | null;
  mergedInto: number | null;
  createdAt: number;
  stores: Store[];
  ids: { store: Store | null; kind: string; value: string }[];
}

export interface PurchaseView {
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
}

export interface MoneyView {
  currency: string;
  amountMinor: number;
}

export interface SummaryView {
  spent: MoneyView[];
  refunded: MoneyView[];
  refundCount: number;
  openDisputes: number;
  openRefundRequests: number;
  risk: { refundsOnSeveralStores: boolean; refundAfterConsumption: boolean; openDispute: boolean };
}

export interface CustomerView {
  header: CustomerHeaderView;
  purchases: PurchaseView[];
  summary: SummaryView;
}

export interface SearchHitView {
  customer: CustomerHeaderView;
  rank: 'exact' | 'prefix' | 'text';
  matchKind: string;
  matchValue: string;
}

export interface TimelineCursorView {
  occurredAt: number;
  id: number;
}

export interface TimelinePageView {
  rows: TimelineEvent[];
  next: TimelineCursorView | null;
}
