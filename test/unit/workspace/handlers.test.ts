// The workspace channels through dispatch() (the wrapper Electron's IPC uses): payloads
// parsed with the contract's schemas, errors as data, the audit in the open workspace,
// and the restart asked for only after the answer.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src-main/db/connection';
import type { ChannelName, Handlers, RequestOf } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { dispatch } from '../../../src-main/ipc/handle';
import { openCurrentWorkspace, workspaceFile, type OpenWorkspace } from '../../../src-main/workspace';
import { createWorkspaceHandlers } from '../../../src-main/workspace/handlers';

let dir: string;
let ws: OpenWorkspace;
let restarts: number;
let h: ReturnType<typeof createWorkspaceHandlers>;
const ctx: HandlerContext = { agent: { osUser: 'ann', name: 'Ann' }, emit: () => undefined };
const log = { warn: vi.fn(), error: vi.fn() };
const TEAM = { id: 'team-a', name: 'Team A', demo: false };
const DEMO = { id: 'demo', name: 'Demo workspace', demo: true };
const listJson = () => JSON.parse(readFileSync(join(dir, 'workspaces.json'), 'utf8')) as { current: string; workspaces: { id: string }[] };
const audit = () => ws.db.prepare('SELECT action, target, result, os_user, agent_name, detail FROM audit_log ORDER BY id').all() as { action: string; target: string; result: string; os_user: string; agent_name: string; detail: string }[];

function call<C extends Extract<ChannelName, `workspace:${string}`>>(channel: C, payload: RequestOf<C> | Record<string, unknown>) {
  return dispatch(channel, h[channel] as Handlers<HandlerContext>[C], payload, ctx, log);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rd-wsh-'));
  mkdirSync(dir, { recursive: true });
  // The demo is listed but its file is never generated here: only team-a is opened.
  writeFileSync(join(dir, 'workspaces.json'), JSON.stringify({ current: TEAM.id, workspaces: [DEMO, TEAM] }));
  ws = openCurrentWorkspace(dir);
  restarts = 0;
  h = createWorkspaceHandlers({ dataDir: dir, workspace: ws, osUser: 'ann', now: () => 1_700_000_000_000, restart: () => void restarts++ });
  log.error.mockClear();
});
afterEach(() => {
  ws.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent name and paths', () => {
  it('sends base names, never the absolute paths of the file and the data folder', async () => {
    const res = await call('workspace:get', {});
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.file).toBe('team-a.sqlite');
    expect(res.value.dataDir).toBe(dir.split(/[\\/]/).at(-1));
    expect(JSON.stringify(res.value)).not.toContain(tmpdir());
  });

  it('audits a rename of the agent with the old and the new name; an unchanged name is not audited', async () => {
    expect(await call('workspace:update', { agentName: 'Ann Lee' })).toMatchObject({ ok: true, value: { agentName: 'Ann Lee' } });
    expect(await call('workspace:update', { agentName: 'Ann Lee', stripeMetadataKey: 'uid' })).toMatchObject({ ok: true });
    const rows = audit().filter((a) => a.action === 'workspace.agentName');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target: 'workspace:team-a', result: 'ok', os_user: 'ann' });
    expect(JSON.parse(rows[0]!.detail)).toEqual({ from: expect.any(String), to: 'Ann Lee' });
  });

  it('refuses bidi and control characters in the agent name, in words, writing nothing', async () => {
    const before = await call('workspace:get', {});
    for (const agentName of ['Ann\u202Eeil', 'Ann\u2067x\u2069', 'Ann\nBob', 'Ann\u0000', 'A\u200Fnn', 'Ann\u061C']) {
      const r = await call('workspace:update', { agentName });
      expect(r, JSON.stringify(agentName)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/no line breaks or tabs|no invisible text-direction marks/) } });
    }
    expect(await call('workspace:get', {})).toEqual(before);
    expect(audit()).toEqual([]);
    // Letters of any script are fine, right-to-left ones included.
    expect(await call('workspace:update', { agentName: '  أنا Zoë  ' })).toMatchObject({ ok: true, value: { agentName: 'أنا Zoë' } });
  });
});

