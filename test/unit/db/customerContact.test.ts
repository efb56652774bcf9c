// A customer's email and name follow the store's newest word, by the time the store said it,
// in whatever order the facts arrive (Stripe customer.updated, a backfill read, a refresh).
import { afterEach, describe, expect, it } from 'vitest';
import { customerHeader } from '../../../src-main/db/customers';
import { ingest } from '../../../src-main/db/ingest';
import type { CustomerHint } from '../../../src-main/stores/types';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';

let t: TempDb | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});
const NOW = 1_800_000_000_000;
const hint = (asOf: number | undefined, email: string | null, displayName: string | null): CustomerHint => ({
  asOf,
  email,
  displayName,
  ids: [{ kind: 'stripe_customer', value: 'cus_1' }],
});

function after(hints: CustomerHint[]): { email: string | null; displayName: string | null } {
  t?.close();
  t = tempDb();
  // each hint on a purchase of its own and on the same one: both paths reach the customer
  hints.forEach((h, i) => ingest(t!.db, { purchases: [purchase('stripe', `sub_${i % 2}`, { customer: h })], events: [] }, NOW));
  const { email, displayName } = customerHeader(t.db, 1);
  return { email, displayName };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('customer email and name: the newest fact wins', () => {
  it('a newer email and name replace older ones, in any order', () => {
    const hints = [hint(1000, 'old@example.com', 'Bob'), hint(3000, 'robert@example.com', 'Robert'), hint(2000, 'mid@example.com', 'Rob')];
    for (const order of permutations(hints)) expect(after(order)).toEqual({ email: 'robert@example.com', displayName: 'Robert' });
  });

  it('each field follows its own newest fact; a fact that leaves a field out says nothing about it', () => {
    const hints = [hint(5000, 'a@example.com', null), hint(3000, 'b@example.com', 'Nadia'), hint(4000, null, 'Nadia M.')];
    for (const order of permutations(hints)) expect(after(order)).toEqual({ email: 'a@example.com', displayName: 'Nadia M.' });
  });

  it('a fact without a time (a store that does not date it) only fills what is empty', () => {
    for (const order of permutations([hint(undefined, 'x@example.com', 'X'), hint(2000, 'y@example.com', null)])) {
      expect(after(order)).toEqual({ email: 'y@example.com', displayName: 'X' });
    }
  });

  it('two facts of the same time settle the same way in either order', () => {
    const [a, b] = [hint(2000, 'a@example.com', 'A'), hint(2000, 'b@example.com', 'B')];
    expect(after([a, b])).toEqual(after([b, a]));
  });
});
