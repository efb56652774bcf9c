// credentials:set and credentials:remove answer only after the store adapters were rebuilt
// from the keychain, so the very next call already sees the change (no sleep, no poll).
// The keychain here answers reads slowly, as a real OS keychain over D-Bus can: a reload
// that were still running when the answer came back would fail these checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStoreForTests } from '../../../src-main/secrets/memoryStore';
import type { SecretStore } from '../../../src-main/secrets/secretStore';
import type { Services } from '../../../src-main/services';
import { callOk as ok, createTestServices } from '../../support/services';

const root = mkdtempSync(join(tmpdir(), 'rd-cred-'));
let services: Services | null = null;

function slowKeychain(): SecretStore {
  const inner = createMemorySecretStoreForTests();
  return {
    get: async (name) => {
      await new Promise((r) => setTimeout(r, 25));
      return inner.get(name);
    },
    set: (name, value) => inner.set(name, value),
    delete: (name) => inner.delete(name),
    listNames: () => inner.listNames(),
    probe: () => inner.probe(),
  };
}

const accounts = async (s: Services) => (await ok(s, 'sync:status', {})).map((x) => x.store);

afterEach(async () => {
  await services?.close();
  services = null;
  rmSync(root, { recursive: true, force: true });
});

describe('credentials:set resolves after the adapters are reloaded', () => {
  it('the next call sees the new store at once, and the removed one gone at once', { timeout: 60_000 }, async () => {
    services = createTestServices(root, { secretStore: slowKeychain() });
    await services.start();
    expect(await accounts(services)).not.toContain('stripe');

    await ok(services, 'credentials:set', { store: 'stripe', secretKey: `sk_test_${'4'.repeat(24)}` });
    expect(await accounts(services)).toContain('stripe');

    await ok(services, 'credentials:remove', { store: 'stripe' });
    expect(await accounts(services)).not.toContain('stripe');
  });
});