describe('workspace channels', () => {
  it('lists the workspaces with the open one as current', async () => {
    expect(await call('workspace:list', {})).toEqual({ ok: true, value: { current: 'team-a', selected: 'team-a', workspaces: [DEMO, TEAM] } });
    expect(await call('workspace:list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('creates an empty workspace, audits it in the open one, selects it and restarts after answering', async () => {
    const res = await call('workspace:create', { name: 'Acme Production' });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value).toMatchObject({ restartRequired: true, workspace: { name: 'Acme Production', demo: false } });
    // The answer comes first; the restart right after it.
    expect(restarts).toBe(0);
    await vi.waitFor(() => expect(restarts).toBe(1));

    const id = res.value.workspace.id;
    expect(listJson()).toEqual({ current: id, workspaces: [DEMO, TEAM, { id, name: 'Acme Production', demo: false }] });
    expect(audit()).toEqual([
      {
        action: 'workspace.create',
        target: `workspace:${id}`,
        result: 'ok',
        os_user: 'ann',
        agent_name: 'Ann',
        detail: JSON.stringify({ from: 'team-a', fromName: 'Team A', to: id, toName: 'Acme Production' }),
      },
    ]);
    // This run keeps its database until the restart.
    expect((await call('workspace:get', {})).ok && (await call('workspace:list', {}))).toMatchObject({ ok: true, value: { current: 'team-a', selected: id } });
    const fresh = openDatabase(workspaceFile(dir, id));
    try {
      expect(fresh.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
      expect(fresh.prepare(`SELECT key FROM settings WHERE key = 'demo'`).get()).toBeUndefined();
    } finally {
      fresh.close();
    }
  });

  it('refuses a bad name in words, before anything is written', async () => {
    for (const [name, words] of [
      ['   ', 'Give the workspace a name'],
      ['a'.repeat(81), '80 characters or fewer'],
      ['Line\nbreak', 'no line breaks or tabs'],
      ['Team A', '“Team A” already exists'],
    ] as const) {
      const res = await call('workspace:create', { name });
      expect(res, name).toMatchObject({ ok: false, error: { code: name === 'Team A' ? 'conflict' : 'invalid_input', message: expect.stringContaining(words) } });
    }
    expect(await call('workspace:create', { name: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(listJson().workspaces).toHaveLength(2);
    expect(audit()).toEqual([]);
    await new Promise((r) => setTimeout(r, 10));
    expect(restarts).toBe(0);
  });

  it('switches to a listed workspace, refuses an unknown one, and switching back to the open one needs no restart', async () => {
    expect(await call('workspace:switch', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('workspace:switch', { id: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(audit()).toEqual([]);

    expect(await call('workspace:switch', { id: 'demo' })).toEqual({ ok: true, value: { workspace: DEMO, restartRequired: true } });
    await vi.waitFor(() => expect(restarts).toBe(1));
    expect(listJson().current).toBe('demo');

    expect(await call('workspace:switch', { id: 'team-a' })).toEqual({ ok: true, value: { workspace: TEAM, restartRequired: false } });
    expect(listJson().current).toBe('team-a');
    // Already selected and open: nothing changes, nothing is audited.
    expect(await call('workspace:switch', { id: 'team-a' })).toMatchObject({ ok: true, value: { restartRequired: false } });
    await new Promise((r) => setTimeout(r, 10));
    expect(restarts).toBe(1);
    expect(audit().map((a) => [a.action, a.target, a.result])).toEqual([
      ['workspace.switch', 'workspace:demo', 'ok'],
      ['workspace.switch', 'workspace:team-a', 'ok'],
    ]);
  });

  it('a list damaged while the app runs is reported in words, and nothing switches', async () => {
    writeFileSync(join(dir, 'workspaces.json'), 'garbage');
    for (const res of [await call('workspace:list', {}), await call('workspace:switch', { id: 'demo' }), await call('workspace:create', { name: 'New' })]) {
      expect(res).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('workspaces.json is damaged') } });
    }
    expect(readFileSync(join(dir, 'workspaces.json'), 'utf8')).toBe('garbage');
    expect(audit()).toEqual([]);
    expect(restarts).toBe(0);
  });

  it('a list that cannot be written leaves no "ok" audit row, only the failure', async () => {
    // A directory where the temporary list file goes: the write fails after the audit row was inserted.
    mkdirSync(join(dir, 'workspaces.json.tmp'));
    const res = await call('workspace:switch', { id: 'demo' });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/could not be saved \(EISDIR\); nothing was switched/) } });
    expect(audit().map((a) => [a.action, a.result])).toEqual([['workspace.switch', 'failed']]);
    expect(listJson().current).toBe('team-a');
    expect(restarts).toBe(0);
  });
});
