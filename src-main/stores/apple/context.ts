// What the Apple adapter's parts share: built once per credential by index.ts.
import type { JWSTransactionDecodedPayload } from '@apple/app-store-server-library';
import type { AppleCredential } from '../../secrets/credentials';
import type { SyncContext } from '../adapter';
import { StoreError } from '../errors';
import type { AppleClient } from './client';
import { transactionProblem } from './map';
import { AppleVerificationError, type AppleVerifier } from './verify';

export interface AppleParts {
  credential: AppleCredential;
  client: AppleClient;
  verify: AppleVerifier;
  now: () => number;
  /** `apple:<bundle>:<environment>`: the sync cursor's account. */
  account: string;
}

/** Apple keeps notification history 180 days in production, 30 in the sandbox. */
export const HISTORY_DAYS = { production: 180, sandbox: 30 } as const;

/**
 * Runs one verification. A payload Apple's chain does not vouch for is reported and
 * skipped (nothing of it is stored); only an OCSP outage stops the run, as `transient`,
 * so the engine tries again later.
 */
export async function verified<T>(ctx: SyncContext, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AppleVerificationError)) throw e;
    if (e.retryable) throw new StoreError('transient', e.message, { cause: e });
    ctx.notice(e.message);
    return null;
  }
}

/** A signed transaction, verified and with the keys the ledger needs; null (and a notice) when not. */
export function verifiedTransaction(p: AppleParts, ctx: SyncContext, jws: string): Promise<JWSTransactionDecodedPayload | null> {
  return verified(ctx, async () => {
    const t = await p.verify.transaction(jws);
    const problem = transactionProblem(t);
    if (problem) throw new AppleVerificationError(problem, null);
    return t;
  });
}
