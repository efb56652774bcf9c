// The Electron entry with `electron` mocked: the window is created with the hardened
// options, every channel is registered through the one wrapper, and that wrapper
// refuses foreign senders and payloads that fail their schema. The workspace is a
// schema-5 one: the window exists before it migrates (in a worker) and before the services.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, eventChannel } from '../../../src-main/ipc/contract';
import { openDatabase } from '../../../src-main/db/connection';
import { SCHEMA_VERSION } from '../../../src-main/db/migrations';
import type * as ServicesModule from '../../../src-main/services';
import { LEGACY_TEAM, seedLegacyWorkspace } from '../../support/legacyWorkspace';

const paths = { userData: mkdtempSync(join(tmpdir(), 'rd-electron-')) };
seedLegacyWorkspace(join(paths.userData, 'workspaces'), 2500);
/** What happened in which order at start-up: windows created, events sent, services built. */
const timeline: string[] = [];
const pageLoaded = new Map<string, () => void>();
const registered = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
const windows: { options: Electron.BrowserWindowConstructorOptions; webContents: { id: number } }[] = [];
let webContentsHook: ((event: unknown, contents: unknown) => void) | undefined;

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      id: 7,
      send: vi.fn((channel: string, payload: unknown) => {
        timeline.push(`send ${channel} ${JSON.stringify(payload)}`);
        // The page finishes loading right after the first progress event, which it missed.
        if (timeline.filter((t) => t.includes('onMigrationProgress')).length === 1) pageLoaded.get('did-finish-load')?.();
      }),
      on: (name: string, fn: () => void) => void pageLoaded.set(name, fn),
    };
    constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
      windows.push(this);
      timeline.push('window');
    }
    static getAllWindows = () => windows;
    once = vi.fn();
    on = vi.fn();
    maximize = vi.fn();
    loadURL = vi.fn(async () => undefined);
  }
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      on: (name: string, fn: (event: unknown, contents: unknown) => void) => {
        if (name === 'web-contents-created') webContentsHook = fn;
      },
      whenReady: () => Promise.resolve(),
      getPath: () => paths.userData,
      getName: () => 'Refund Desk',
      getVersion: () => '0.0.0-test',
      quit: vi.fn(),
    },
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }), setApplicationMenu: vi.fn() },
    ipcMain: { handle: (name: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => registered.set(name, fn) },
    net: { isOnline: () => true },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() } } },
    shell: { openExternal: vi.fn(async () => undefined) },
  };
});

vi.mock('../../../src-main/services', async (importOriginal) => {
  const real = await importOriginal<typeof ServicesModule>();
  return {
    ...real,
    createServices: (...args: Parameters<typeof real.createServices>) => {
      timeline.push('services');
      return real.createServices(...args);
    },
  };
});

const startup: { loaded: string[]; handled: string[]; privileged: unknown[]; menus: unknown[] } = { loaded: [], handled: [], privileged: [], menus: [] };
const ownFrame = { parent: null, url: 'app://renderer/index.html' };
const call = (name: string, payload: unknown, frame: unknown = ownFrame, senderId = 7) =>
  registered.get(name)!({ senderFrame: frame, sender: { id: senderId } }, payload);

beforeAll(async () => {
  await import('../../../src-main/shell/main');
  await vi.waitFor(() => expect(windows).toHaveLength(1));
  // Mock calls are cleared between tests: keep what start-up did.
  const electron = await import('electron');
  startup.loaded = (windows[0] as unknown as { loadURL: ReturnType<typeof vi.fn> }).loadURL.mock.calls.map((c) => c[0] as string);
  startup.handled = (electron.protocol.handle as unknown as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0] as string);
  startup.privileged = (electron.protocol.registerSchemesAsPrivileged as unknown as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0]);
  startup.menus = (electron.Menu.setApplicationMenu as unknown as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0]);
});
afterAll(() => vi.restoreAllMocks());

