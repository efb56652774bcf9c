// The console's own export format: JSON lines. Line 1 is a header naming format and
// version; then a "purchase" line before the "event" lines of that purchase, and
// "customer_event" lines for events that belong to a customer (notes, transfers).
// Never secrets: credential tables are not exported. Read back, every line is an import.
import { z } from 'zod';
import { EVENT_SOURCES, EVENT_TYPES, ENVIRONMENTS, ID_KINDS, PURCHASE_KINDS, STORES } from '../../ipc/vocabulary';

export const EXPORT_FORMAT = 'refund-desk-export';
export const EXPORT_VERSION = 1;

export const exportHeaderSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  exportedAt: z.number().int(),
  scope: z.enum(['customer', 'workspace']),
});

const currency = z.string().regex(/^[A-Z]{3}$/);
const hint = z.object({
  appUserId: z.string().nullish(),
  email: z.string().nullish(),
  displayName: z.string().nullish(),
  ids: z.array(z.object({ kind: z.enum(ID_KINDS), value: z.string().min(1) })),
});

export const exportPurchaseSchema = z.object({
  t: z.literal('purchase'),
  store: z.enum(STORES),
  storeKey: z.string().min(1),
  productId: z.string(),
  kind: z.enum(PURCHASE_KINDS),
  environment: z.enum(ENVIRONMENTS),
  purchasedAt: z.number().int(),
  priceMinor: z.number().int().nullish(),
  currency: currency.nullish(),
  expiresAt: z.number().int().nullish(),
  autoRenew: z.boolean().nullish(),
  ids: z.record(z.string(), z.string()).optional(),
  customer: hint,
});

const eventFields = {
  store: z.enum(STORES).nullable(),
  type: z.enum(EVENT_TYPES),
  occurredAt: z.number().int(),
  source: z.enum(EVENT_SOURCES),
  dedupeKey: z.string().min(1),
  amountMinor: z.number().int().nullish(),
  currency: currency.nullish(),
  orderId: z.string().nullish(),
  detail: z.record(z.string(), z.unknown()).nullish(),
  raw: z.unknown().optional(),
};

/**
 * Whatever source an exported line claims, what it says is now an import (DESIGN §3
 * provenance): a file can add history for reading, never speak for a store. The source it
 * was exported with is kept in detail.exportedSource for the timeline.
 */
function asImported<T extends { source: string; detail?: Record<string, unknown> | null }>(e: T) {
  return { ...e, source: 'import' as const, detail: { ...(e.detail ?? {}), exportedSource: e.source } };
}

export const exportEventSchema = z.object({ t: z.literal('event'), purchaseKey: z.string().min(1), ...eventFields }).transform(asImported);
export const exportCustomerEventSchema = z.object({ t: z.literal('customer_event'), customer: hint, ...eventFields }).transform(asImported);

export const exportRecordSchema = z.discriminatedUnion('t', [exportPurchaseSchema, exportEventSchema, exportCustomerEventSchema]);
export type ExportRecord = z.infer<typeof exportRecordSchema>;
