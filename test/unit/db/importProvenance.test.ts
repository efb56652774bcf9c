// Issue 12: an imported .rdexport may add history for reading, but can never create,
// change or unblock a purchase or payment that a refund would act on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitImport } from '../../../src-main/db/import/index';
import { ingest } from '../../../src-main/db/ingest';
import { openDispute, paymentByKey, refundedMinor, refundsOfPayment } from '../../../src-main/db/ledger';
import { tempDb, type TempDb } from '../../support/db';
import { purchase } from '../../support/batches';
import { dis, eventOf, pay } from '../../support/ledgerWorld';
import { eventRecords, purchaseByKey } from '../../support/read';

let t: TempDb | undefined;
afterEach(() => t?.close());

const hint = { appUserId: 'mallory', ids: [] };

function exportFile(dir: string, lines: unknown[]): string {
  const file = join(dir, 'crafted.rdexport');
  const header = { format: 'refund-desk-export', version: 1, exportedAt: 1, scope: 'workspace' };
  writeFileSync(file, [header, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('importing the console export', () => {
  it('cannot overwrite a synced purchase, lift its open dispute, or add a refund the store would trust', async () => {
    t = tempDb();
    const p = purchase('stripe', 'pi_J', { kind: 'one_time', priceMinor: 2999, productId: 'lifetime_unlock', customer: { appUserId: 'jane', ids: [] } });
    ingest(t.db, { purchases: [p], events: [eventOf(pay('stripe', 'pi_J', 'pi_J', { amountMinor: 2999 }), 'sync', 1), eventOf(dis('stripe', 'pi_J', 'pi_J', 'dp_1'), 'sync', 2)] });
    const file = exportFile(t.dir, [
      { t: 'purchase', store: 'stripe', storeKey: 'pi_J', productId: 'cheap', kind: 'one_time', environment: 'sandbox', purchasedAt: 1, priceMinor: 1, currency: 'USD', customer: hint },
      { t: 'event', purchaseKey: 'pi_J', store: 'stripe', type: 'dispute_won', occurredAt: 5000, source: 'store_api', dedupeKey: 'x1', orderId: 'pi_J', detail: { storeRef: 'dp_1', status: 'won' } },
      { t: 'event', purchaseKey: 'pi_J', store: 'stripe', type: 'refund', occurredAt: 5000, source: 'store_api', dedupeKey: 'x2', amountMinor: 2999, currency: 'USD', orderId: 'pi_J', detail: { storeRef: 're_fake', status: 'succeeded', refundKind: 'full' } },
      // a "purchase" naming some store payment the console never synced
      { t: 'purchase', store: 'stripe', storeKey: 'pi_SOMEONE', productId: 'p', kind: 'one_time', environment: 'production', purchasedAt: 1, priceMinor: 99900, currency: 'USD', customer: hint },
      { t: 'event', purchaseKey: 'pi_SOMEONE', store: 'stripe', type: 'purchase', occurredAt: 10, source: 'store_api', dedupeKey: 'x3', amountMinor: 99900, currency: 'USD', orderId: 'pi_SOMEONE' },
    ]);
    const r = await commitImport(t.db, file);
    expect(r.errorCount).toBe(0);
    expect((({ product_id, environment, price_minor, imported }) => ({ product_id, environment, price_minor, imported }))(purchaseByKey(t.db, 'pi_J'))).toEqual({
      product_id: 'lifetime_unlock',
      environment: 'production',
      price_minor: 2999,
      imported: 0,
    });
    expect(openDispute(t.db, { store: 'stripe', paymentKey: 'pi_J' })?.status).toBe('needs_response');
    const payment = paymentByKey(t.db, 'stripe', 'pi_J')!;
    expect(refundsOfPayment(t.db, payment).map((x) => [x.refundKey, x.source])).toEqual([['re_fake', 'import']]);
    expect(refundedMinor(t.db, payment, { storeOnly: true })).toBe(0);
    expect(purchaseByKey(t.db, 'pi_SOMEONE').imported).toBe(1);
    expect(paymentByKey(t.db, 'stripe', 'pi_SOMEONE')).toMatchObject({ source: 'import', storeSourced: false });
    // every imported line is the import's word on the timeline too
    expect([...new Set(eventRecords(t.db, { customerId: purchaseByKey(t.db, 'pi_SOMEONE').customer_id }).map((e) => e.source))]).toEqual(['import']);
  });

  it('a store sync of a purchase only an import knew takes it over', async () => {
    t = tempDb();
    const file = exportFile(t.dir, [{ t: 'purchase', store: 'stripe', storeKey: 'pi_K', productId: 'p', kind: 'one_time', environment: 'production', purchasedAt: 1, priceMinor: 5, currency: 'USD', customer: hint }]);
    await commitImport(t.db, file);
    ingest(t.db, { purchases: [purchase('stripe', 'pi_K', { kind: 'one_time', priceMinor: 700 })], events: [] });
    expect((({ price_minor, imported }) => ({ price_minor, imported }))(purchaseByKey(t.db, 'pi_K'))).toEqual({ price_minor: 700, imported: 0 });
  });
});
