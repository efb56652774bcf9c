// The Apple refund-request tests' world: the faithful App Store test server, a migrated
// workspace file, the real Apple adapter on a settable clock, and the consumption service
// over them. `w`, `db`, `clock` and `adapter` are live bindings: each test sees its own.
import { afterEach, beforeEach } from 'vitest';
import type { Db } from '../../../src-main/db/connection';
import { ingest } from '../../../src-main/db/ingest';
import { createConsumptionService, syncRefundRequests } from '../../../src-main/refunds/consumption';
import type { StoreAdapter } from '../../../src-main/stores/adapter';
import { createAppleAdapter } from '../../../src-main/stores/apple';
import { collect, ctx, makeWorld, type World } from '../../servers/apple/world';
import { tempDb, type TempDb } from '../../support/db';

export const H = 3_600_000;
export const agent = { osUser: 'sam', name: 'Sam' };
export let w: World;
export let db: Db;
export let clock: number;
export let adapter: StoreAdapter;

/** Registers the per-test server and workspace; call once at the top of a test file or describe. */
export function appleRequestsPerTest(): void {
  let t: TempDb;
  beforeEach(async () => {
    w = await makeWorld('production');
    t = tempDb();
    db = t.db;
    clock = Date.now();
    adapter = createAppleAdapter({ ...w.adapterOptions(), now: () => clock });
  });
  afterEach(async () => {
    t.close();
    await w.server.close();
  });
}

export const advance = (ms: number): void => void (clock += ms);

/** One sync into the cache, then the refund requests main derives from it. */
export async function syncAll(): Promise<void> {
  for (const b of await collect(adapter.sync(null, ctx()))) ingest(db, b, clock);
  syncRefundRequests(db, clock);
}

export const consumptionService = () => createConsumptionService({ db, sendConsumption: (id, a) => adapter.consumption!.send(id, a), now: () => clock });