describe('main window', () => {
  it('is created sandboxed, context-isolated, without node integration', () => {
    const prefs = windows[0]!.options.webPreferences!;
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('packaged: DevTools off and a minimal menu replaces the default one (no reload, no DevTools)', () => {
    expect(windows[0]!.options.webPreferences!.devTools).toBe(false);
    expect(startup.menus).toHaveLength(1);
    const text = JSON.stringify(startup.menus[0]);
    expect(text).toContain('editMenu');
    expect(text).not.toMatch(/toggleDevTools|reload/i);
  });

  it('loads the packaged renderer from app://, never file://', () => {
    expect(startup.loaded).toEqual(['app://renderer/index.html']);
    expect('loadFile' in windows[0]!).toBe(false);
    expect(startup.handled).toEqual(['app']);
    expect(startup.privileged).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
  });

  it('hardens every web contents: navigation away and window.open are denied', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      session: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
    };
    webContentsHook!({}, contents);
    const navigation = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    const inApp = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(inApp, 'app://renderer/index.html#/sync');
    expect(inApp.preventDefault).not.toHaveBeenCalled();
    expect(openHandler!({ url: 'https://support.apple.com/en-us/HT204084' })).toEqual({ action: 'deny' });
  });
});

describe('start-up order', () => {
  it('creates the window first, migrates off the main thread with progress sent to it, then builds the services', async () => {
    // The first call arrives while the worker migrates: it waits for the services, then answers.
    // The page that finished loading after the first progress event gets it again.
    const answered = call('app:info', {});
    expect(timeline).not.toContain('services');
    expect(await answered).toMatchObject({ ok: true, value: { name: 'Refund Desk' } });
    const progress = (done: number) => `send ${eventChannel('onMigrationProgress')} ${JSON.stringify({ migration: 'ledger', done, total: 3000 })}`;
    expect(timeline.filter((t) => !t.startsWith('send event:onOnline'))).toEqual(['window', progress(0), progress(0), progress(2000), progress(3000), 'services']);
  });

  it('sends nothing more to a page that loads after the migration', () => {
    const before = timeline.length;
    pageLoaded.get('did-finish-load')!();
    expect(timeline.length).toBe(before);
  });
});

describe('IPC registration', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...registered.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('answers the app main frame', async () => {
    const result = (await call('app:info', {})) as { ok: boolean; value: { name: string } };
    expect(result).toMatchObject({ ok: true, value: { name: 'Refund Desk' } });
  });

  it('refuses a sub-frame, another origin and another window', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden_sender' } };
    expect(await call('app:info', {}, { parent: ownFrame, url: 'app://renderer/index.html' })).toMatchObject(forbidden);
    expect(await call('app:info', {}, { parent: null, url: 'https://evil.example/' })).toMatchObject(forbidden);
    expect(await call('app:info', {}, { parent: null, url: 'file:///etc/passwd' })).toMatchObject(forbidden);
    expect(await call('app:info', {}, ownFrame, 99)).toMatchObject(forbidden);
    expect(await call('app:info', {}, null)).toMatchObject(forbidden);
  });

  it('refuses payloads that fail their schema with invalid_input', async () => {
    const invalid = { ok: false, error: { code: 'invalid_input' } };
    expect(await call('app:openExternal', { url: 42 })).toMatchObject(invalid);
    expect(await call('app:openExternal', { url: 'https://apple.com', extra: true })).toMatchObject(invalid);
    expect(await call('app:info', { sneaky: 1 })).toMatchObject(invalid);
    expect(await call('app:openExternal', 'not an object')).toMatchObject(invalid);
  });

  it('opens only allow-listed https links', async () => {
    expect(await call('app:openExternal', { url: 'https://support.apple.com/en-us/HT204084' })).toEqual({ ok: true, value: { opened: true } });
    expect(await call('app:openExternal', { url: 'http://support.apple.com/en-us/HT204084' })).toEqual({ ok: true, value: { opened: false } });
    expect(await call('app:openExternal', { url: 'https://apple.com.evil.example/' })).toEqual({ ok: true, value: { opened: false } });
  });
});

// Last: it starts the entry a second time, over another user-data folder.
describe('a workspace from a newer app', () => {
  it('is refused in words (dialog, quit), and a call waiting for the services gets the reason as data', async () => {
    paths.userData = mkdtempSync(join(tmpdir(), 'rd-electron-newer-'));
    seedLegacyWorkspace(join(paths.userData, 'workspaces'), 1);
    const db = openDatabase(join(paths.userData, 'workspaces', `${LEGACY_TEAM.id}.sqlite`));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    timeline.length = 0;
    vi.resetModules();
    await import('../../../src-main/shell/main');
    const electron = await import('electron');
    expect(await call('app:info', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/newer Refund Desk/) } });
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Refund Desk cannot open its workspace', expect.stringMatching(/newer Refund Desk \(schema \d+\)/));
    expect(electron.app.quit).toHaveBeenCalled();
    expect(timeline).toEqual(['window']);
  });
});
