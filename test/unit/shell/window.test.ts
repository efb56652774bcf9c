// The window's hardening, one safeguard per assertion, so that undoing any one of them
// (test/unit/security/mutations.ts) fails here: webPreferences exactly as intended,
// permissions refused, webviews never attached, navigation and redirects kept in the app,
// DevTools and the default menu off in packaged builds.
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate, hardenWebContents, mainWindowOptions } from '../../../src-main/shell/window';

const state = { x: 10, y: 20, width: 1280, height: 800, maximized: false };

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    session,
  };
  const opened: string[] = [];
  hardenWebContents(contents as never, (url) => url.startsWith('app://renderer/'), (url) => opened.push(url));
  return { listeners, session, opened, open: (url: string) => openHandler!({ url }) };
}

describe('mainWindowOptions', () => {
  it('has exactly the hardened webPreferences (nothing added, nothing relaxed)', () => {
    expect(mainWindowOptions('/p/preload.cjs', state).webPreferences).toEqual({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('never enables experimental or extra Blink features, nor node in sub-frames', () => {
    const prefs = mainWindowOptions('/p', state).webPreferences!;
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('allows DevTools only when asked (dev), never by default (packaged)', () => {
    expect(mainWindowOptions('/p', state).webPreferences!.devTools).toBe(false);
    expect(mainWindowOptions('/p', state, { devTools: false }).webPreferences!.devTools).toBe(false);
    expect(mainWindowOptions('/p', state, { devTools: true }).webPreferences!.devTools).toBe(true);
  });
});

describe('hardenWebContents', () => {
  it('refuses every permission request and every permission check', () => {
    const { session } = fakeContents();
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(callback).not.toHaveBeenCalledWith(true);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (c: unknown, p: string) => boolean;
    for (const permission of ['media', 'clipboard-sanitized-write', 'hid', 'serial']) expect(check({}, permission), permission).toBe(false);
  });

  it('never attaches a webview', () => {
    const { listeners } = fakeContents();
    const attach = listeners.get('will-attach-webview');
    expect(attach, 'will-attach-webview handler').toBeTypeOf('function');
    const event = { preventDefault: vi.fn() };
    attach!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('keeps redirects inside the app', () => {
    const { listeners, opened } = fakeContents();
    const redirect = listeners.get('will-redirect');
    expect(redirect, 'will-redirect handler').toBeTypeOf('function');
    const away = { preventDefault: vi.fn() };
    redirect!(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inApp = { preventDefault: vi.fn() };
    redirect!(inApp, 'app://renderer/index.html');
    expect(inApp.preventDefault).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
  });

  it('keeps navigation inside the app and hands links to the allow-list; window.open is denied', () => {
    const { listeners, opened, open } = fakeContents();
    const away = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(open('https://support.apple.com/HT204084')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://evil.example/', 'https://support.apple.com/HT204084']);
  });
});

describe('application menu', () => {
  const roles = (items: ReturnType<typeof appMenuTemplate>): string[] =>
    items.flatMap((i) => [i.role ?? i.label ?? '', ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

  it('packaged: no reload, no DevTools, no View menu; Edit stays for copy and paste', () => {
    for (const mac of [true, false]) {
      const all = roles(appMenuTemplate({ packaged: true, mac }));
      expect(all).not.toEqual(expect.arrayContaining(['toggleDevTools']));
      for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu', 'View']) expect(all, `${role} (mac=${mac})`).not.toContain(role);
      expect(all).toContain('editMenu');
    }
    expect(roles(appMenuTemplate({ packaged: true, mac: true }))[0]).toBe('appMenu');
  });

  it('dev keeps reload and DevTools', () => {
    expect(roles(appMenuTemplate({ packaged: false, mac: false }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});
