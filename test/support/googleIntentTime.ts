// When each refund intent was written, read from the workspace file: what
// src-main/stores/registry.ts gives the Google adapter (GoogleAdapterOptions.intentCreatedAt),
// for tests that build the adapter themselves.
import type { Db } from '../../src-main/db/connection';

export function intentTimes(db: Db): (intentId: string) => number | null {
  return (id) => (db.prepare('SELECT created_at FROM refund_intents WHERE id = ?').pluck().get(id) as number | undefined) ?? null;
}
