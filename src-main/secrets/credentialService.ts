// Sets, replaces, tests and removes store credentials. The value goes to the keychain
// only; SQLite gets the non-secret status, the audit log gets what was done (never the
// value), and the renderer gets DTOs with no part of a secret except Stripe's key hint.
import type { Db } from '../db/connection';
import type {
  ConnectionReportDto,
  CredentialInputOf,
  CredentialStatusDto,
  CredentialsDto,
  KeychainDto,
} from '../ipc/channels/credentials';
import type { AgentIdentity, Emit } from '../ipc/context';
import { DeskError } from '../ipc/define';
import { STORE_PROFILES } from '../domain/profiles';
import { STORE_NAMES, STORES, type Store } from '../ipc/vocabulary';
import type { StoreAdapter } from '../stores/adapter';
import type { Credential, CredentialOf, DeclaredCredential } from './credentials';
import { redactor, toReportText } from './redact';
import { credentialEntryName, type SecretStore } from './secretStore';
import { readStatusRows, writeStatusRow, type StatusRow } from './statusRepo';
import { insertAudit, type AuditEntry } from '../db/audit';
import { withFullSync } from '../db/connection';
import { assertValidCredential, stripeKeyHint } from './validate';

export type AdapterFactory = (credential: Credential) => Pick<StoreAdapter, 'testConnection'>;

export interface CredentialServiceDeps {
  secrets: SecretStore;
  workspaceId: string;
  db: Db;
  adapterFor: AdapterFactory;
  now: () => number;
  /** Pushes onCredentialsChanged to the renderer after every change. */
  emit?: Emit;
  /** A test connection that has not answered by then is reported as a timeout. */
  testTimeoutMs?: number;
}

export type CredentialFields<S extends Store> = Omit<CredentialInputOf<S>, 'store'> & { store?: S };

export interface CredentialService {
  /** The keychain probe; cached after the first run unless `recheck`. */
  keychain(opts?: { recheck?: boolean }): Promise<KeychainDto>;
  status(): Promise<CredentialsDto>;
  set<S extends Store>(store: S, input: CredentialFields<S>, actor: AgentIdentity): Promise<CredentialStatusDto>;
  /** Same as set: the new credential replaces the old one, whose test results are dropped. */
  replace<S extends Store>(store: S, input: CredentialFields<S>, actor: AgentIdentity): Promise<CredentialStatusDto>;
  remove(store: Store, actor: AgentIdentity): Promise<CredentialStatusDto>;
  test(store: Store, actor: AgentIdentity): Promise<ConnectionReportDto>;
  /** Main process only (sync, refunds): the credential itself. Never hand it to IPC. */
  get<S extends Store>(store: S): Promise<CredentialOf<S> | null>;
}

const ENTRY_VERSION = 1;

const emptyRow = (store: Store): StatusRow => ({
  store,
  configured: false,
  kind: null,
  mode: null,
  lastTestedAt: null,
  lastTestOk: null,
  can: [],
  missing: [],
  message: null,
});

