// RevenueCat's documented event types (test/support/rcEvents.ts, written from its event
// reference) through import, in every file shape, each timeline row checked against its payload.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitImport, validateImport } from '../../../../src-main/db/import';
import { customerByIdentifier } from '../../../../src-main/db/ids';
import { customerHeader } from '../../../../src-main/db/customers';
import { timelinePage } from '../../../../src-main/db/timeline';
import { tempDb, type TempDb } from '../../../support/db';
import { RC_DOCUMENTED, RC_NOT_A_PURCHASE } from '../../../support/rcEvents';
import { eventCount, eventRecords, purchaseByKey, purchases as allPurchases } from '../../../support/read';

let t: TempDb | undefined;
afterEach(() => t?.close());

type Name = keyof typeof RC_DOCUMENTED;
const NAMES = Object.keys(RC_DOCUMENTED) as Name[];
const bodies = NAMES.map((n) => RC_DOCUMENTED[n]);
const ev = (n: Name) => RC_DOCUMENTED[n].event as Record<string, unknown> & { id: string; event_timestamp_ms: number };
const IMPORTED = NAMES.filter((n) => !(RC_NOT_A_PURCHASE as readonly string[]).includes(n) && n !== 'TRANSFER_UNKNOWN');

const SHAPES: Record<string, (b: unknown[]) => string> = {
  'a JSON array': (b) => JSON.stringify(b),
  'a pretty-printed JSON array': (b) => JSON.stringify(b, null, 2),
  'one object per line': (b) => b.map((x) => JSON.stringify(x)).join('\n') + '\n',
  'pretty-printed objects one after another': (b) => b.map((x) => JSON.stringify(x, null, 4)).join('\n'),
  'compact objects one after another': (b) => b.map((x) => JSON.stringify(x)).join(''),
};

function write(t: TempDb, name: string, text: string): string {
  const file = join(t.dir, name);
  writeFileSync(file, text);
  return file;
}

interface EventRow {
  type: string;
  store: string | null;
  occurred_at: number;
  amount_minor: number | null;
  currency: string | null;
  source: string;
  detail: string | null;
}
function row(t: TempDb, dedupeKey: string): (EventRow & { d: Record<string, unknown> }) | undefined {
  const r: EventRow | undefined = eventRecords(t.db).find((e) => e.dedupe_key === dedupeKey);
  return r && { ...r, d: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : {} };
}
// without the row IDs: the same purchases imported into another workspace in another order
const purchases = (t: TempDb) =>
  allPurchases(t.db)
    .map(({ id: _id, customer_id: _customer, ...p }) => p)
    .sort((a, b) => a.store.localeCompare(b.store) || a.store_key.localeCompare(b.store_key));

