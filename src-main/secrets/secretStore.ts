// Where credentials live: the OS keychain, behind this interface, so that a later move
// to Electron's safeStorage (keytar is archived upstream) is a one-file change.
// There is deliberately no file-backed implementation: when the keychain does not
// work, credential actions are off and the app says why (never a plaintext fallback).
import type { Store } from '../ipc/vocabulary';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** True when an entry was there to delete. */
  delete(name: string): Promise<boolean>;
  listNames(): Promise<string[]>;
  /** A write, read-back and delete of a random entry: does the keychain really work? */
  probe(): Promise<ProbeResult>;
}

/** The keytar service every entry is filed under (what the user sees in their keychain app). */
export const KEYCHAIN_SERVICE = 'Refund Desk';

/** One entry per workspace and store, so two workspaces never share or overwrite a credential. */
export function credentialEntryName(workspaceId: string, store: Store): string {
  return `${workspaceId}/${store}`;
}
