// audit:list fills each entry's amount (minor units + currency) and customer as data: from
// the entry's detail, else from its refund intent (an "unknown" entry names only the
// intent), and the customer from the intent's purchase or the payment its target names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src-main/db/audit';
import { ingest } from '../../../src-main/db/ingest';
import { insertIntent } from '../../../src-main/refunds/intents';
import { listAudit } from '../../../src-main/refunds/audit';
import type { RefundPlan } from '../../../src-main/refunds/policy';
import { ev, purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { AGENT, purchaseIdOf } from './fixtures';

let t: TempDb;
const T0 = 1_800_000_000_000;
beforeEach(() => {
  t = tempDb();
  ingest(t.db, {
    purchases: [
      purchase('stripe', 'pi_Jane', { kind: 'one_time', priceMinor: 2999, purchasedAt: T0, customer: { email: 'jane@example.com', ids: [] } }),
      purchase('google', 'tok_Bob', { priceMinor: 1299, currency: 'EUR', purchasedAt: T0, customer: { email: 'bob@example.com', ids: [] } }),
    ],
    events: [
      ev('stripe', 'pi_Jane', 'purchase', T0, { amountMinor: 2999, currency: 'USD', orderId: 'pi_Jane' }),
      ev('google', 'tok_Bob', 'purchase', T0, { amountMinor: 1299, currency: 'EUR', orderId: 'GPA.1111-2222-3333-44444' }),
    ],
  });
});
afterEach(() => t.close());

function plan(purchaseId: number, over: Partial<RefundPlan>): RefundPlan {
  return {
    store: 'stripe', purchaseId, purchaseKey: 'pi_Jane', purchaseKind: 'one_time', paymentRef: 'pi_Jane', paidAt: T0, mode: 'refund', refundKind: 'partial',
    amountMinor: 500, currency: 'USD', reason: 'requested_by_customer', note: null, warnings: [], effect: '', ...over,
  };
}

describe('audit entries carry amount and customer as data', () => {
  it('reads the amount from the detail or from the intent, the customer from the intent or the target', () => {
    const jane = purchaseIdOf(t.db, 'stripe', 'pi_Jane');
    insertIntent(t.db, plan(jane, {}), AGENT, 'int_jane', T0 + 1);
    // requested: amount in its detail; unknown: only the intent ID (the amount comes from the intent)
    appendAudit(t.db, { agent: AGENT, action: 'refund.requested', target: 'stripe:pi_Jane', result: 'ok', detail: { intentId: 'int_jane', amountMinor: 500, currency: 'USD' } }, T0 + 2);
    appendAudit(t.db, { agent: AGENT, action: 'refund.unknown', target: 'stripe:pi_Jane', result: 'failed', detail: { intentId: 'int_jane', message: 'no answer' } }, T0 + 3);
    // a refusal names only the Google order: the customer comes from the ledger's payment
    appendAudit(t.db, { agent: AGENT, action: 'refund.refused', target: 'google:GPA.1111-2222-3333-44444', result: 'refused', detail: { code: 'offline' } }, T0 + 4);
    // nothing to resolve: no amount, no customer (the table shows "—", not a guess)
    appendAudit(t.db, { agent: AGENT, action: 'credential.set', target: 'stripe', result: 'ok', detail: { kind: 'secret_key' } }, T0 + 5);
    appendAudit(t.db, { agent: AGENT, action: 'refund.refused', target: 'stripe:pi_Unknown', result: 'refused', detail: { code: 'not_found' } }, T0 + 6);

    const byAction = listAudit(t.db).entries.map((e) => [e.action, e.target, e.amountMinor, e.currency, e.customer?.label ?? null]);
    expect(byAction).toEqual([
      ['refund.refused', 'stripe:pi_Unknown', null, null, null],
      ['credential.set', 'stripe', null, null, null],
      ['refund.refused', 'google:GPA.1111-2222-3333-44444', null, null, 'bob@example.com'],
      ['refund.unknown', 'stripe:pi_Jane', 500, 'USD', 'jane@example.com'],
      ['refund.requested', 'stripe:pi_Jane', 500, 'USD', 'jane@example.com'],
    ]);
    const janeId = listAudit(t.db).entries.at(-1)!.customer!.id;
    expect(listAudit(t.db, { action: 'refund.unknown' }).entries[0]!.customer).toEqual({ id: janeId, label: 'jane@example.com' });
  });
});
