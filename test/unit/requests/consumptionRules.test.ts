// Apple's documented ConsumptionRequest rules (see test/servers/apple/consumption.ts): the
// test server answers HTTP 400 to a body that breaks one, as Apple does; main refuses such
// an answer with the rule in words before anything is sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import { migrate } from '../../../src-main/db/migrations';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { createAppleAdapter } from '../../../src-main/stores/apple';
import { createConsumptionService, syncRefundRequests } from '../../../src-main/refunds/consumption';
import { consumptionAnswerProblems, consumptionAnswerSchema, type ConsumptionAnswerDto } from '../../../src-main/ipc/channels/requests';
import { collect, ctx, makeWorld, subTx, type World } from '../../servers/apple/world';

const agent = { osUser: 'sam', name: 'Sam' };
const H = 3_600_000;
const coins = { transactionId: '3000', originalTransactionId: '3000', productId: 'coins.500', type: 'Consumable', price: 4990, currency: 'USD' };
const ok: ConsumptionAnswerDto = { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedPercent: null, refundPreference: null };

describe('consumptionAnswerProblems: Apple’s rules, one sentence each', () => {
  const sub = 'Auto-Renewable Subscription' as const;
  it.each([
    ['no consent', { ...ok, customerConsented: false }, 'Consumable', /only with the customer’s consent/],
    ['a percentage for an auto-renewable subscription', { ...ok, consumedPercent: 40 }, sub, /no consumption share for an auto-renewable subscription/],
    ['a percentage when the product type is unknown', { ...ok, consumedPercent: 40 }, null, /product type of this purchase is not known/],
    ['not delivered but consumed', { ...ok, deliveryStatus: 'UNDELIVERED_SERVER_OUTAGE', consumedPercent: 40 }, 'Consumable', /not delivered, Apple requires the consumed share to be 0 %/],
    ['prorated without a share', { ...ok, refundPreference: 'GRANT_PRORATED' }, 'Consumable', /more than 0 % and less than 100 %/],
    ['prorated at 0 %', { ...ok, refundPreference: 'GRANT_PRORATED', consumedPercent: 0 }, 'Non-Consumable', /more than 0 % and less than 100 %/],
    ['prorated at 100 %', { ...ok, refundPreference: 'GRANT_PRORATED', consumedPercent: 100 }, 'Non-Renewing Subscription', /more than 0 % and less than 100 %/],
    ['prorated for an auto-renewable subscription', { ...ok, refundPreference: 'GRANT_PRORATED' }, sub, /choose full, decline or no preference/],
  ] as const)('%s is refused', (_name, answer, type, reason) => {
    const problems = consumptionAnswerProblems(answer as ConsumptionAnswerDto, type);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(reason);
  });

  it.each([
    ['a subscription answer without a share', ok, sub],
    ['a consumable 25 % consumed, prorated', { ...ok, consumedPercent: 25, refundPreference: 'GRANT_PRORATED' }, 'Consumable'],
    ['prorated at 0.001 %, the lowest share inside (0, 100000) milliunits', { ...ok, consumedPercent: 0.001, refundPreference: 'GRANT_PRORATED' }, 'Consumable'],
    ['not delivered at 0 %', { ...ok, deliveryStatus: 'UNDELIVERED_OTHER', consumedPercent: 0 }, 'Non-Consumable'],
  ] as const)('%s is accepted', (_name, answer, type) => {
    expect(consumptionAnswerProblems(answer as ConsumptionAnswerDto, type)).toEqual([]);
    expect(consumptionAnswerSchema.safeParse(answer).success).toBe(true);
  });

  it('the schema takes Apple’s precision: thousandths of a percent, 0–100', () => {
    expect(consumptionAnswerSchema.safeParse({ ...ok, consumedPercent: 99.999 }).success).toBe(true);
    expect(consumptionAnswerSchema.safeParse({ ...ok, consumedPercent: 12.3456 }).success).toBe(false);
    expect(consumptionAnswerSchema.safeParse({ ...ok, consumedPercent: 100.5 }).success).toBe(false);
  });
});

