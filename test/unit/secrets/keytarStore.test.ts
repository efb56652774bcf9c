// The keytar store's failure paths, with keytar itself replaced by a failing stand-in
// (the real keychain round trip is in test/integration/keychain).
import { describe, expect, it } from 'vitest';
import { createKeytarSecretStore, type KeytarApi } from '../../../src-main/secrets/keytarStore';

function fakeKeytar(over: Partial<KeytarApi> = {}): KeytarApi {
  const m = new Map<string, string>();
  return {
    getPassword: async (s, a) => m.get(`${s}|${a}`) ?? null,
    setPassword: async (s, a, p) => void m.set(`${s}|${a}`, p),
    deletePassword: async (s, a) => m.delete(`${s}|${a}`),
    findCredentials: async (s) =>
      [...m].filter(([k]) => k.startsWith(`${s}|`)).map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
    ...over,
  };
}

describe('keytar SecretStore', () => {
  it('a native module that does not load is a probe result, not a crash', async () => {
    let loads = 0;
    const store = createKeytarSecretStore({
      load: async () => {
        loads++;
        throw new Error("Cannot find module '../build/Release/keytar.node'\nRequire stack:\n- /x/keytar.js");
      },
    });
    expect(await store.probe()).toEqual({
      ok: false,
      reason: "The OS keychain cannot be used: its native module did not load (Cannot find module '../build/Release/keytar.node').",
    });
    await expect(store.get('ws/stripe')).rejects.toMatchObject({ code: 'keychain_unavailable' });
    expect(loads).toBe(2); // a failed load is retried on the next call
  });

  it('no Secret Service: the OS words plus what Linux needs', async () => {
    const store = createKeytarSecretStore({
      platform: 'linux',
      load: async () =>
        fakeKeytar({
          setPassword: async () => {
            throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
          },
        }),
    });
    const r = await store.probe();
    expect(r).toEqual({
      ok: false,
      reason:
        'The OS keychain could not store a test entry: Cannot autolaunch D-Bus without X11 $DISPLAY. On Linux, Refund Desk needs a Secret Service (GNOME Keyring or KWallet) running and unlocked in your session.',
    });
    await expect(store.set('ws/stripe', 'x')).rejects.toMatchObject({ code: 'keychain_unavailable' });
  });

  it('a keychain that returns something else is not trusted, and the probe entry is removed', async () => {
    const k = fakeKeytar();
    const store = createKeytarSecretStore({ platform: 'darwin', load: async () => ({ ...k, getPassword: async () => 'other' }) });
    const r = await store.probe();
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toMatch(/returned something else.*login keychain is unlocked/);
    expect(await k.findCredentials('Refund Desk')).toEqual([]);
  });

  it('a keychain waiting for a password prompt times out', async () => {
    const store = createKeytarSecretStore({
      platform: 'linux',
      probeTimeoutMs: 100,
      load: async () => fakeKeytar({ setPassword: () => new Promise(() => {}) }),
    });
    const r = await store.probe();
    expect(!r.ok && r.reason).toMatch(/^The OS keychain did not answer within 0 s; it may be locked/);
  });

  it('names entries under the service and lists names only', async () => {
    const k = fakeKeytar();
    const store = createKeytarSecretStore({ load: async () => k });
    expect(await store.probe()).toEqual({ ok: true });
    await store.set('ws/stripe', 'secret-value');
    expect(await k.getPassword('Refund Desk', 'ws/stripe')).toBe('secret-value');
    expect(await store.listNames()).toEqual(['ws/stripe']);
    expect(await store.delete('ws/stripe')).toBe(true);
    expect(await store.delete('ws/stripe')).toBe(false);
  });
});
