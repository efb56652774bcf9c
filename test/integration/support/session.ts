// The leak test's session and its waits. credentials:set answers only after the store
// adapters are rebuilt (credentials/handlers.ts), so no wait here sleeps for a rebuild.
import { expect } from 'vitest';
import type { CustomerDto, RefundIntentDto, Store, SyncStatusDto } from '../../../src-main/ipc/contract';
import { STORES } from '../../../src-main/ipc/contract';
import type { Services } from '../../../src-main/services';
import type { Recorder } from './recorder';
import type { LeakWorld } from './world';

export interface Session {
  world: LeakWorld;
  rec: Recorder;
  services: Services;
  root: string;
  exportDir: string;
  opened: string[];
  customers: Partial<Record<Store, CustomerDto>>;
  eventIds: number[];
  intents: RefundIntentDto[];
  mergedFrom?: number;
  requestId?: number;
}

export const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls sync:status until every account in `accounts` has finished a run that started after `since`. */
export async function waitForSync(s: Session, accounts: string[], since: number, timeoutMs = 45_000): Promise<SyncStatusDto[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await s.rec.ok('sync:status', {});
    const mine = all.filter((x) => accounts.includes(x.account));
    const done = mine.length === accounts.length && mine.every((x) => (x.state === 'idle' || x.state === 'error') && Math.max(x.lastSuccessAt ?? 0, x.lastErrorAt ?? 0) >= since);
    if (done) return mine;
    if (Date.now() > deadline) throw new Error(`sync did not finish: ${JSON.stringify(mine)}`);
    await sleep(50);
  }
}

/**
 * After credentials:set / credentials:remove: every store's account is there at once, since
 * those calls resolve only after the adapters were rebuilt. No polling: a late rebuild fails here.
 */
export async function settle(s: Session): Promise<void> {
  const have = (await s.rec.ok('sync:status', {})).map((x) => x.account);
  expect(have).toEqual(expect.arrayContaining([...STORES]));
}

export function purchaseOf(s: Session, store: Store, storeKey?: string) {
  const c = s.customers[store];
  const p = c?.purchases.find((x) => x.store === store && (!storeKey || x.storeKey === storeKey));
  if (!p) throw new Error(`no ${store} purchase${storeKey ? ` ${storeKey}` : ''} in ${JSON.stringify(c?.purchases.map((x) => x.storeKey))}`);
  return p;
}

