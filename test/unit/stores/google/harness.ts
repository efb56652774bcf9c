// Shared setup for the Google adapter tests: a fake clock shared by the adapter and the
// server (so 30-second quota windows pass instantly), the local server, and the adapter
// pointed at it through the official SDK.
import { afterEach, beforeEach } from 'vitest';
import { createGoogleAdapter, QuotaLimiter, type GoogleAdapterOptions, type GoogleRefundRequest } from '../../../../src-main/stores/google/index';
import type { SyncRun } from '../../../../src-main/stores/adapter';
import type { IngestBatch } from '../../../../src-main/stores/types';
import { drain } from '../../../support/contexts';
import { makeServiceAccount, type TestServiceAccount } from '../../../servers/google/oauth';
import { startGoogleServer, type GoogleTestServer } from '../../../servers/google/server';

export const PACKAGE = 'com.example.app';
export const DAY = 86_400_000;

export class FakeClock {
  t = Date.now();
  slept = 0;
  now = () => this.t;
  sleep = async (ms: number) => {
    this.t += ms;
    this.slept += ms;
  };
}

let cachedSa: TestServiceAccount | null = null;
export function serviceAccount(): TestServiceAccount {
  cachedSa ??= makeServiceAccount();
  return cachedSa;
}

export interface Harness {
  server: GoogleTestServer;
  clock: FakeClock;
  adapter(extra?: Partial<GoogleAdapterOptions>): ReturnType<typeof createGoogleAdapter>;
}

export async function startHarness(): Promise<Harness> {
  const clock = new FakeClock();
  const sa = serviceAccount();
  const server = await startGoogleServer({ serviceAccount: sa, packageName: PACKAGE, now: clock.now });
  return {
    server,
    clock,
    adapter: (extra = {}) =>
      createGoogleAdapter({
        credential: { store: 'google', serviceAccountJson: sa.json, packageName: PACKAGE },
        endpoint: { rootUrl: server.rootUrl, tokenUrl: server.tokenUrl },
        now: clock.now,
        sleep: clock.sleep,
        timeoutMs: 2_000,
        // a fresh limiter per adapter: tests must not share quota state through the process
        quota: new QuotaLimiter({ now: clock.now, sleep: clock.sleep }),
        ...extra,
      }),
  };
}

/** The hooks of a test file that runs each test on its own server; `use` receives the harness before the test. */
export function harnessPerTest(use: (h: Harness) => unknown): void {
  let h: Harness | undefined;
  beforeEach(async () => {
    h = await startHarness();
    await use(h);
  });
  afterEach(async () => {
    await h?.server.close();
  });
}

export { syncContext as context } from '../../../support/contexts';
export const collect = (run: SyncRun): Promise<IngestBatch[]> => drain(run);

export const allEvents = (batches: IngestBatch[]) => batches.flatMap((b) => b.events);

/** A refund request as the refunds module builds it, for the adapter tests. */
export function refundRequest(over: Partial<GoogleRefundRequest> & { paymentRef: string; purchaseKey: string }): GoogleRefundRequest {
  return {
    intentId: 'intent-1',
    idempotencyKey: 'k-1',
    mode: 'refund',
    refundKind: 'full',
    amountMinor: 999,
    currency: 'USD',
    reason: 'requested_by_customer',
    ...over,
  };
}