describe('RevenueCat import: file shapes', () => {
  for (const [shape, render] of Object.entries(SHAPES)) {
    it(`reads ${shape}: every documented type, the non-purchases counted apart`, async () => {
      t = tempDb();
      const r = await validateImport(write(t, 'history.json', render(bodies)));
      expect(r).toMatchObject({ format: 'revenuecat', fileError: null, errorCount: 0, records: bodies.length });
      expect(r.valid).toBe(bodies.length - RC_NOT_A_PURCHASE.length);
      expect(r.notImportedLines.map((l) => l.reason).sort()).toEqual(RC_NOT_A_PURCHASE.map((ty) => `not imported: ${ty} is not a store purchase`).sort());
    });
  }

  it('reads one pretty-printed webhook body per file, as RevenueCat shows them, for every type', async () => {
    t = tempDb();
    for (const n of NAMES) {
      const r = await validateImport(write(t, `${n}.json`, JSON.stringify(RC_DOCUMENTED[n], null, 2)));
      const notPurchase = (RC_NOT_A_PURCHASE as readonly string[]).includes(n);
      expect({ n, records: r.records, valid: r.valid, errors: r.errors, notImported: r.notImported }).toEqual({
        n,
        records: 1,
        valid: notPurchase ? 0 : 1,
        errors: [],
        notImported: notPurchase ? 1 : 0,
      });
    }
  });

  it('reads a file of mixed shapes: lines, pretty-printed bodies, concatenated ones, a cut line reported and read past', async () => {
    t = tempDb();
    const [a, b, c, d, e, f] = bodies;
    const text = [
      JSON.stringify(a),
      JSON.stringify(b, null, 2),
      JSON.stringify(c).slice(0, 120), // cut short: reported, and reading goes on at the next line
      JSON.stringify(d) + JSON.stringify(e),
      JSON.stringify(f, null, '\t'),
    ].join('\n');
    const r = await validateImport(write(t, 'mixed.json', text));
    const bLines = JSON.stringify(b, null, 2).split('\n').length;
    expect(r).toMatchObject({ fileError: null, records: 6, valid: 5, errorCount: 1 });
    expect(r.errors).toEqual([{ line: 2 + bLines, reason: 'invalid or truncated JSON: the record ends before it is closed' }]);
  });

  it('reports a file it cannot read in one plain sentence', async () => {
    t = tempDb();
    const csv = await validateImport(write(t, 'export.csv', 'id,type,app_user_id\n1,RENEWAL,cust-42\n2,RENEWAL,cust-42\n'));
    expect(csv.fileError).toMatch(/^This file is not JSON \(it begins “id,type,app_user_id/);
    expect(csv).toMatchObject({ valid: 0, errorCount: 0 });
    const empty = await validateImport(write(t, 'empty.json', '\n\n  \n'));
    expect(empty.fileError).toBe('The file holds no events: it is empty or only blank lines.');
    const other = await validateImport(write(t, 'orders.json', JSON.stringify([{ order: 1 }, { order: 2 }, { order: 3 }])));
    expect(other.fileError).toMatch(/^This file is JSON, but none of its records is a RevenueCat webhook body/);
    expect(other.errorCount).toBe(3);
    await expect(commitImport(t.db, join(t.dir, 'export.csv'))).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/not JSON/) });
  });
});

