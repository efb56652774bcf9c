// The refunds and audit channels through dispatch() (the one IPC wrapper): Apple and
// Amazon refused in main even when the renderer is bypassed; payloads parsed; audit
// filter and CSV export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../../support/db';
import { purchase, ev } from '../../support/batches';
import { ingest } from '../../../src-main/db/ingest';
import { appendAudit } from '../../../src-main/db/audit';
import { dispatch } from '../../../src-main/ipc/handle';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { createAuditHandlers } from '../../../src-main/audit/handlers';
import { createRefundHandlers } from '../../../src-main/refunds/handlers';
import { csvField } from '../../../src-main/db/csv';
import { AGENT, purchaseIdOf, service } from './fixtures';

let t: TempDb;
const ctx: HandlerContext = { agent: AGENT, emit: () => {} };
beforeEach(() => {
  t = tempDb();
  ingest(t.db, {
    purchases: [purchase('apple', '2000000123'), purchase('amazon', 'rcpt-1'), purchase('stripe', 'pi_x', { kind: 'one_time' })],
    events: [
      ev('apple', '2000000123', 'purchase', Date.now() - DAY, { amountMinor: 999, currency: 'USD', orderId: '2000000123' }),
      ev('amazon', 'rcpt-1', 'purchase', Date.now() - DAY, { amountMinor: 999, currency: 'USD', orderId: 'rcpt-1' }),
      ev('stripe', 'pi_x', 'purchase', Date.now() - DAY, { amountMinor: 999, currency: 'USD', orderId: 'pi_x' }),
    ],
  });
});
afterEach(() => t.close());
const DAY = 86_400_000;

describe('refunds over IPC', () => {
  it('Apple and Amazon: not_allowed_by_store with the store\u2019s procedure, nothing written but the audit', async () => {
    // every adapter "configured": the refusal must come from the store rule itself
    const h = service(t.db, {});
    const handlers = createRefundHandlers(h.service);
    for (const [store, key, words] of [
      ['apple', '2000000123', /reportaproblem\.apple\.com.*HT204084/],
      ['amazon', 'rcpt-1', /Amazon customer service/],
    ] as const) {
      const purchaseId = purchaseIdOf(t.db, store, key);
      const created = await dispatch('refunds:create', handlers['refunds:create'], { purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, ctx);
      expect(created.ok).toBe(false);
      if (created.ok) continue;
      expect(created.error.code).toBe('not_allowed_by_store');
      expect(created.error.message).toMatch(words);
      const preview = await dispatch('refunds:preview', handlers['refunds:preview'], { purchaseId }, ctx);
      expect(preview.ok ? null : preview.error.code).toBe('not_allowed_by_store');
    }
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM refund_intents').get()).toEqual({ n: 0 });
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'refund.refused'").get()).toEqual({ n: 2 });
  });

  it('payloads are parsed: unknown fields, a bad mode or a negative amount never reach the service', async () => {
    const handlers = createRefundHandlers(service(t.db, {}).service);
    const purchaseId = purchaseIdOf(t.db, 'stripe', 'pi_x');
    for (const bad of [
      { purchaseId, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer', store: 'google' },
      { purchaseId, mode: 'refund_everything', refundKind: 'full', reason: 'requested_by_customer' },
      { purchaseId, mode: 'refund', refundKind: 'partial', amountMinor: -5, reason: 'requested_by_customer' },
      { purchaseId, mode: 'refund', refundKind: 'full', reason: 'because' },
    ]) {
      const r = await dispatch('refunds:create', handlers['refunds:create'], bad, ctx);
      expect(r.ok ? null : r.error.code).toBe('invalid_input');
    }
    const status = await dispatch('refunds:status', handlers['refunds:status'], { intentId: 'ri_nope' }, ctx);
    expect(status.ok ? null : status.error.code).toBe('not_found');
    const noCred = await dispatch('refunds:create', handlers['refunds:create'], { purchaseId, mode: 'refund', refundKind: 'full', reason: 'duplicate' }, ctx);
    expect(noCred.ok ? null : noCred.error.code).toBe('not_configured');
  });
});

describe('audit over IPC', () => {
  it('filters by action prefix, agent, time and text; exports RFC 4180 CSV without secrets', async () => {
    const t0 = 1_800_000_000_000;
    appendAudit(t.db, { agent: AGENT, action: 'refund.succeeded', target: 'stripe:pi_1', result: 'ok', detail: { amountMinor: 500, note: 'said "thanks", twice\nline 2' } }, t0);
    appendAudit(t.db, { agent: { osUser: 'bob', name: '' }, action: 'credential.set', target: 'stripe', result: 'ok', detail: { secretKey: 'sk_test_SHOULD_NOT_LEAK', kind: 'secret_key' } }, t0 + 1000);
    appendAudit(t.db, { agent: AGENT, action: 'refund.failed', target: 'google:GPA.1', result: 'failed', detail: { message: '=cmd|calc' } }, t0 + 2000);
    let file = '';
    const handlers = createAuditHandlers(t.db, { chooseCsvFile: async () => (file = join(t.dir, 'audit.csv')) });
    const list = async (f: object) => {
      const r = await dispatch('audit:list', handlers['audit:list'], f, ctx);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.entries.map((e) => e.action);
    };
    expect(await list({ action: 'refund' })).toEqual(['refund.failed', 'refund.succeeded']);
    expect(await list({ agent: 'bob' })).toEqual(['credential.set']);
    expect(await list({ from: t0 + 500, to: t0 + 1500 })).toEqual(['credential.set']);
    expect(await list({ text: 'gpa.1' })).toEqual(['refund.failed']);
    expect(await list({ text: 'SHOULD_NOT' })).toEqual(['credential.set']); // stored detail is searched…
    const exported = await dispatch('audit:exportCsv', handlers['audit:exportCsv'], {}, ctx);
    expect(exported).toMatchObject({ ok: true, value: { rows: 3 } });
    const csv = readFileSync(file, 'utf8');
    expect(csv).not.toContain('sk_test'); // …but never shown or exported
    expect(csv).toContain('"amountMinor=500; note=said ""thanks"", twice\nline 2"');
    expect(csv).toContain(`${new Date(t0).toISOString()},jdoe,Jane,refund.succeeded,stripe:pi_1,ok,`);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFtime (UTC),os user,agent name,action,target,result,detail');
    expect(csvField('=cmd|calc')).toBe("'=cmd|calc");
  });
});
