// The console's own refund outcome is a ledger fact like any other: keyed by its intent,
// on the payment the store refunded, with the store's status (pending stays pending).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerSummary } from '../../../src-main/db/customers';
import { ingest } from '../../../src-main/db/ingest';
import { refundsOfPurchase } from '../../../src-main/db/ledger';
import { timelinePage } from '../../../src-main/db/timeline';
import { readPurchaseFacts } from '../../../src-main/refunds/facts';
import { insertIntent } from '../../../src-main/refunds/intents';
import { planRefund, type PolicyEnv } from '../../../src-main/refunds/policy';
import { previewRefund } from '../../../src-main/refunds/preview';
import { recordSuccess } from '../../../src-main/refunds/record';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';
import { paid, refunded } from '../../support/ledgerFacts';
import { auditRecords, purchaseById, purchaseByKey } from '../../support/read';

const T0 = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
const env: PolicyEnv = { now: T0 + 5 * DAY, online: true, configured: true };
const AGENT = { osUser: 'ann', name: 'Ann' };
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

function seed(): number {
  const s = { store: 'stripe' as const, purchaseKey: 'pi_R' };
  ingest(t.db, {
    purchases: [purchase('stripe', 'pi_R', { kind: 'one_time', priceMinor: 4000, purchasedAt: T0, customer: { ids: [] } })],
    events: [paid({ ...s, key: 'pi_R', at: T0, amountMinor: 4000, currency: 'USD' })],
  });
  return purchaseByKey(t.db, 'pi_R').id;
}

function refundFromConsole(id: number, amountMinor: number, out: { storeRef: string | null; storeStatus?: 'pending' | 'succeeded'; refundedPaymentRef?: string }) {
  const plan = planRefund(readPurchaseFacts(t.db, id)!, { purchaseId: id, mode: 'refund', refundKind: 'partial', amountMinor, reason: 'requested_by_customer' }, env);
  const intent = insertIntent(t.db, plan, AGENT, `int-${amountMinor}`, env.now);
  recordSuccess(t.db, intent, { status: 'succeeded', amountMinor, ...out }, env.now + 1000, { via: 'create' });
  return intent;
}

describe('the console records its refund in the ledger', () => {
  it('a refund Stripe holds as pending stays pending: not counted, not refundable again, badge pending until Stripe settles it', () => {
    const id = seed();
    const intent = refundFromConsole(id, 1500, { storeRef: 're_R1', storeStatus: 'pending' });
    expect(refundsOfPurchase(t.db, id)).toEqual([
      expect.objectContaining({ refundKey: `intent:${intent.id}`, paymentKey: 'pi_R', status: 'pending', source: 'console', amountMinor: 1500, intentId: intent.id }),
    ]);
    const customer = purchaseById(t.db, id).customer_id;
    expect(customerSummary(t.db, customer)).toMatchObject({ refunded: [], refundCount: 0, pendingRefunds: [{ currency: 'USD', amountMinor: 1500 }] });
    expect(previewRefund(t.db, readPurchaseFacts(t.db, id)!, { purchaseId: id }, env).amounts).toMatchObject({ refundedMinor: 0, pendingMinor: 1500, remainingMinor: 2500 });
    const rows = () => timelinePage(t.db, { customerId: customer, order: 'newest', limit: 20 }).rows.filter((r) => r.type === 'refund');
    expect(rows().map((r) => [r.source, r.ledgerStatus])).toEqual([['console', 'pending']]);
    expect(rows()[0]!.detail).toMatchObject({ status: 'pending' });
    expect(JSON.parse(auditRecords(t.db, 'refund.succeeded')[0]!.detail!)).toMatchObject({ storeStatus: 'pending', storeRef: 're_R1' });

    // Stripe's events then say the same refund (re_R1) succeeded: counted once, the console's row shows it.
    ingest(t.db, { purchases: [], events: [refunded({ store: 'stripe', purchaseKey: 'pi_R', key: 're_R1', paymentKey: 'pi_R', at: env.now + DAY, createdAt: env.now, amountMinor: 1500, currency: 'USD', status: 'succeeded' })] });
    expect(customerSummary(t.db, customer)).toMatchObject({ refunded: [{ currency: 'USD', amountMinor: 1500 }], refundCount: 1, pendingRefunds: [] });
    expect(previewRefund(t.db, readPurchaseFacts(t.db, id)!, { purchaseId: id }, env).amounts).toMatchObject({ refundedMinor: 1500, pendingMinor: 0, remainingMinor: 2500 });
    expect(rows().every((r) => r.ledgerStatus === 'succeeded' && r.ledgerKey === 're_R1')).toBe(true);
  });

  it('lands on the payment the store actually refunded', () => {
    const id = seed();
    ingest(t.db, { purchases: [], events: [paid({ store: 'stripe', purchaseKey: 'pi_R', key: 'pi_R2', at: T0 + DAY, amountMinor: 4000, currency: 'USD' })] });
    const intent = refundFromConsole(id, 1000, { storeRef: 're_R9', refundedPaymentRef: 'pi_R' });
    expect(intent.paymentRef).toBe('pi_R2');
    expect(refundsOfPurchase(t.db, id)).toEqual([expect.objectContaining({ refundKey: `intent:${intent.id}`, paymentKey: 'pi_R', status: 'succeeded' })]);
    const f = readPurchaseFacts(t.db, id)!;
    expect(f.payments.map((p) => [p.ref, p.refundedMinor])).toEqual([['pi_R', 1000], ['pi_R2', 0]]);
  });
});