describe('RevenueCat import: each type has its own meaning', () => {
  it.each(Object.keys(SHAPES))('writes each timeline row as its payload says, from %s', async (shape) => {
    t = tempDb();
    const r = await commitImport(t.db, write(t, 'history.json', SHAPES[shape]!(bodies)), undefined, ev('RENEWAL_YEARLY').event_timestamp_ms + 1000);
    expect(r).toMatchObject({ errorCount: 0, notImported: RC_NOT_A_PURCHASE.length + 1 });
    expect(r.inserted).toBe(IMPORTED.length);
    // a transfer to a user nobody knows is reported, not silently dropped
    expect(r.notImportedLines).toContainEqual({ line: expect.any(Number), reason: 'not imported: transfer to cust-nobody, a user this workspace does not know' });

    // A row that tells money is written from its ledger row, under the ledger's key (DESIGN §3):
    // an Apple payment and its refund by the transaction ID, a Play payment by the order ID, a
    // Stripe one by the PaymentIntent; RevenueCat gives no Stripe refund ID, so the import's own.
    const tx = (n: Name) => ev(n)['transaction_id'] as string;
    const ledgerKey: Partial<Record<Name, string>> = {
      INITIAL_PURCHASE: `ledger:payment:apple:${tx('INITIAL_PURCHASE')}:paid`,
      RENEWAL: `ledger:payment:apple:${tx('RENEWAL')}:paid`,
      REFUND_REVERSED: `ledger:refund:apple:${tx('REFUND_REVERSED')}:reversed`,
      RENEWAL_YEARLY: `ledger:payment:apple:${tx('RENEWAL_YEARLY')}:paid`,
      PLAY_PURCHASE: `ledger:payment:google:${tx('PLAY_PURCHASE')}:paid`,
      NON_RENEWING_PURCHASE: `ledger:payment:stripe:${tx('NON_RENEWING_PURCHASE')}:paid`,
      CANCELLATION_REFUND: `ledger:refund:stripe:${tx('CANCELLATION_REFUND')}#import:succeeded`,
    };
    const keyOf = (n: Name) => ledgerKey[n] ?? `rc:${ev(n).id}`;
    const expected: Record<string, Partial<EventRow> & { d?: Record<string, unknown> }> = {
      INITIAL_PURCHASE: { type: 'purchase', store: 'apple', occurred_at: ev('INITIAL_PURCHASE')['purchased_at_ms'] as number, amount_minor: 999, currency: 'USD' },
      RENEWAL: { type: 'renewal', occurred_at: ev('RENEWAL')['purchased_at_ms'] as number, amount_minor: 999 },
      CANCELLATION: { type: 'cancellation', amount_minor: null, d: { reason: 'UNSUBSCRIBE', summary: 'the customer turned off auto-renew' } },
      UNCANCELLATION: { type: 'renewal_enabled', amount_minor: null },
      PRODUCT_CHANGE: { type: 'product_change', amount_minor: null, d: { fromProduct: 'pro.monthly', toProduct: 'pro.yearly' } },
      BILLING_ISSUE: { type: 'grace_period', d: { graceUntil: ev('BILLING_ISSUE')['grace_period_expiration_at_ms'] } },
      EXPIRATION: { type: 'expiration', d: { reason: 'BILLING_ERROR' } },
      REFUND_REVERSED: { type: 'refund_reversed', amount_minor: 999, currency: 'USD' },
      RENEWAL_YEARLY: { type: 'renewal', occurred_at: ev('RENEWAL_YEARLY')['purchased_at_ms'] as number, amount_minor: 9999, d: { productId: 'pro.yearly' } },
      PLAY_PURCHASE: { type: 'purchase', store: 'google', occurred_at: ev('PLAY_PURCHASE')['purchased_at_ms'] as number, amount_minor: 499, currency: 'EUR' },
      SUBSCRIPTION_PAUSED: { type: 'subscription_paused', store: 'google', amount_minor: null, d: { autoResumeAt: ev('SUBSCRIPTION_PAUSED')['auto_resume_at_ms'] } },
      SUBSCRIPTION_EXTENDED: {
        type: 'subscription_extended',
        occurred_at: ev('SUBSCRIPTION_EXTENDED').event_timestamp_ms,
        amount_minor: null,
        d: { expiresAt: ev('SUBSCRIPTION_EXTENDED')['expiration_at_ms'] },
      },
      TEMPORARY_ENTITLEMENT_GRANT: { type: 'entitlement_granted', amount_minor: null },
      NON_RENEWING_PURCHASE: { type: 'purchase', store: 'stripe', occurred_at: ev('NON_RENEWING_PURCHASE')['purchased_at_ms'] as number, amount_minor: 4900, currency: 'USD' },
      CANCELLATION_REFUND: { type: 'refund', amount_minor: 4900, d: { refundKind: 'full', reason: 'CUSTOMER_SUPPORT' } },
      // TRANSFER names no store: the row says none (it used to read "Stripe")
      TRANSFER: { type: 'transfer', store: null, occurred_at: ev('TRANSFER').event_timestamp_ms },
    };
    for (const n of IMPORTED) {
      const got = row(t, keyOf(n));
      const { d, ...cols } = expected[n]!;
      expect({ n, ...got }).toMatchObject({ n, source: 'import', occurred_at: cols.occurred_at ?? ev(n).event_timestamp_ms, ...cols, ...(d ? { d } : {}) });
    }
    // one row per imported event, each under its own key, and nothing else
    expect(new Set(IMPORTED.map(keyOf)).size).toBe(IMPORTED.length);
    expect(eventCount(t.db)).toBe(IMPORTED.length);
    for (const n of [...RC_NOT_A_PURCHASE, 'TRANSFER_UNKNOWN' as const]) expect(row(t, `rc:${ev(n).id}`)).toBeUndefined();

    // the Play subscription keeps its price: the extension and the grant carried 0.00 and no payment
    const play = (({ price_minor, currency, expires_at }) => ({ price_minor, currency, expires_at }))(purchaseByKey(t.db, 'GPA.3361-2288-4417-55120'));
    expect(play).toEqual({ price_minor: 499, currency: 'EUR', expires_at: ev('SUBSCRIPTION_EXTENDED')['expiration_at_ms'] });
    const granted = (({ price_minor }) => ({ price_minor }))(purchaseByKey(t.db, 'GPA.3361-2288-4417-99999'));
    expect(granted).toEqual({ price_minor: null });

    // the customer is "cust-42", not the anonymous ID RevenueCat lists first
    const customerId = customerByIdentifier(t.db, 'app_user_id', 'cust-42')!;
    expect(customerHeader(t.db, customerId).appUserId).toBe('cust-42');
    // the plan change and the yearly renewal do not rewrite the product of earlier rows
    const page = timelinePage(t.db, { customerId, order: 'oldest', limit: 100 });
    const product = (n: Name) => page.rows.find((x) => x.detail?.['productId'] !== undefined && row(t!, keyOf(n))?.occurred_at === x.occurredAt && x.type === row(t!, keyOf(n))?.type)?.productId;
    expect(product('INITIAL_PURCHASE')).toBe('pro.monthly');
    expect(product('RENEWAL')).toBe('pro.monthly');
    expect(product('PRODUCT_CHANGE')).toBe('pro.yearly');
    expect(product('RENEWAL_YEARLY')).toBe('pro.yearly');
    const appleSub = (({ product_id, price_minor, expires_at, state }) => ({ product_id, price_minor, expires_at, state }))(purchaseByKey(t.db, '430000123456780'));
    expect(appleSub).toEqual({ product_id: 'pro.yearly', price_minor: 9999, expires_at: ev('RENEWAL_YEARLY')['expiration_at_ms'], state: 'active' });
  });

  it('attaches import-sourced ledger facts: payments on paid events, refunds on refund rows', async () => {
    const { convertRcEvent, rcBodySchema } = await import('../../../../src-main/db/import/revenuecat');
    const conv = (n: Name) => convertRcEvent(rcBodySchema.parse(RC_DOCUMENTED[n]).event, RC_DOCUMENTED[n]);
    const paid = conv('RENEWAL');
    expect(paid.kind === 'purchase' && paid.event.ledger).toEqual({
      kind: 'payment',
      store: 'apple',
      paymentKey: ev('RENEWAL')['transaction_id'],
      purchaseKey: '430000123456780',
      status: 'paid',
      amountMinor: 999,
      currency: 'USD',
      paidAt: ev('RENEWAL')['purchased_at_ms'],
      periodStart: ev('RENEWAL')['purchased_at_ms'],
      periodEnd: ev('RENEWAL')['expiration_at_ms'],
      source: 'import',
      observedAt: ev('RENEWAL').event_timestamp_ms,
    });
    const reversed = conv('REFUND_REVERSED');
    expect(reversed.kind === 'purchase' && reversed.event.ledger).toMatchObject({ kind: 'refund', status: 'reversed', amountMinor: 999, source: 'import' });
    for (const n of ['SUBSCRIPTION_EXTENDED', 'TEMPORARY_ENTITLEMENT_GRANT', 'SUBSCRIPTION_PAUSED', 'PRODUCT_CHANGE'] as const) {
      const c = conv(n);
      expect(c.kind === 'purchase' && { ledger: c.event.ledger, price: c.purchase.priceMinor }).toEqual({ ledger: undefined, price: null });
    }
  });

  it('importing twice changes nothing; importing in reverse order gives the same purchases', async () => {
    t = tempDb();
    const now = ev('RENEWAL_YEARLY').event_timestamp_ms + 1000;
    const file = write(t, 'history.jsonl', SHAPES['one object per line']!(bodies));
    await commitImport(t.db, file, undefined, now);
    const events = () => eventRecords(t!.db);
    const once = { p: purchases(t), e: events() };
    const again = await commitImport(t.db, file, undefined, now);
    expect(again.inserted).toBe(0);
    expect({ p: purchases(t), e: events() }).toEqual(once);

    const other = tempDb();
    try {
      const reversed = write(other, 'reversed.json', JSON.stringify([...bodies].reverse()));
      await commitImport(other.db, reversed, undefined, now);
      expect(purchases(other)).toEqual(once.p);
      // and one event at a time, newest first, each in its own import
      const third = tempDb();
      try {
        for (const [i, b] of [...bodies].reverse().entries()) await commitImport(third.db, write(third, `e${i}.json`, JSON.stringify(b, null, 2)), undefined, now);
        expect(purchases(third)).toEqual(once.p);
      } finally {
        third.close();
      }
    } finally {
      other.close();
    }
  });
});
