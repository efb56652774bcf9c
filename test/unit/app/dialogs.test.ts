// Main's dialogs over a recording stand-in for Electron's `dialog` (no Electron binary
// here), and the update channels over an injected updater.
import type { BrowserWindow, Dialog } from 'electron';
import { describe, expect, it } from 'vitest';
import { createUpdateHandlers, NO_UPDATER } from '../../../src-main/updates/handlers';
import { createFileDialogs } from '../../../src-main/shell/dialogs';
import type { UpdateStatusDto } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/context';

type Answer = { canceled: boolean; filePath?: string; filePaths?: string[] };
function fakeDialog(answer: Answer) {
  const asked: { which: string; parent: unknown; options: Record<string, unknown> }[] = [];
  const record = (which: string) => async (a: unknown, b?: unknown) => {
    asked.push({ which, parent: b === undefined ? null : a, options: (b ?? a) as Record<string, unknown> });
    return { filePaths: [], ...answer } as never;
  };
  return { asked, dialog: { showOpenDialog: record('open'), showSaveDialog: record('save') } as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'> };
}
const win = { id: 1 } as unknown as BrowserWindow;

describe('file dialogs', () => {
  it('opens one file, parented to the window, filtered to history files', async () => {
    const { dialog, asked } = fakeDialog({ canceled: false, filePaths: ['/home/a/events.jsonl'] });
    const d = createFileDialogs(dialog, () => win, '/home/a/Documents');
    expect(await d.chooseOpenFile('import')).toBe('/home/a/events.jsonl');
    expect(asked[0]).toMatchObject({ which: 'open', parent: win, options: { properties: ['openFile'], defaultPath: '/home/a/Documents' } });
    expect(JSON.stringify(asked[0]!.options)).toContain('rdexport');
  });

  it('answers null when the agent cancels either dialog', async () => {
    const { dialog } = fakeDialog({ canceled: true, filePath: '', filePaths: [] });
    const d = createFileDialogs(dialog, () => null, '/docs');
    expect(await d.chooseOpenFile('import')).toBeNull();
    expect(await d.chooseSaveFile('export', 'x.rdexport')).toBeNull();
  });

  it('suggests the name in Documents and adds the extension a typed name lacks', async () => {
    const typed = fakeDialog({ canceled: false, filePath: '/docs/backup' });
    expect(await createFileDialogs(typed.dialog, () => null, '/docs').chooseSaveFile('export', 'acme-2027-03-02.rdexport')).toBe('/docs/backup.rdexport');
    expect(typed.asked[0]).toMatchObject({ which: 'save', parent: null, options: { defaultPath: '/docs/acme-2027-03-02.rdexport', filters: [{ extensions: ['rdexport'] }] } });
    const csv = fakeDialog({ canceled: false, filePath: '/docs/audit.CSV' });
    expect(await createFileDialogs(csv.dialog, () => win, '/docs').chooseSaveFile('csv', 'audit-log.csv')).toBe('/docs/audit.CSV');
  });
});

describe('update channels', () => {
  const ctx = {} as HandlerContext;
  it('reports the injected updater\'s status and restarts only when it says so', async () => {
    let status: UpdateStatusDto = { state: 'downloading', version: '1.4.0', percent: 40 };
    let restarts = 0;
    const h = createUpdateHandlers({ status: () => status, restart: () => (status.state === 'ready' ? (restarts++, true) : false) });
    expect(await h['updates:status']({}, ctx)).toEqual(status);
    expect(await h['updates:restart']({}, ctx)).toEqual({ restarting: false });
    status = { state: 'ready', version: '1.4.0' };
    expect(await h['updates:restart']({}, ctx)).toEqual({ restarting: true });
    expect(restarts).toBe(1);
  });

  it('without an updater says it is off, and never restarts', async () => {
    const h = createUpdateHandlers(NO_UPDATER);
    expect(await h['updates:status']({}, ctx)).toEqual({ state: 'disabled', reason: 'dev' });
    expect(await h['updates:restart']({}, ctx)).toEqual({ restarting: false });
  });
});
