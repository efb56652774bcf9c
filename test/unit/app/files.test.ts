// The dialog-token mechanism, driven through the same dispatch as Electron's IPC, over a
// real migrated workspace and real files: the renderer never names a path, and never
// sees one.
import { utimesSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileHandlers } from '../../../src-main/transfer/handlers';
import { createFileTokens } from '../../../src-main/transfer/fileTokens';
import { createCacheHandlers } from '../../../src-main/customers/handlers';
import { createTransferOps } from '../../../src-main/transfer/ops';
import type { ChannelName, EventName, Handlers } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { dispatch } from '../../../src-main/ipc/handle';
import { tempDb, type TempDb } from '../../support/db';
import { rcBody } from '../../support/rcEvents';

let t: TempDb;
let dir: string;
let openAnswer: string | null;
let saveAnswer: string | null;
let saveAsked: { kind: string; name: string }[];
let handlers: Handlers<HandlerContext>;
let emitted: { name: EventName; payload: unknown }[];
let sent: unknown[];

const ctx: HandlerContext = {
  agent: { osUser: 'tester', name: 'Test Agent' },
  emit: (name, payload) => void emitted.push({ name, payload }),
};

async function call<C extends ChannelName>(channel: C, payload: unknown) {
  const result = await dispatch(channel, handlers[channel], payload, ctx, { warn() {}, error() {} });
  sent.push(payload, result);
  return result;
}
async function ok<C extends ChannelName>(channel: C, payload: unknown) {
  const r = await call(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeEach(() => {
  t = tempDb();
  // A folder name nobody would print by accident: if it shows up in IPC, a path leaked.
  dir = join(t.dir, 'private-folder-Zq81');
  mkdirSync(dir);
  openAnswer = null;
  saveAnswer = null;
  saveAsked = [];
  emitted = [];
  sent = [];
  const cache = createCacheHandlers({ db: t.db, userDataDir: t.dir });
  handlers = {
    ...cache,
    ...createFileHandlers({
      chooseOpenFile: async () => openAnswer,
      chooseSaveFile: async (kind, name) => {
        saveAsked.push({ kind, name });
        return saveAnswer;
      },
      transfer: createTransferOps({ db: t.db, userDataDir: t.dir }),
      workspaceName: () => 'Acme Support / EU',
      now: () => Date.UTC(2027, 2, 2),
    }),
  } as Handlers<HandlerContext>;
});
afterEach(() => {
  // No request or response, no event: not the folder, not the file's absolute path.
  const wire = JSON.stringify([sent, emitted]);
  expect(wire).not.toContain('private-folder-Zq81');
  expect(wire).not.toContain(t.dir);
  t.close();
});

function historyFile(name = 'history.jsonl'): string {
  const file = join(dir, name);
  const lines = [JSON.stringify(rcBody(0)), '{"api_version": "1.0", "event": {', JSON.stringify(rcBody(1)), JSON.stringify(rcBody(2, { type: 'SUBSCRIPTION_TELEPORTED' }))];
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('import through main\'s open dialog', () => {
  it('gives the renderer a token, a base name and a size; validates and commits by token', async () => {
    openAnswer = historyFile();
    const { file } = await ok('transfer:chooseImportFile', {});
    expect(file).toMatchObject({ name: 'history.jsonl', bytes: readFileSync(openAnswer).length });
    expect(file!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const report = await ok('transfer:importValidate', { token: file!.token });
    expect(report).toMatchObject({ records: 4, valid: 2, errorCount: 2 });
    expect(report.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(emitted.some((e) => e.name === 'onImportProgress')).toBe(true);
    expect((t.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(0);

    const result = await ok('transfer:importCommit', { token: file!.token });
    expect(result.inserted).toBeGreaterThan(0);
    expect((t.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(result.inserted);
    // A committed token is spent: importing again means choosing the file again.
    const again = await call('transfer:importCommit', { token: file!.token });
    expect(again.ok ? null : again.error.code).toBe('invalid_input');
  });

  it('cancelled dialog: no token at all', async () => {
    expect(await ok('transfer:chooseImportFile', {})).toEqual({ file: null });
  });

  it('refuses an unknown token, and a token the schema would never mint, without reading anything', async () => {
    const unknown = await call('transfer:importValidate', { token: 'A'.repeat(43) });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Choose it again/) } });
    const malformed = await call('transfer:importCommit', { token: '../../etc/passwd' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('accepts no path from the renderer: an extra file field fails the schema', async () => {
    openAnswer = historyFile();
    const { file } = await ok('transfer:chooseImportFile', {});
    const sneaky = { token: file!.token, file: '/etc/passwd' };
    const r = await call('transfer:importValidate', sneaky);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    sent.pop();
    sent.pop(); // this test's own payload names a path on purpose; the responses are checked above
  });

  it('commits only a file that was checked, and not after it changed', async () => {
    openAnswer = historyFile();
    const { file } = await ok('transfer:chooseImportFile', {});
    const unchecked = await call('transfer:importCommit', { token: file!.token });
    expect(unchecked).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Check the file before importing it.' } });

    await ok('transfer:importValidate', { token: file!.token });
    writeFileSync(openAnswer, readFileSync(openAnswer, 'utf8') + JSON.stringify(rcBody(3)) + '\n');
    utimesSync(openAnswer, new Date(), new Date(Date.now() + 5_000));
    const changed = await call('transfer:importCommit', { token: file!.token });
    expect(changed).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^history\.jsonl changed after it was checked/) } });
    expect((t.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(0);
  });

  it('discards a token when the agent cancels', async () => {
    openAnswer = historyFile();
    const { file } = await ok('transfer:chooseImportFile', {});
    expect(await ok('transfer:importDiscard', { token: file!.token })).toEqual({ discarded: true });
    const r = await call('transfer:importValidate', { token: file!.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('names a vanished file by its base name only', async () => {
    openAnswer = historyFile('gone.jsonl');
    const { file } = await ok('transfer:chooseImportFile', {});
    const { rmSync } = await import('node:fs');
    rmSync(openAnswer);
    const r = await call('transfer:importValidate', { token: file!.token });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'not_found', message: 'gone.jsonl is no longer where it was chosen. Choose it again.' });
  });
});

describe('file tokens', () => {
  it('binds a token to the kind of dialog that minted it', () => {
    const tokens = createFileTokens();
    const token = tokens.issue('import', '/somewhere/history.jsonl');
    expect(() => tokens.resolve('export', token)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(tokens.resolve('import', token).path).toBe('/somewhere/history.jsonl');
  });

  it('expires tokens and keeps only the newest ones', () => {
    let now = 1_000;
    const tokens = createFileTokens({ now: () => now, ttlMs: 60_000 });
    const old = tokens.issue('import', '/a');
    now += 60_001;
    expect(() => tokens.resolve('import', old)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    const many = Array.from({ length: 40 }, (_, i) => tokens.issue('import', `/f${i}`));
    expect(tokens.size).toBe(32);
    expect(() => tokens.resolve('import', many[0]!)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(tokens.resolve('import', many[39]!).path).toBe('/f39');
    expect(new Set(many).size).toBe(40);
  });
});

describe('export through main\'s save dialog', () => {
  it('writes where the agent chose and answers with the base name only', async () => {
    openAnswer = historyFile();
    const { file } = await ok('transfer:chooseImportFile', {});
    await ok('transfer:importValidate', { token: file!.token });
    await ok('transfer:importCommit', { token: file!.token });

    saveAnswer = join(dir, 'acme.rdexport');
    const { saved } = await ok('transfer:exportWorkspace', {});
    expect(saveAsked).toEqual([{ kind: 'export', name: 'Acme-Support-EU-2027-03-02.rdexport' }]);
    expect(saved).toEqual({ name: 'acme.rdexport', lines: expect.any(Number) });
    expect(readFileSync(saveAnswer, 'utf8').split('\n').filter(Boolean).length).toBe(saved!.lines);

    const customerId = (t.db.prepare('SELECT MIN(id) AS id FROM customers').get() as { id: number }).id;
    saveAnswer = join(dir, 'one.rdexport');
    const one = await ok('transfer:exportCustomer', { customerId });
    expect(one.saved?.name).toBe('one.rdexport');
    expect(saveAsked[1]).toEqual({ kind: 'export', name: `customer-${customerId}-2027-03-02.rdexport` });
    expect(existsSync(saveAnswer)).toBe(true);
  });

  it('does nothing when the agent cancels the save dialog', async () => {
    expect(await ok('transfer:exportWorkspace', {})).toEqual({ saved: null });
    expect(await ok('transfer:exportCustomer', { customerId: 1 })).toEqual({ saved: null });
  });

  it('refuses to overwrite the workspace database, in words without its path', async () => {
    saveAnswer = t.db.name;
    const r = await call('transfer:exportWorkspace', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'That is the workspace database itself; choose another file.' } });
  });
});
