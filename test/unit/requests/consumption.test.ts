// Apple refund requests end to end: sync a CONSUMPTION_REQUEST into a real SQLite file,
// answer it through the test App Store server, refuse after the deadline, link Apple's
// decision, and the requests:* IPC handlers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import { migrate } from '../../../src-main/db/migrations';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { createAppleAdapter } from '../../../src-main/stores/apple';
import { createConsumptionService, linkRequestOutcomes, syncRefundRequests } from '../../../src-main/refunds/consumption';
import { createRequestHandlers } from '../../../src-main/requests/handlers';
import { channels } from '../../../src-main/ipc/contract';
import { collect, ctx, makeWorld, type World } from '../../servers/apple/world';

const agent = { osUser: 'sam', name: 'Sam' };
const H = 3_600_000;
const coins = { transactionId: '3000', originalTransactionId: '3000', productId: 'coins.500', type: 'Consumable', price: 4990, currency: 'USD', appAccountToken: 'b7e9d2a4-1111-4222-8333-444455556666' };
const answer = { customerConsented: true, deliveryStatus: 'DELIVERED' as const, sampleContentProvided: false, consumedPercent: 25, refundPreference: 'DECLINE' as const };

let w: World;
let dir: string;
let db: Db;
let clock: number;
let adapter: StoreAdapter;

async function syncAll(): Promise<void> {
  for (const b of await collect(adapter.sync(null, ctx()))) ingest(db, b, clock);
  syncRefundRequests(db, clock);
}

