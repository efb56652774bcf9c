// Migration 013 (round 4): Insights caps a payment's refunds at what it took. Rows written
// before counted each refund alone, so the migration derives them all again; its triggers
// re-derive a payment's refunds when one of them goes or moves to another payment.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/db/connection';
import { summarizeLedgerRefunds } from '../../../src-main/db/insightsRefunds';
import { migrate, schemaVersion } from '../../../src-main/db/migrations';
import { type TempDb } from '../../support/db';
import { stripeWorkspaceAt } from '../../support/migrated';
import { refunded } from '../../support/ledgerFacts';

let t: TempDb | undefined;
afterEach(() => t?.close());

const at = (iso: string) => Date.parse(iso);
const base = { store: 'stripe' as const, purchaseKey: 'pi_1', paymentKey: 'pi_1', currency: 'USD', status: 'succeeded' as const };
const amounts = (db: Db) =>
  Object.fromEntries(
    (db.prepare('SELECT r.refund_key AS k, i.amount AS a FROM insights_refunds i JOIN refunds r ON r.id = i.refund_id').all() as { k: string; a: number }[]).map((r) => [r.k, r.a]),
  );

function workspaceAt12(): Db {
  t = stripeWorkspaceAt(12, 1000, [
    refunded({ ...base, key: 're_700', amountMinor: 700, at: at('2026-01-12T10:00:00Z') }),
    refunded({ ...base, key: 're_500', amountMinor: 500, at: at('2026-01-13T10:00:00Z') }),
  ]);
  // what the uncapped upkeep before 013 wrote: each refund alone
  t.db.prepare("UPDATE insights_refunds SET amount = 500 WHERE refund_id = (SELECT id FROM refunds WHERE refund_key = 're_500')").run();
  return t.db;
}

describe('migration 013', () => {
  it('derives the Insights rows again, capped at the payment', () => {
    const db = workspaceAt12();
    expect(amounts(db)).toEqual({ re_700: 700, re_500: 500 });
    migrate(db);
    expect(schemaVersion(db)).toBe(13);
    expect(amounts(db)).toEqual({ re_700: 700, re_500: 300 });
  });

  it('a refund that goes frees the cap for the refunds left', () => {
    const db = workspaceAt12();
    migrate(db);
    db.prepare("DELETE FROM refunds WHERE refund_key = 're_700'").run();
    summarizeLedgerRefunds(db);
    expect(amounts(db)).toEqual({ re_500: 500 });
  });

  it('a refund whose date moves past another gives the cap to the one now first', () => {
    const db = workspaceAt12();
    migrate(db);
    db.prepare("UPDATE refunds SET created_at = ? WHERE refund_key = 're_700'").run(at('2026-01-20T10:00:00Z'));
    summarizeLedgerRefunds(db);
    expect(amounts(db)).toEqual({ re_500: 500, re_700: 500 });
  });
});
