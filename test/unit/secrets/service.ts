// A credential service over a real migrated SQLite file and a given SecretStore.
import type { ConnectionReport } from '../../../src-main/stores/adapter';
import type { CredentialsDto } from '../../../src-main/ipc/channels/credentials';
import type { Emit } from '../../../src-main/ipc/context';
import type { Credential } from '../../../src-main/secrets/credentials';
import { createCredentialService, type AdapterFactory } from '../../../src-main/secrets/credentialService';
import type { SecretStore } from '../../../src-main/secrets/secretStore';
import { tempDb, type TempDb } from '../../support/db';
import { auditRecords, type AuditRecord } from '../../support/read';

export const agent = { osUser: 'agent-os', name: 'Agent Smith' };

export interface Harness {
  t: TempDb;
  service: ReturnType<typeof createCredentialService>;
  events: CredentialsDto[];
  /** Credentials handed to the adapter factory, in order. */
  seen: Credential[];
  setReport(fn: (c: Credential) => Promise<ConnectionReport>): void;
  clock: { now: number };
}

export function harness(secrets: SecretStore, opts: { workspaceId?: string; testTimeoutMs?: number } = {}): Harness {
  const t = tempDb();
  const events: CredentialsDto[] = [];
  const seen: Credential[] = [];
  const clock = { now: 1_700_000_000_000 };
  let report: (c: Credential) => Promise<ConnectionReport> = async () => ({
    ok: true,
    can: [],
    missing: [],
    message: 'ok',
    testedAt: clock.now,
  });
  const adapterFor: AdapterFactory = (c) => {
    seen.push(c);
    return { testConnection: () => report(c) };
  };
  const emit: Emit = (name, payload) => {
    if (name === 'onCredentialsChanged') events.push(payload as CredentialsDto);
  };
  const service = createCredentialService({
    secrets,
    workspaceId: opts.workspaceId ?? 'ws-test',
    db: t.db,
    adapterFor,
    now: () => clock.now,
    emit,
    testTimeoutMs: opts.testTimeoutMs,
  });
  return { t, service, events, seen, clock, setReport: (fn) => (report = fn) };
}

export const auditRows = (t: TempDb): AuditRecord[] => auditRecords(t.db);
