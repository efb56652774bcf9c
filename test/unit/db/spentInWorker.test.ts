// customers:get with the spent sums read in the read worker (services.ts, issue 20: a
// customer with 100,000 renewals held main 5 ms and more for them) answers exactly what the
// same handler reading them in this thread answers.
import { afterEach, describe, expect, it } from 'vitest';
import { createCacheHandlers } from '../../../src-main/customers/handlers';
import { ingest } from '../../../src-main/db/ingest';
import { heavyCustomerBatches } from '../../../src-main/demo/large';
import { createDbWorkerRunner } from '../../../src-main/worker/runner';
import { handlerContext } from '../../support/contexts';
import { tempDb, type TempDb } from '../../support/db';

let t: TempDb | undefined;
afterEach(() => t?.close());

describe('customers:get, spent read in the worker', () => {
  it('gives the same customer, purchases and summary as the read in this thread', async () => {
    t = tempDb();
    const now = Date.UTC(2026, 5, 1);
    for (const batch of heavyCustomerBatches({ events: 3_000, now })) ingest(t.db, batch, now);
    const customerId = t.db.prepare("SELECT id FROM customers WHERE app_user_id = 'user_heavy_100k'").pluck().get() as number;
    const ctx = handlerContext();
    const here = await createCacheHandlers({ db: t.db, userDataDir: t.dir })['customers:get']({ customerId }, ctx);
    const reads = createDbWorkerRunner({ name: 'Search', timeoutMs: 10_000 });
    try {
      const db = t.db;
      const handlers = createCacheHandlers({ db, userDataDir: t.dir, spentOf: (id) => reads.run(db, 'paidByCurrency', { customerId: id }) });
      const there = await handlers['customers:get']({ customerId }, ctx);
      expect(there).toEqual(here);
      expect(there.summary.spent).toEqual([{ currency: 'USD', amountMinor: expect.any(Number) as number }]);
      expect(there.summary.spent[0]!.amountMinor).toBeGreaterThan(99 * 2_900);
    } finally {
      await reads.close();
    }
  });
});
