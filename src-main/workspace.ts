// Workspaces: one SQLite file each in the user-data folder. On the first run, with no
// workspace configured, the demo workspace is created and opened, labelled as demo data.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { openDatabase, type Db } from './db/connection';
import { migrate } from './db/migrations';
import { createDemoWorkspace } from './demo/generate';

const WorkspaceEntry = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), name: z.string().min(1).max(80), demo: z.boolean() });
const WorkspaceList = z.object({ current: z.string(), workspaces: z.array(WorkspaceEntry).min(1) });
export type WorkspaceEntry = z.infer<typeof WorkspaceEntry>;

export interface OpenWorkspace {
  entry: WorkspaceEntry;
  file: string;
  db: Db;
}

const DEMO: WorkspaceEntry = { id: 'demo', name: 'Demo workspace', demo: true };

function listFile(dataDir: string) {
  return join(dataDir, 'workspaces.json');
}

function readList(dataDir: string): z.infer<typeof WorkspaceList> | null {
  if (!existsSync(listFile(dataDir))) return null;
  // A damaged list must not silently start an empty workspace over real data: say so.
  const parsed = WorkspaceList.safeParse(JSON.parse(readFileSync(listFile(dataDir), 'utf8')));
  if (!parsed.success) throw new Error(`The workspace list ${listFile(dataDir)} is damaged; fix or remove it.`);
  return parsed.data;
}

function writeList(dataDir: string, list: z.infer<typeof WorkspaceList>) {
  writeFileSync(`${listFile(dataDir)}.tmp`, JSON.stringify(list, null, 2));
  renameSync(`${listFile(dataDir)}.tmp`, listFile(dataDir));
}

export function openCurrentWorkspace(dataDir: string, opts: { now?: number } = {}): OpenWorkspace {
  mkdirSync(dataDir, { recursive: true });
  let list = readList(dataDir);
  if (!list) {
    list = { current: DEMO.id, workspaces: [DEMO] };
    writeList(dataDir, list);
  }
  const entry = list.workspaces.find((w) => w.id === list.current) ?? list.workspaces[0]!;
  const file = join(dataDir, `${entry.id}.sqlite`);
  if (entry.demo && !existsSync(file)) return { entry, file, db: createDemoWorkspace(file, { now: opts.now }) };
  const db = openDatabase(file);
  migrate(db);
  return { entry, file, db };
}

/** Per-workspace preferences kept in the workspace's own settings table (never secrets). */
export interface WorkspaceSettings {
  agentName: string;
  stripeMetadataKey: string;
}

const DEFAULTS: WorkspaceSettings = { agentName: '', stripeMetadataKey: 'app_user_id' };

export function readSettings(db: Db): WorkspaceSettings {
  const rows = db.prepare(`SELECT key, value FROM settings WHERE key IN ('agent_name', 'stripe_metadata_key')`).all() as { key: string; value: string }[];
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return { agentName: map.get('agent_name') ?? DEFAULTS.agentName, stripeMetadataKey: map.get('stripe_metadata_key') ?? DEFAULTS.stripeMetadataKey };
}

export function writeSettings(db: Db, patch: Partial<WorkspaceSettings>): WorkspaceSettings {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    if (patch.agentName !== undefined) upsert.run('agent_name', patch.agentName);
    if (patch.stripeMetadataKey !== undefined) upsert.run('stripe_metadata_key', patch.stripeMetadataKey);
  })();
  return readSettings(db);
}
