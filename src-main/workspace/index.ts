// Workspaces: one SQLite file each in the user-data folder, listed in workspaces.json. On
// the first run, with no workspace configured, the demo workspace is created and opened,
// labelled as demo data. A run keeps one workspace open; another one opens after a restart.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../ipc/define';
import { openDatabase, type Db } from '../db/connection';
import { migrate, type MigrationProgress } from '../db/migrations';
import { getSetting, putSetting } from '../db/settings';
import { createDemoWorkspace } from '../demo/generate';

const WorkspaceEntry = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), name: z.string().min(1).max(80), demo: z.boolean() });
const WorkspaceList = z
  .object({ current: z.string(), workspaces: z.array(WorkspaceEntry).min(1) })
  .refine((l) => new Set(l.workspaces.map((w) => w.id)).size === l.workspaces.length, 'two workspaces share an ID')
  .refine((l) => l.workspaces.some((w) => w.id === l.current), 'the current workspace is not in the list');
export type WorkspaceEntry = z.infer<typeof WorkspaceEntry>;
export type WorkspaceList = z.infer<typeof WorkspaceList>;

export interface OpenWorkspace {
  entry: WorkspaceEntry;
  file: string;
  db: Db;
}

const DEMO: WorkspaceEntry = { id: 'demo', name: 'Demo workspace', demo: true };

function listFile(dataDir: string) {
  return join(dataDir, 'workspaces.json');
}

/** The folder of workspaces.json and the workspace files, inside Electron's user-data folder. */
export function workspacesDir(userDataDir: string): string {
  return join(userDataDir, 'workspaces');
}

export function workspaceFile(dataDir: string, id: string): string {
  return join(dataDir, `${id}.sqlite`);
}

function damaged(dataDir: string, why: string): DeskError {
  return new DeskError('internal', `The workspace list ${listFile(dataDir)} is damaged (${why}). Refund Desk left it as it is: fix it, or move it away to start again with the demo workspace. No workspace database was changed.`);
}

/** The list as stored; null before the first run. A damaged list is an error, never a silent reset. */
export function readWorkspaceList(dataDir: string): WorkspaceList | null {
  if (!existsSync(listFile(dataDir))) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(listFile(dataDir), 'utf8'));
  } catch {
    throw damaged(dataDir, 'not valid JSON');
  }
  const parsed = WorkspaceList.safeParse(raw);
  if (!parsed.success) throw damaged(dataDir, parsed.error.issues[0]?.message ?? 'unexpected content');
  return parsed.data;
}

function requireList(dataDir: string): WorkspaceList {
  const list = readWorkspaceList(dataDir);
  if (!list) throw new DeskError('internal', `The workspace list ${listFile(dataDir)} is missing; restart Refund Desk to recreate it.`);
  return list;
}

/** Atomic: a crash leaves the old list or the new one, never half of either. */
function writeList(dataDir: string, list: WorkspaceList) {
  const tmp = `${listFile(dataDir)}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(list, null, 2));
      // The list is the only map to a team's real data: it must be on disk before it replaces the old one.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, listFile(dataDir));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new DeskError('internal', `The workspace list ${listFile(dataDir)} could not be saved (${code}); nothing was switched. Check that the data folder is writable and has free space.`);
  }
}

/** `onProgress`: migration 006's ledger rebuild reports here (main forwards it as onMigrationProgress). */
export function openCurrentWorkspace(dataDir: string, opts: { now?: number; onProgress?: MigrationProgress } = {}): OpenWorkspace {
  mkdirSync(dataDir, { recursive: true });
  let list = readWorkspaceList(dataDir);
  if (!list) {
    list = { current: DEMO.id, workspaces: [DEMO] };
    writeList(dataDir, list);
  }
  const current = list.current;
  const entry = list.workspaces.find((w) => w.id === current)!;
  const file = workspaceFile(dataDir, entry.id);
  if (entry.demo && !existsSync(file)) return { entry, file, db: createDemoWorkspace(file, { now: opts.now }) };
  const db = openDatabase(file);
  migrate(db, undefined, opts.onProgress);
  return { entry, file, db };
}

/** A file-name-safe slug of the name plus a random suffix, so two teams' "Support" never share a file. */
export function newWorkspaceId(name: string, random: () => string = () => randomBytes(3).toString('hex')): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
  return `${slug || 'workspace'}-${random()}`;
}

/**
 * Creates the empty, migrated database of a new (non-demo) workspace and returns its entry,
 * not yet listed (addWorkspace lists and selects it). Never touches an existing file.
 */
export function createWorkspaceFile(dataDir: string, name: string, opts: { agentName?: string; random?: () => string } = {}): WorkspaceEntry {
  const list = requireList(dataDir);
  const clash = list.workspaces.find((w) => w.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (clash) throw new DeskError('conflict', `A workspace named “${clash.name}” already exists. Pick another name, or switch to it.`);
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = newWorkspaceId(name, opts.random);
    if (list.workspaces.some((w) => w.id === id) || existsSync(workspaceFile(dataDir, id))) continue;
    const db = openDatabase(workspaceFile(dataDir, id));
    try {
      migrate(db);
      // The agent stays the same person: their name carries over into the new workspace's audit log.
      if (opts.agentName) writeSettings(db, { agentName: opts.agentName });
    } finally {
      db.close();
    }
    return { id, name: name.trim(), demo: false };
  }
  throw new DeskError('internal', 'Refund Desk could not pick a free file name for the workspace. Try again.');
}

/** Lists the new workspace and selects it for the next start. */
export function addWorkspace(dataDir: string, entry: WorkspaceEntry): WorkspaceList {
  const list = requireList(dataDir);
  const next = { current: entry.id, workspaces: [...list.workspaces, WorkspaceEntry.parse(entry)] };
  writeList(dataDir, next);
  return next;
}

/** The listed workspace with this ID; not_found when the list has none. */
export function workspaceEntry(list: WorkspaceList, id: string): WorkspaceEntry {
  const entry = list.workspaces.find((w) => w.id === id);
  if (!entry) throw new DeskError('not_found', 'There is no workspace with this ID. Reopen Settings to see the current list.');
  return entry;
}

/** Selects a listed workspace for the next start. */
export function selectWorkspace(dataDir: string, id: string): WorkspaceEntry {
  const list = requireList(dataDir);
  const entry = workspaceEntry(list, id);
  if (list.current !== id) writeList(dataDir, { ...list, current: id });
  return entry;
}

export function listWorkspaces(dataDir: string): WorkspaceList {
  return requireList(dataDir);
}

/** Per-workspace preferences kept in the workspace's own settings table (never secrets). */
export interface WorkspaceSettings {
  agentName: string;
  stripeMetadataKey: string;
}

const DEFAULTS: WorkspaceSettings = { agentName: '', stripeMetadataKey: 'app_user_id' };

export function readSettings(db: Db): WorkspaceSettings {
  return {
    agentName: getSetting(db, 'agent_name') ?? DEFAULTS.agentName,
    stripeMetadataKey: getSetting(db, 'stripe_metadata_key') ?? DEFAULTS.stripeMetadataKey,
  };
}

export function writeSettings(db: Db, patch: Partial<WorkspaceSettings>): WorkspaceSettings {
  db.transaction(() => {
    if (patch.agentName !== undefined) putSetting(db, 'agent_name', patch.agentName);
    if (patch.stripeMetadataKey !== undefined) putSetting(db, 'stripe_metadata_key', patch.stripeMetadataKey);
  })();
  return readSettings(db);
}
