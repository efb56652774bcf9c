import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCacheHandlers } from '../../../src-main/customers/handlers';
import { createTransferOps } from '../../../src-main/transfer/ops';
import { createDemoWorkspace } from '../../../src-main/demo/generate';
import { DEMO_JANE } from '../../../src-main/demo/fixtures';
import { channels } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { tempDb, type TempDb } from '../../support/db';
import { rcBody } from '../../support/rcEvents';

let t: TempDb;
let h: ReturnType<typeof createCacheHandlers>;
const emitted: { name: string; payload: unknown }[] = [];
const ctx: HandlerContext = { agent: { osUser: 'ann', name: 'Ann' }, emit: (name, payload) => void emitted.push({ name, payload }) };
const parse = <C extends keyof typeof channels>(c: C, req: unknown) => channels[c].request.parse(req) as never;

beforeEach(() => {
  t = tempDb({ migrate: false });
  t.db.close();
  t.db = createDemoWorkspace(t.file, { customers: 30 });
  h = createCacheHandlers({ db: t.db, userDataDir: t.dir });
  emitted.length = 0;
});
afterEach(() => t.close());

const audit = () => t.db.prepare('SELECT action, result, os_user, agent_name FROM audit_log ORDER BY id').all();

describe('cache handlers', () => {
  it('search → get → timeline pages, with DTOs free of SQL rows and raw payloads', async () => {
    const { hits } = await h['customers:search'](parse('customers:search', { query: DEMO_JANE.googleOrderId }), ctx);
    expect(hits[0]).toMatchObject({ rank: 'exact', matchKind: 'google_order_id', customer: { email: DEMO_JANE.email } });
    const id = hits[0]!.customer.id;
    const c = await h['customers:get'](parse('customers:get', { customerId: id }), ctx);
    expect(c.purchases.length).toBe(4);
    expect(c.purchases.every((p) => p.capabilities === null && !('customer_id' in p))).toBe(true);
    const first = await h['customers:timeline'](parse('customers:timeline', { customerId: id, limit: 5 }), ctx);
    expect(first.rows).toHaveLength(5);
    expect(first.rows.some((r) => 'raw' in r)).toBe(false);
    const second = await h['customers:timeline'](parse('customers:timeline', { customerId: id, limit: 5, after: first.next }), ctx);
    expect(second.rows[0]!.occurredAt).toBeLessThanOrEqual(first.rows[4]!.occurredAt);
    expect((await h['customers:event'](parse('customers:event', { eventId: first.rows[0]!.id }), ctx)).raw).toMatchObject({ demo: true });
    expect((await h['customers:recent']({} as never, ctx)).customers.map((x) => x.id)).toEqual([id]);
    expect(() => channels['customers:timeline'].request.parse({ customerId: id, limit: 5, stores: ['itunes'] })).toThrow();
  });

  it('merge, unmerge and notes are audited with the agent', async () => {
    const a = (await h['customers:search'](parse('customers:search', { query: 'user_1' }), ctx)).hits[0]!.customer.id;
    const b = (await h['customers:search'](parse('customers:search', { query: 'user_2' }), ctx)).hits[0]!.customer.id;
    await h['customers:merge'](parse('customers:merge', { fromCustomerId: b, intoCustomerId: a }), ctx);
    await expect(async () => h['customers:merge'](parse('customers:merge', { fromCustomerId: b, intoCustomerId: a }), ctx)).rejects.toMatchObject({ code: 'conflict' });
    await h['customers:unmerge'](parse('customers:unmerge', { customerId: b }), ctx);
    const { eventId } = await h['customers:addNote'](parse('customers:addNote', { customerId: a, text: '  promised a refund  ' }), ctx);
    expect(JSON.parse(t.db.prepare('SELECT detail FROM events WHERE id = ?').pluck().get(eventId) as string)).toMatchObject({ text: 'promised a refund', agentName: 'Ann' });
    expect(audit()).toEqual([
      { action: 'customers.merge', result: 'ok', os_user: 'ann', agent_name: 'Ann' },
      { action: 'customers.merge', result: 'refused', os_user: 'ann', agent_name: 'Ann' },
      { action: 'customers.unmerge', result: 'ok', os_user: 'ann', agent_name: 'Ann' },
      { action: 'customers.addNote', result: 'ok', os_user: 'ann', agent_name: 'Ann' },
    ]);
  });

  it('imports through its own connection with progress events, and checks paths', async () => {
    const ops = createTransferOps({ db: t.db, userDataDir: t.dir });
    const file = join(t.dir, 'rc.jsonl');
    writeFileSync(file, [0, 1, 2, 3, 4].map((i) => JSON.stringify(rcBody(i))).join('\n') + '\n{"api_version":');
    const v = await ops.validateImport(file, ctx);
    expect(v).toMatchObject({ valid: 5, errorCount: 1, errors: [{ line: 6 }] });
    const r = await ops.commitImport(file, ctx);
    expect(r.inserted).toBe(5);
    expect(emitted.filter((e) => e.name === 'onImportProgress').length).toBeGreaterThan(0);
    expect(audit().at(-1)).toMatchObject({ action: 'transfer.import', result: 'ok' });
    await expect(async () => ops.commitImport('rc.jsonl', ctx)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(async () => ops.validateImport(join(t.dir, 'nope.json'), ctx)).rejects.toMatchObject({ code: 'invalid_input' });
    const out = join(t.dir, 'jane.jsonl');
    const e = await ops.exportCustomer(1, out, ctx);
    expect(e.lines).toBeGreaterThan(5);
    await expect(async () => ops.exportWorkspace(t.file, ctx)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
