// Against the REAL Secret Service (gnome-keyring on a private D-Bus session). Run with
//   test/support/keyring.sh npx vitest run --project unit test/integration/keychain
// Without a working keychain these tests fail (never skip): CI must not pass silently.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialInput } from '../../../src-main/ipc/channels/credentials';
import { createCredentialService } from '../../../src-main/secrets/credentialService';
import { createKeytarSecretStore } from '../../../src-main/secrets/keytarStore';
import { KEYCHAIN_SERVICE, credentialEntryName } from '../../../src-main/secrets/secretStore';
import { tempDb, type TempDb } from '../../support/db';
import { amazonInput, appleInput, googleInput, serviceAccount, stripeInput, stripeKey } from '../../unit/secrets/fixtures';
import { otherInstance, sha256 } from './instance';

const secrets = createKeytarSecretStore();
const workspaceId = `it-${randomUUID()}`;
const agent = { osUser: 'it', name: '' };
let t: TempDb | undefined;

let probe: Awaited<ReturnType<typeof secrets.probe>> | undefined;
beforeAll(async () => {
  probe = await secrets.probe();
});

// Every test of the real keychain fails on its own (a beforeAll failure would show as "skipped").
function requireKeychain(): void {
  if (probe?.ok) return;
  throw new Error(
    `No working Secret Service for the keychain integration tests${process.env.CI === 'true' ? ' (CI=true: they must not be skipped)' : ''}: ${probe?.reason ?? 'probe did not run'}\n` +
      'Run them inside the wrapper: test/support/keyring.sh npx vitest run --project unit test/integration/keychain',
  );
}

afterEach(() => t?.close());

afterAll(async () => {
  // Leave nothing of this run in the keyring, even after a failure.
  for (const name of await secrets.listNames().catch(() => [] as string[])) {
    if (name.startsWith(`${workspaceId}/`)) await secrets.delete(name);
  }
});

const service = () => {
  t = tempDb();
  return createCredentialService({
    secrets,
    workspaceId,
    db: t.db,
    adapterFor: () => ({ testConnection: async () => ({ ok: true, can: [], missing: [], message: 'ok', testedAt: 0 }) }),
    now: Date.now,
  });
};

const pairs: [string, () => CredentialInput, () => CredentialInput][] = [
  ['stripe', () => stripeInput(stripeKey('sk_test_')), () => stripeInput(stripeKey('rk_live_'))],
  ['google', () => googleInput(), () => googleInput(JSON.stringify(serviceAccount()), 'com.example.other')],
  ['apple', () => appleInput(), () => appleInput({ environment: 'production', keyId: 'ABCDE12345' })],
  ['amazon', () => amazonInput(), () => ({ ...amazonInput(), environment: 'sandbox' })],
];

describe('keytar SecretStore on the real Secret Service', () => {
  beforeEach(requireKeychain);

  it('probe: a write, read-back and delete round trip works and leaves no probe entry', async () => {
    // A service of its own: other test files probe the shared "Refund Desk" service in parallel.
    const own = createKeytarSecretStore({ service: `Refund Desk probe test ${process.pid}` });
    expect(await own.probe()).toEqual({ ok: true });
    expect((await own.listNames()).filter((n) => n.startsWith('probe/'))).toEqual([]);
  });

  it.each(pairs)('%s: store, read back, replace, second instance sees it, delete', async (store, first, second) => {
    const s = service();
    const a = first();
    const b = second();
    const name = credentialEntryName(workspaceId, a.store);
    expect(name).toBe(`${workspaceId}/${store}`);

    await s.set(a.store, a, agent);
    const storedA = (await s.get(a.store))!;
    expect(storedA.store).toBe(store);
    const rawA = (await secrets.get(name))!;
    expect(JSON.parse(rawA)).toEqual({ v: 1, credential: storedA });
    expect(await otherInstance(['get', name])).toEqual({ found: true, sha256: sha256(rawA), length: rawA.length });

    await s.replace(b.store, b, agent);
    const rawB = (await secrets.get(name))!;
    expect(rawB).not.toBe(rawA);
    expect(await s.get(b.store)).toEqual(JSON.parse(rawB).credential);
    expect(await otherInstance(['get', name])).toEqual({ found: true, sha256: sha256(rawB), length: rawB.length });
    expect(await secrets.listNames()).toContain(name);

    expect(await s.remove(b.store, agent)).toMatchObject({ configured: false });
    expect(await secrets.get(name)).toBeNull();
    expect(await otherInstance(['get', name])).toEqual({ found: false });
  });

  it('an entry written by a second instance is read by this one, and its delete is seen', async () => {
    const name = credentialEntryName(workspaceId, 'amazon');
    const value = `from-the-other-process-${randomUUID()}`;
    expect(await otherInstance(['set', name], { stdin: value })).toEqual({ done: true });
    expect(await secrets.get(name)).toBe(value);
    expect(await otherInstance(['delete', name])).toEqual({ deleted: true });
    expect(await secrets.get(name)).toBeNull();
  });

  it('entries are filed under the "Refund Desk" service, per workspace', async () => {
    const keytar = (await import('keytar')).default;
    const name = credentialEntryName(workspaceId, 'stripe');
    await secrets.set(name, 'value-1');
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, name)).toBe('value-1');
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, credentialEntryName(`${workspaceId}-other`, 'stripe'))).toBeNull();
    expect(await secrets.delete(name)).toBe(true);
  });
});

describe('without a Secret Service', () => {
  it('a process with no session bus gets an honest probe result, not a crash', async () => {
    // Linux: libsecret finds the Secret Service through the session bus; point it at nothing.
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/refund-desk-bus' };
    delete env.DISPLAY;
    const r = await otherInstance(['probe'], { env });
    expect(r.ok).toBe(false);
    expect(String(r.reason)).toMatch(/^The OS keychain could not store a test entry: .+\. On Linux, Refund Desk needs a Secret Service/);
  });
});