describe('answering against the faithful server', () => {
  let w: World;
  let dir: string;
  let db: Db;
  let clock: number;
  let adapter: StoreAdapter;
  beforeEach(async () => {
    w = await makeWorld('production');
    dir = mkdtempSync(join(tmpdir(), 'rd-rules-'));
    db = openDatabase(join(dir, 'workspace.db'));
    migrate(db);
    clock = Date.now();
    adapter = createAppleAdapter({ ...w.adapterOptions(), now: () => clock });
  });
  afterEach(async () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await w.server.close();
  });

  async function request(tx: Record<string, unknown>) {
    const t = clock - 2 * H;
    w.notify(tx.type === 'Consumable' ? 'ONE_TIME_CHARGE' : 'SUBSCRIBED', tx.type === 'Consumable' ? null : 'INITIAL_BUY', { ...tx, purchaseDate: t - H }, { signedDate: t - H });
    w.notify('CONSUMPTION_REQUEST', null, { ...tx, purchaseDate: t - H }, { signedDate: t, consumptionRequestReason: 'UNINTENDED_PURCHASE' });
    for (const b of await collect(adapter.sync(null, ctx()))) ingest(db, b, clock);
    syncRefundRequests(db, clock);
    const s = createConsumptionService({ db, sendConsumption: (id, a) => adapter.consumption!.send(id, a), now: () => clock });
    return { s, req: s.list()[0]! };
  }

  it('Apple answers 400 to a percentage for an auto-renewable subscription; main refuses it first, with the rule, and sends nothing', async () => {
    const { s, req } = await request(subTx());
    expect(req.productType).toBe('Auto-Renewable Subscription');
    // the server is faithful: sent anyway, Apple refuses it
    await expect(adapter.consumption!.send(req.transactionId, { ...ok, consumedPercent: 40 })).rejects.toThrow(/ConsumptionPercentageAutoRenewableSubscriptionError/);
    await expect(s.answer(req.id, { ...ok, consumedPercent: 40 }, agent)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/auto-renewable/) });
    await expect(s.answer(req.id, { ...ok, refundPreference: 'GRANT_PRORATED' }, agent)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(w.server.consumption).toEqual([]);
    const done = await s.answer(req.id, { ...ok, refundPreference: 'GRANT_FULL' }, agent);
    expect(done.status).toBe('answered');
    expect(w.server.consumption[0]!.body).toEqual({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, refundPreference: 'GRANT_FULL' });
  });

  it('a consumable not delivered: a share other than 0 is refused; without one, 0 is sent as Apple asks', async () => {
    const { s, req } = await request(coins);
    const undelivered = { ...ok, deliveryStatus: 'UNDELIVERED_SERVER_OUTAGE' as const };
    await expect(adapter.consumption!.send(req.transactionId, { ...undelivered, consumedPercent: 30 })).rejects.toThrow(/not DELIVERED needs 0/);
    await expect(s.answer(req.id, { ...undelivered, consumedPercent: 30 }, agent)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/0 %/) });
    expect(w.server.consumption).toEqual([]);
    await s.answer(req.id, undelivered, agent);
    expect(w.server.consumption[0]!.body).toMatchObject({ deliveryStatus: 'UNDELIVERED_SERVER_OUTAGE', consumptionPercentage: 0 });
  });

  it('GRANT_PRORATED: 100 % refused by Apple and by main; 99.999 % goes out as 99999 milliunits', async () => {
    const { s, req } = await request(coins);
    await expect(adapter.consumption!.send(req.transactionId, { ...ok, refundPreference: 'GRANT_PRORATED', consumedPercent: 100 })).rejects.toThrow(/GRANT_PRORATED/);
    await expect(s.answer(req.id, { ...ok, refundPreference: 'GRANT_PRORATED', consumedPercent: 100 }, agent)).rejects.toMatchObject({ code: 'invalid_input' });
    await s.answer(req.id, { ...ok, refundPreference: 'GRANT_PRORATED', consumedPercent: 99.999 }, agent);
    expect(w.server.consumption[0]!.body).toMatchObject({ refundPreference: 'GRANT_PRORATED', consumptionPercentage: 99_999 });
  });
});
