// FOR UNIT TESTS ONLY. Keeps secrets in process memory. Nothing in production code may
// import this file: when the OS keychain does not work the app turns credential actions
// off (SecretStore docs); it never falls back to this or to a file.
import type { ProbeResult, SecretStore } from './secretStore';

export interface MemorySecretStoreForTests extends SecretStore {
  /** Every value currently held, for tests that check what was (not) stored. */
  readonly entries: ReadonlyMap<string, string>;
}

export function createMemorySecretStoreForTests(
  opts: { probe?: ProbeResult } = {},
): MemorySecretStoreForTests {
  const entries = new Map<string, string>();
  const broken = opts.probe && !opts.probe.ok ? opts.probe : null;
  const refuse = (): never => {
    throw new Error(broken?.reason ?? 'keychain unavailable');
  };
  return {
    entries,
    async get(name) {
      if (broken) refuse();
      return entries.get(name) ?? null;
    },
    async set(name, value) {
      if (broken) refuse();
      entries.set(name, value);
    },
    async delete(name) {
      if (broken) refuse();
      return entries.delete(name);
    },
    async listNames() {
      if (broken) refuse();
      return [...entries.keys()];
    },
    async probe() {
      return broken ?? { ok: true };
    },
  };
}
