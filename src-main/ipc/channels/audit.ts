// The audit log: every refund attempt and outcome, consumption answer, credential
// change and merge. Read-only over IPC: filter, and export to a CSV file that the
// agent picked in main's save dialog (the path never comes from the renderer alone).
import { z } from 'zod';
import { channel } from '../define';

export interface AuditEntryDto {
  id: number;
  at: number;
  agent: { osUser: string; name: string | null };
  action: string;
  target: string | null;
  result: string;
  /** Short words from the entry's detail (never secrets). */
  detail: string | null;
  /** The money the entry is about, when main reads it from the entry (else the UI reads `detail`). */
  amountMinor?: number | null;
  currency?: string | null;
  /** The customer the entry's payment belongs to, when main resolves it. */
  customer?: { id: number; label: string } | null;
}

export const auditFilterSchema = z.strictObject({
  action: z.string().max(100).optional(),
  agent: z.string().max(200).optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  text: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
  /** Keyset: entries older than this ID. */
  beforeId: z.number().int().positive().optional(),
});
export type AuditFilterDto = z.output<typeof auditFilterSchema>;

export const auditChannels = {
  'audit:list': channel<{ entries: AuditEntryDto[]; nextBeforeId: number | null }>()(auditFilterSchema),
  'audit:exportCsv': channel<{ file: string; rows: number } | { cancelled: true }>()(
    z.strictObject({ filter: auditFilterSchema.optional() }),
  ),
};

export const auditEvents = {};
