// The audit log in words: each entry's outcome (with "unknown" its own state, never shown
// as failed), the amount it moved (main sends it as data, with the customer), and its
// detail without raw codes (those stay in the expanded detail). Main's detail is "key=value; key=value".
import type { AuditEntryDto } from '../../../../src-main/ipc/contract';
import { formatMoney } from '../../format';
import { codeWords } from '../../words/codes';

export type Outcome = 'succeeded' | 'failed' | 'unknown' | 'refused' | 'requested' | 'done';
export const OUTCOME_LABEL: Record<Outcome, string> = {
  succeeded: 'Succeeded', failed: 'Failed', unknown: 'Unknown: checking with the store', refused: 'Refused before sending', requested: 'Requested', done: 'Done',
};

export function parseDetail(detail: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (detail ?? '').split('; ')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at)] = part.slice(at + 1);
  }
  return out;
}

export function outcomeOf(e: Pick<AuditEntryDto, 'action' | 'result'>): Outcome {
  if (e.action.endsWith('.unknown')) return 'unknown';
  if (e.action.endsWith('.requested')) return 'requested';
  if (e.action.endsWith('.refused') || e.result === 'refused') return 'refused';
  if (e.action.endsWith('.succeeded')) return 'succeeded';
  if (e.result === 'failed' || e.action.endsWith('.failed')) return 'failed';
  return 'done';
}

/** The entry's amount in the agent's locale; main reads it from the entry or its refund intent. */
export function amountOf(e: Pick<AuditEntryDto, 'amountMinor' | 'currency'>): string | null {
  return e.amountMinor != null && e.currency ? formatMoney(e.amountMinor, e.currency) : null;
}

const KEY_WORDS: Record<string, string> = {
  mode: 'mode', refundKind: 'kind', reason: 'reason', message: 'store said', code: 'code', via: 'via', storeRef: 'store reference', storeStatus: 'at the store',
};
const MODE: Record<string, string> = { refund: 'refund only', refund_and_revoke: 'refund and end access' };
// The refunded payment is the entry's target already; amount and currency have their own column.
const HIDDEN = new Set(['amountMinor', 'currency', 'intentId', 'refundedPaymentRef']);

/** The detail as a short sentence: words for codes, store IDs as they are, amounts in their own column. */
export function detailWords(detail: string | null): string {
  const d = parseDetail(detail);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (HIDDEN.has(k) || v === 'null' || v === '') continue;
    if (k === 'mode') parts.push(MODE[v] ?? v);
    else if (k === 'refundKind') parts.push(v === 'partial' ? 'partial' : v === 'prorated' ? 'prorated' : 'full');
    else if (k === 'storeRef' || k === 'message') parts.push(v);
    else if (k === 'via') parts.push(`via ${v}`);
    else parts.push(codeWords(v, k) ?? `${KEY_WORDS[k] ?? k} ${v}`);
  }
  return parts.join(' · ');
}
