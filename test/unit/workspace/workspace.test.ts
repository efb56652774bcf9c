// The workspace list (workspaces.json) and the files behind it, in a temp user-data folder:
// first run, a new empty workspace, selection, and a damaged list that is refused, not reset.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/connection';
import { SCHEMA_VERSION } from '../../../src-main/db/migrations';
import { DeskError } from '../../../src-main/ipc/define';
import {
  addWorkspace,
  createWorkspaceFile,
  listWorkspaces,
  newWorkspaceId,
  openCurrentWorkspace,
  readWorkspaceList,
  selectWorkspace,
  workspaceFile,
} from '../../../src-main/workspace';
import { allSettings, eventCount } from '../../support/read';
import { listCustomers } from '../../../src-main/db/customers';
import { getSetting } from '../../../src-main/db/settings';

let dir: string;
const listPath = () => join(dir, 'workspaces.json');
const readJson = () => JSON.parse(readFileSync(listPath(), 'utf8')) as { current: string; workspaces: { id: string; name: string; demo: boolean }[] };
const TEAM = { id: 'team-a', name: 'Team A', demo: false };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rd-ws-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function seedList(list: unknown) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(listPath(), JSON.stringify(list));
}

function settingsOf(file: string) {
  const db = openDatabase(file);
  try {
    return {
      settings: allSettings(db),
      version: db.pragma('user_version', { simple: true }) as number,
      customers: listCustomers(db, { limit: 200 }).customers.length,
      events: eventCount(db),
    };
  } finally {
    db.close();
  }
}

describe('first run', () => {
  it('writes a valid list with the demo workspace and opens the generated demo', () => {
    const ws = openCurrentWorkspace(dir, { now: Date.UTC(2027, 2, 1) });
    try {
      expect(ws.entry).toEqual({ id: 'demo', name: 'Demo workspace', demo: true });
      expect(readJson()).toEqual({ current: 'demo', workspaces: [{ id: 'demo', name: 'Demo workspace', demo: true }] });
      expect(getSetting(ws.db, 'demo')).toBe('true');
    } finally {
      ws.db.close();
    }
  });
});

describe('a new workspace', () => {
  beforeEach(() => seedList({ current: TEAM.id, workspaces: [TEAM] }));

  it('is an empty, migrated database with no demo label, listed and selected for the next start', () => {
    const open = openCurrentWorkspace(dir);
    open.db.close();
    const entry = createWorkspaceFile(dir, '  Acme Production  ', { agentName: 'Sam' });
    expect(entry).toMatchObject({ name: 'Acme Production', demo: false });
    expect(entry.id).toMatch(/^acme-production-[0-9a-f]{6}$/);
    // Created but not listed yet: the list changes only in addWorkspace.
    expect(readJson().current).toBe(TEAM.id);

    const state = settingsOf(workspaceFile(dir, entry.id));
    expect(state.version).toBe(SCHEMA_VERSION);
    expect(state.settings).toEqual([{ key: 'agent_name', value: 'Sam' }]);
    expect(state.settings.some((s) => s.key === 'demo')).toBe(false);
    expect([state.customers, state.events]).toEqual([0, 0]);

    addWorkspace(dir, entry);
    expect(readJson()).toEqual({ current: entry.id, workspaces: [TEAM, entry] });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const reopened = openCurrentWorkspace(dir);
    try {
      expect(reopened.entry).toEqual(entry);
      expect(reopened.file).toBe(workspaceFile(dir, entry.id));
    } finally {
      reopened.db.close();
    }
    // The previous workspace's file is kept.
    expect(existsSync(workspaceFile(dir, TEAM.id))).toBe(true);
  });

  it('refuses a name that is already taken, in words, and changes nothing', () => {
    const before = readFileSync(listPath(), 'utf8');
    const error = (() => {
      try {
        createWorkspaceFile(dir, 'team a');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DeskError);
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('“Team A” already exists') });
    expect(readFileSync(listPath(), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['workspaces.json']);
  });

  it('never opens an existing file as a new workspace: a taken ID is skipped', () => {
    writeFileSync(workspaceFile(dir, 'support-aaaaaa'), 'not a database, someone else\'s file');
    const suffixes = ['aaaaaa', 'bbbbbb'];
    const entry = createWorkspaceFile(dir, 'Support', { random: () => suffixes.shift()! });
    expect(entry.id).toBe('support-bbbbbb');
    expect(readFileSync(workspaceFile(dir, 'support-aaaaaa'), 'utf8')).toBe('not a database, someone else\'s file');
  });
});

describe('ids', () => {
  it('are a file-name-safe slug of the name with a random suffix', () => {
    const fixed = () => '0a1b2c';
    expect(newWorkspaceId('Acme Support — Prod!', fixed)).toBe('acme-support-prod-0a1b2c');
    expect(newWorkspaceId('Café Ñandú', fixed)).toBe('cafe-nandu-0a1b2c');
    expect(newWorkspaceId('日本チーム', fixed)).toBe('workspace-0a1b2c');
    expect(newWorkspaceId('../../etc/passwd', fixed)).toBe('etc-passwd-0a1b2c');
    const long = newWorkspaceId('a very long team name that goes on and on and on', fixed);
    expect(long).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(long).not.toContain('--');
    expect(newWorkspaceId('Support')).not.toBe(newWorkspaceId('Support'));
  });
});

describe('selection', () => {
  it('selects a listed workspace and refuses an unknown one with not_found, leaving the list as it was', () => {
    const other = { id: 'team-b', name: 'Team B', demo: false };
    seedList({ current: TEAM.id, workspaces: [TEAM, other] });
    expect(selectWorkspace(dir, 'team-b')).toEqual(other);
    expect(readJson().current).toBe('team-b');
    const before = readFileSync(listPath(), 'utf8');
    expect(() => selectWorkspace(dir, 'team-x')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(readFileSync(listPath(), 'utf8')).toBe(before);
    expect(listWorkspaces(dir).workspaces.map((w) => w.id)).toEqual(['team-a', 'team-b']);
  });
});

describe('a damaged list', () => {
  it('is an error that names the file, never a silent reset to the demo', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(listPath(), '{"current": "team-a", "workspaces": [');
    const mtime = statSync(listPath()).mtimeMs;
    expect(() => openCurrentWorkspace(dir)).toThrow(/workspaces\.json is damaged \(not valid JSON\).*left it as it is/);
    expect(() => listWorkspaces(dir)).toThrow(/damaged/);
    expect(() => createWorkspaceFile(dir, 'New')).toThrow(/damaged/);
    expect(readFileSync(listPath(), 'utf8')).toBe('{"current": "team-a", "workspaces": [');
    expect(statSync(listPath()).mtimeMs).toBe(mtime);
    expect(readdirSync(dir)).toEqual(['workspaces.json']);
  });

  it('refuses a list whose current workspace is missing or whose IDs repeat', () => {
    seedList({ current: 'gone', workspaces: [TEAM] });
    expect(() => readWorkspaceList(dir)).toThrow(/damaged \(the current workspace is not in the list\)/);
    seedList({ current: TEAM.id, workspaces: [TEAM, TEAM] });
    expect(() => readWorkspaceList(dir)).toThrow(/damaged \(two workspaces share an ID\)/);
    seedList({ current: TEAM.id, workspaces: [{ ...TEAM, id: '../x' }] });
    expect(() => openCurrentWorkspace(dir)).toThrow(/damaged/);
  });
});
