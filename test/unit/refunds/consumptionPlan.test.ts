// Linking Apple's decision to a refund request runs after every Apple sync, once per request
// still without an outcome (expired ones stay so for good). Each must seek the events by the
// transaction's ID, not walk every event that has an order ID (the old plan: SCAN e USING
// INDEX events_order, twice per request). What it links is tested in consumption.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { LINK_OUTCOMES } from '../../../src-main/refunds/consumption';
import { tempDb, type TempDb } from '../../support/db';

let t: TempDb | undefined;
afterEach(() => t?.close());

describe('linking Apple refund decisions', () => {
  it('seeks the events of each request’s transaction, never scans them', () => {
    t = tempDb();
    // A query plan is the product's own promise here: no reader describes it.
    const plan = (t.db.prepare(`EXPLAIN QUERY PLAN ${LINK_OUTCOMES}`).all() as { detail: string }[]).map((r) => r.detail);
    const onEvents = plan.filter((d) => / e /.test(d));
    expect(onEvents).toHaveLength(2);
    for (const d of onEvents) expect(d).toMatch(/^SEARCH e USING INDEX events_order \(order_id=\?\)$/);
  });
});