beforeEach(async () => {
  w = await makeWorld('production');
  dir = mkdtempSync(join(tmpdir(), 'rd-requests-'));
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

function service() {
  return createConsumptionService({ db, sendConsumption: (id, a) => adapter.consumption!.send(id, a), now: () => clock });
}

describe('Apple refund requests', () => {
  it('a CONSUMPTION_REQUEST opens a request with a 12 h deadline; answering it sends Consumption Information v2, records timeline and audit', async () => {
    const t = clock - 2 * H;
    w.notify('ONE_TIME_CHARGE', null, { ...coins, purchaseDate: t - H }, { signedDate: t - H });
    w.notify('CONSUMPTION_REQUEST', null, { ...coins, purchaseDate: t - H }, { signedDate: t, consumptionRequestReason: 'UNINTENDED_PURCHASE' });
    await syncAll();
    const s = service();
    const [req] = s.list();
    expect(req).toMatchObject({ transactionId: '3000', requestedAt: t, deadlineAt: t + 12 * H, status: 'open', expired: false, reason: 'UNINTENDED_PURCHASE', productId: 'coins.500' });
    expect(s.summary()).toEqual({ open: 1, nextDeadlineAt: t + 12 * H });

    const answered = await s.answer(req!.id, answer, agent);
    expect(answered.status).toBe('answered');
    expect(w.server.consumption).toEqual([
      { transactionId: '3000', body: { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumptionPercentage: 25000, refundPreference: 'DECLINE' } },
    ]);
    const ev = db.prepare(`SELECT type, source, detail FROM events WHERE type = 'consumption_answered'`).all() as { type: string; source: string; detail: string }[];
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.detail)).toMatchObject({ refundPreference: 'DECLINE', agent: 'Sam' });
    const audit = db.prepare(`SELECT action, result, os_user FROM audit_log`).all();
    expect(audit).toEqual([{ action: 'apple.consumption_answer', result: 'ok', os_user: 'sam' }]);
    await expect(s.answer(req!.id, answer, agent)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('after the deadline: marked expired, refused with the reason, and nothing is sent to Apple', async () => {
    const t = clock - 13 * H;
    w.notify('ONE_TIME_CHARGE', null, { ...coins, purchaseDate: t - H }, { signedDate: t - H });
    w.notify('CONSUMPTION_REQUEST', null, { ...coins, purchaseDate: t - H }, { signedDate: t });
    await syncAll();
    const s = service();
    const [req] = s.list();
    expect(req).toMatchObject({ status: 'expired', expired: true });
    expect(req!.refusal).toMatch(/12-hour window/);
    await expect(s.answer(req!.id, answer, agent)).rejects.toMatchObject({ code: 'not_allowed_by_store', message: expect.stringMatching(/12-hour window/) });
    expect(w.server.consumption).toEqual([]);
    expect(w.server.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(db.prepare(`SELECT result FROM audit_log`).all()).toEqual([{ result: 'refused' }]);
  });

  it('a request open at listing time but past its deadline when answered is refused without a call', async () => {
    const t = clock - 11 * H;
    w.notify('ONE_TIME_CHARGE', null, { ...coins, purchaseDate: t - H }, { signedDate: t - H });
    w.notify('CONSUMPTION_REQUEST', null, { ...coins, purchaseDate: t - H }, { signedDate: t });
    await syncAll();
    const s = service();
    const [req] = s.list();
    expect(req!.status).toBe('open');
    clock += 2 * H;
    await expect(s.answer(req!.id, answer, agent)).rejects.toMatchObject({ code: 'not_allowed_by_store' });
    expect(w.server.consumption).toEqual([]);
  });

  it('lists soonest deadline first, open before expired', async () => {
    const mk = (id: string, at: number) => {
      w.notify('ONE_TIME_CHARGE', null, { ...coins, transactionId: id, originalTransactionId: id, purchaseDate: at - H }, { signedDate: at - H });
      w.notify('CONSUMPTION_REQUEST', null, { ...coins, transactionId: id, originalTransactionId: id, purchaseDate: at - H }, { signedDate: at });
    };
    mk('a', clock - 1 * H);
    mk('b', clock - 5 * H);
    mk('c', clock - 20 * H);
    await syncAll();
    expect(service().list().map((r) => [r.transactionId, r.status])).toEqual([['b', 'open'], ['a', 'open'], ['c', 'expired']]);
  });

  it("links Apple's decision (REFUND or REFUND_DECLINED for the same transaction) back to the request", async () => {
    const t = clock - 3 * H;
    for (const id of ['r1', 'r2']) {
      w.notify('ONE_TIME_CHARGE', null, { ...coins, transactionId: id, originalTransactionId: id, purchaseDate: t - H }, { signedDate: t - H });
      w.notify('CONSUMPTION_REQUEST', null, { ...coins, transactionId: id, originalTransactionId: id, purchaseDate: t - H }, { signedDate: t });
    }
    await syncAll();
    expect(service().list().map((r) => r.outcome)).toEqual([null, null]);
    w.notify('REFUND', null, { ...coins, transactionId: 'r1', originalTransactionId: 'r1', purchaseDate: t - H, revocationDate: t + H, revocationType: 'REFUND_FULL', revocationReason: 0 }, { signedDate: t + H });
    w.notify('REFUND_DECLINED', null, { ...coins, transactionId: 'r2', originalTransactionId: 'r2', purchaseDate: t - H }, { signedDate: t + H });
    await syncAll();
    const all = service().list({ includeClosed: true });
    expect(all.map((r) => [r.transactionId, r.status, r.outcome])).toEqual([['r1', 'resolved', 'refunded'], ['r2', 'resolved', 'declined']]);
    const linked = db.prepare(`SELECT r.transaction_id, e.type FROM refund_requests r JOIN events e ON e.id = r.outcome_event_id ORDER BY 1`).all();
    expect(linked).toEqual([{ transaction_id: 'r1', type: 'refund' }, { transaction_id: 'r2', type: 'refund_declined' }]);
    expect(linkRequestOutcomes(db)).toBe(0);
  });

  it('requests:list and requests:answer handlers parse with the contract schema and emit onRequestsChanged', async () => {
    const t = clock - H;
    w.notify('ONE_TIME_CHARGE', null, { ...coins, purchaseDate: t - H }, { signedDate: t - H });
    w.notify('CONSUMPTION_REQUEST', null, { ...coins, purchaseDate: t - H }, { signedDate: t });
    await syncAll();
    const emitted: unknown[] = [];
    const h = createRequestHandlers(service());
    const hctx = { agent, emit: ((_n: string, p: unknown) => void emitted.push(p)) as never };
    const list = await h['requests:list'](channels['requests:list'].request.parse({}), hctx);
    expect(list).toHaveLength(1);
    expect(channels['requests:answer'].request.safeParse({ requestId: list[0]!.id, answer: { ...answer, consumedPercent: 140 } }).success).toBe(false);
    const req = channels['requests:answer'].request.parse({ requestId: list[0]!.id, answer });
    expect((await h['requests:answer'](req, hctx)).status).toBe('answered');
    expect(emitted).toEqual([{ open: 0, nextDeadlineAt: null }]);
  });
});
