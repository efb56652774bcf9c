// The OS keychain through keytar: macOS Keychain, Windows Credential Vault, and on
// Linux the Secret Service over D-Bus (GNOME Keyring, KWallet) through libsecret.
import { randomUUID } from 'node:crypto';
import { DeskError } from '../ipc/define';
import { KEYCHAIN_SERVICE, type ProbeResult, type SecretStore } from './secretStore';

/** The part of keytar this store uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export interface KeytarStoreOptions {
  service?: string;
  /** How keytar is loaded; tests replace it to act out a missing native module. */
  load?: () => Promise<KeytarApi>;
  /** A locked keychain may wait for a password prompt forever; the probe gives up after this. */
  probeTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

// Loaded on first use, not at import: a missing native module or a machine without a
// Secret Service must turn into an honest probe result, not a crash at start-up.
async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as unknown as { default?: KeytarApi } & Partial<KeytarApi>;
  const api = (mod.default ?? mod) as KeytarApi;
  if (typeof api.setPassword !== 'function') throw new Error('keytar has no setPassword');
  return api;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();

export function createKeytarSecretStore(opts: KeytarStoreOptions = {}): SecretStore {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const load = opts.load ?? loadKeytar;
  const platform = opts.platform ?? process.platform;
  const probeTimeoutMs = opts.probeTimeoutMs ?? 10_000;
  let loading: Promise<KeytarApi> | null = null;

  const hint =
    platform === 'linux'
      ? ' On Linux, Refund Desk needs a Secret Service (GNOME Keyring or KWallet) running and unlocked in your session.'
      : platform === 'darwin'
        ? ' Check that your login keychain is unlocked.'
        : '';

  async function keytar(): Promise<KeytarApi> {
    loading ??= load();
    try {
      return await loading;
    } catch (e) {
      loading = null; // a later attempt may succeed (e.g. after installing the module)
      throw new DeskError(
        'keychain_unavailable',
        `The OS keychain cannot be used: its native module did not load (${errorText(e)}).`,
      );
    }
  }

  // keytar's errors come from the OS (libsecret, Security.framework) and never contain the
  // value; they are kept so the user sees the OS's own words.
  async function call<T>(verb: string, fn: (k: KeytarApi) => Promise<T>): Promise<T> {
    const k = await keytar();
    try {
      return await fn(k);
    } catch (e) {
      throw new DeskError('keychain_unavailable', `The OS keychain could not ${verb}: ${errorText(e)}.${hint}`);
    }
  }

  async function roundTrip(): Promise<ProbeResult> {
    const name = `probe/${randomUUID()}`;
    const value = randomUUID();
    await call('store a test entry', (k) => k.setPassword(service, name, value));
    let back: string | null;
    try {
      back = await call('read a test entry back', (k) => k.getPassword(service, name));
    } finally {
      await call('delete a test entry', (k) => k.deletePassword(service, name)).catch(() => false);
    }
    if (back !== value) {
      return { ok: false, reason: `The OS keychain stored a test entry but returned something else when asked for it.${hint}` };
    }
    return { ok: true };
  }

  return {
    get: (name) => call('read a credential', (k) => k.getPassword(service, name)),
    set: (name, value) => call('store the credential', (k) => k.setPassword(service, name, value)),
    delete: (name) => call('delete the credential', (k) => k.deletePassword(service, name)),
    listNames: () => call('list entries', async (k) => (await k.findCredentials(service)).map((c) => c.account)),
    async probe() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<ProbeResult>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              ok: false,
              reason: `The OS keychain did not answer within ${Math.round(probeTimeoutMs / 1000)} s; it may be locked and waiting for a password.${hint}`,
            }),
          probeTimeoutMs,
        );
      });
      try {
        return await Promise.race([
          roundTrip().catch((e: unknown): ProbeResult => ({ ok: false, reason: errorText(e) })),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
