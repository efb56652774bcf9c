// The append-only audit log (the table refuses UPDATE and DELETE).
import type { Db } from './connection';
import { withFullSync } from './connection';
import { stmt } from './statements';

export interface AuditEntry {
  agent: { osUser: string; name: string };
  action: string;
  target?: string | null;
  /** 'absent': nothing to act on (e.g. removing a credential that was not set). */
  result: 'ok' | 'failed' | 'refused' | 'absent';
  detail?: Record<string, unknown> | null;
}

/** Written with synchronous=FULL: the record of who did what must survive a power loss. */
export function appendAudit(db: Db, entry: AuditEntry, now = Date.now()): number {
  return withFullSync(db, () => insertAudit(db, entry, now));
}

/** For callers already inside a transaction (the audit row commits with their change). */
export function insertAudit(db: Db, entry: AuditEntry, now = Date.now()): number {
  const info = stmt(
    db,
    'INSERT INTO audit_log (at, os_user, agent_name, action, target, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    now,
    entry.agent.osUser,
    entry.agent.name || null,
    entry.action,
    entry.target ?? null,
    entry.result,
    entry.detail ? JSON.stringify(entry.detail) : null,
  );
  return Number(info.lastInsertRowid);
}