export function createCredentialService(deps: CredentialServiceDeps): CredentialService {
  const { secrets, db, now } = deps;
  const testTimeoutMs = deps.testTimeoutMs ?? 20_000;
  const entry = (store: Store) => credentialEntryName(deps.workspaceId, store);
  let lastProbe: KeychainDto | null = null;

  async function keychain(opts: { recheck?: boolean } = {}): Promise<KeychainDto> {
    if (lastProbe && !opts.recheck) return lastProbe;
    const r = await secrets.probe();
    lastProbe = { ok: r.ok, reason: r.ok ? null : r.reason, checkedAt: now() };
    return lastProbe;
  }

  const unavailable = (reason: string) =>
    new DeskError(
      'keychain_unavailable',
      `The OS keychain is not available, so credentials cannot be stored or used. ${reason} Cached timelines stay readable.`,
    );

  // A failed probe is re-run, so a user who has since unlocked the keychain can go on.
  async function ensureKeychain(): Promise<void> {
    const k = await keychain({ recheck: !lastProbe?.ok });
    if (!k.ok) throw unavailable(k.reason ?? '');
  }

  async function keychainCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DeskError && e.code === 'keychain_unavailable') throw e;
      throw unavailable(toReportText(e, redactor([])));
    }
  }

  /** The status row and its audit row commit together, on disk (synchronous=FULL). */
  function saveStatus(row: StatusRow, audit: Omit<AuditEntry, 'target'>): void {
    withFullSync(db, () => {
      writeStatusRow(db, row);
      insertAudit(db, { ...audit, target: row.store }, now());
    });
  }

  function rowOf(store: Store): StatusRow {
    return readStatusRows(db).get(store) ?? emptyRow(store);
  }

  async function statusOf(row: StatusRow): Promise<CredentialStatusDto> {
    let keyHint: string | null = null;
    if (row.store === 'stripe' && row.configured) {
      // Status stays readable with a broken keychain; only the hint is lost then.
      keyHint = await get('stripe').then((c) => (c ? stripeKeyHint(c.secretKey) : null), () => null);
    }
    return { ...row, keyHint };
  }

  async function status(): Promise<CredentialsDto> {
    const rows = readStatusRows(db);
    return { stores: await Promise.all(STORES.map((s) => statusOf(rows.get(s) ?? emptyRow(s)))) };
  }

  async function changed(): Promise<void> {
    if (deps.emit) deps.emit('onCredentialsChanged', await status());
  }

  async function get<S extends Store>(store: S): Promise<CredentialOf<S> | null> {
    const text = await keychainCall(() => secrets.get(entry(store)));
    if (text === null) return null;
    const parsed = parseEntry(text);
    if (parsed?.v !== ENTRY_VERSION || parsed.credential?.store !== store) {
      throw new DeskError('internal', `The stored ${STORE_NAMES[store]} credential is unreadable; set it again in Settings.`);
    }
    return parsed.credential as CredentialOf<S>;
  }

  async function set<S extends Store>(store: S, input: CredentialFields<S>, actor: AgentIdentity): Promise<CredentialStatusDto> {
    if (input.store !== undefined && input.store !== store) {
      throw new DeskError('invalid_input', `This credential is for ${STORE_NAMES[input.store]}, not ${STORE_NAMES[store]}.`);
    }
    const valid = assertValidCredential({ ...input, store } as CredentialInputOf<S>);
    await ensureKeychain();
    const replaced = rowOf(store).configured;
    await keychainCall(() =>
      secrets.set(entry(store), JSON.stringify({ v: ENTRY_VERSION, credential: valid.credential })),
    );
    // Earlier test results belong to the old credential.
    const row: StatusRow = { ...emptyRow(store), configured: true, kind: valid.kind, mode: valid.mode };
    saveStatus(row, { agent: actor, action: 'credential.set', result: 'ok', detail: { kind: valid.kind, mode: valid.mode, replaced } });
    await changed();
    return statusOf(row);
  }

  async function remove(store: Store, actor: AgentIdentity): Promise<CredentialStatusDto> {
    await ensureKeychain();
    const existed = await keychainCall(() => secrets.delete(entry(store)));
    const row = emptyRow(store);
    saveStatus(row, { agent: actor, action: 'credential.remove', result: existed ? 'ok' : 'absent', detail: {} });
    await changed();
    return statusOf(row);
  }

  async function test(store: Store, actor: AgentIdentity): Promise<ConnectionReportDto> {
    await ensureKeychain();
    const credential = await get(store);
    if (!credential) throw new DeskError('not_configured', `No ${STORE_NAMES[store]} credential is set.`);
    const redact = redactor(secretTexts(credential));
    const report = await runTest(store, credential, redact);
    const before = rowOf(store);
    const row: StatusRow = {
      ...before,
      configured: true,
      mode: report.mode ?? before.mode,
      lastTestedAt: report.testedAt,
      lastTestOk: report.ok,
      can: report.can,
      missing: report.missing,
      message: report.message,
    };
    saveStatus(row, { agent: actor, action: 'credential.test', result: report.ok ? 'ok' : 'failed', detail: { missing: report.missing, message: report.message } });
    await changed();
    return { ...report, mode: row.mode };
  }

  async function runTest(store: Store, credential: Credential, redact: (s: string) => string): Promise<ConnectionReportDto> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), testTimeoutMs);
    });
    try {
      const r = await Promise.race([Promise.resolve().then(() => deps.adapterFor(credential).testConnection()), timedOut]);
      if (r === 'timeout') {
        return failure(store, `${STORE_NAMES[store]} did not answer within ${Math.round(testTimeoutMs / 1000)} s.`);
      }
      return {
        store,
        ok: r.ok === true,
        mode: r.mode ?? null,
        can: (r.can ?? []).map(redact),
        missing: (r.missing ?? []).map(redact),
        message: toReportText(r.message, redact),
        testedAt: Number.isFinite(r.testedAt) ? r.testedAt : now(),
      };
    } catch (e) {
      // An adapter should report, not throw; if it throws, its message (never the stack) is shown.
      return failure(store, toReportText(e, redact));
    } finally {
      clearTimeout(timer);
    }
  }

  function failure(store: Store, message: string): ConnectionReportDto {
    return { store, ok: false, mode: null, can: [], missing: [], message, testedAt: now() };
  }

  return { keychain, status, set, replace: set, remove, test, get };
}

function parseEntry(text: string): { v?: unknown; credential?: { store?: unknown } } | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as { v?: unknown; credential?: { store?: unknown } }) : null;
  } catch {
    return null;
  }
}

/** Every secret string a credential holds, for scrubbing store messages. */
function secretTexts(c: Credential): string[] {
  switch (c.store) {
    case 'stripe':
      return [c.secretKey];
    case 'amazon':
      return [c.sharedSecret];
    case 'apple':
      return [c.privateKey];
    case 'google': {
      // The key and its ID are secret; client_email and project_id are not, and stay
      // readable in store messages ("… does not have permission").
      const doc = parseEntry(c.serviceAccountJson) as { private_key?: unknown; private_key_id?: unknown } | null;
      const parts = [doc?.private_key, doc?.private_key_id].filter((v): v is string => typeof v === 'string');
      return [c.serviceAccountJson, ...parts];
    }
    default:
      return declaredSecrets(c);
  }
}

/** A declared credential's secrets: the fields its profile marks secret. */
function declaredSecrets(c: Omit<DeclaredCredential, 'store'> & { store: Store }): string[] {
  return (STORE_PROFILES[c.store].credentialFields ?? []).filter((f) => f.secret).map((f) => c.fields[f.name] ?? '').filter(Boolean);
}
