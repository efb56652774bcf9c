// Reading and exporting the append-only audit log (entries are appended by
// src-main/db/audit.ts). Filters travel as parameters; the SQL text is constant.
import { toCsv, writeFileAtomic } from '../db/csv';
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { AuditEntryDto, AuditFilterDto } from '../ipc/channels/audit';

interface Row {
  id: number;
  at: number;
  os_user: string;
  agent_name: string | null;
  action: string;
  target: string | null;
  result: string;
  detail: string | null;
}

const LIST = `SELECT id, at, os_user, agent_name, action, target, result, detail FROM audit_log
  WHERE (@action IS NULL OR action = @action OR action LIKE @actionPrefix ESCAPE '\\')
    AND (@agent IS NULL OR os_user = @agent OR agent_name = @agent)
    AND (@from IS NULL OR at >= @from)
    AND (@to IS NULL OR at <= @to)
    AND (@beforeId IS NULL OR id < @beforeId)
    AND (@text IS NULL OR instr(lower(coalesce(target, '') || ' ' || action || ' ' || result || ' ' || coalesce(detail, '') || ' ' || os_user || ' ' || coalesce(agent_name, '')), @text) > 0)
  ORDER BY id DESC LIMIT @limit`;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Detail keys that could carry a secret are never shown or exported, whoever wrote them. */
const SECRET_KEY = /secret|key|token|password|credential|private/i;

function detailWords(json: string | null): string | null {
  if (!json) return null;
  let d: unknown;
  try {
    d = JSON.parse(json);
  } catch {
    return null;
  }
  if (!d || typeof d !== 'object') return null;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(d as Record<string, unknown>)) {
    if (v == null || SECRET_KEY.test(k) || typeof v === 'object') continue;
    parts.push(`${k}=${String(v)}`);
  }
  return parts.length ? parts.join('; ') : null;
}

function toDto(r: Row): AuditEntryDto {
  return {
    id: r.id,
    at: r.at,
    agent: { osUser: r.os_user, name: r.agent_name },
    action: r.action,
    target: r.target,
    result: r.result,
    detail: detailWords(r.detail),
  };
}

/** Newest first. `action` matches exactly or as a prefix ("refund" finds refund.succeeded). */
export function listAudit(db: Db, f: AuditFilterDto = {}): { entries: AuditEntryDto[]; nextBeforeId: number | null } {
  const limit = f.limit ?? 200;
  const rows = stmt(db, LIST).all({
    action: f.action || null,
    actionPrefix: f.action ? `${likeEscape(f.action)}.%` : null,
    agent: f.agent || null,
    from: f.from ?? null,
    to: f.to ?? null,
    beforeId: f.beforeId ?? null,
    text: f.text ? f.text.toLowerCase() : null,
    limit: limit + 1,
  }) as Row[];
  const entries = rows.slice(0, limit).map(toDto);
  return { entries, nextBeforeId: rows.length > limit ? (entries[entries.length - 1]?.id ?? null) : null };
}

export const CSV_HEADER = ['time (UTC)', 'os user', 'agent name', 'action', 'target', 'result', 'detail'];

export function auditCsv(entries: AuditEntryDto[]): string {
  return toCsv(CSV_HEADER, entries.map((e) => [new Date(e.at).toISOString(), e.agent.osUser, e.agent.name, e.action, e.target, e.result, e.detail]));
}

/** Writes every matching entry (all pages), oldest last as listed; atomic rename so a crash leaves no half file. */
export function exportAuditCsv(db: Db, file: string, f: AuditFilterDto = {}): { file: string; rows: number } {
  const all: AuditEntryDto[] = [];
  let beforeId: number | undefined = f.beforeId;
  for (;;) {
    const page = listAudit(db, { ...f, limit: 5000, ...(beforeId ? { beforeId } : {}) });
    all.push(...page.entries);
    if (page.nextBeforeId == null) break;
    beforeId = page.nextBeforeId;
  }
  // The byte-order mark makes spreadsheets read the agents' names as UTF-8.
  writeFileAtomic(file, '\uFEFF' + auditCsv(all));
  return { file, rows: all.length };
}
