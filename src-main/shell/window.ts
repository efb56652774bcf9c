// The main window and everything that hardens it (Electron's security checklist).
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, WebContents } from 'electron';
import type { WindowState } from './windowState';

/**
 * `devTools` is true only in dev (`!app.isPackaged`): in a packaged build nothing (menu,
 * shortcut, page) can open DevTools, which would hand the page's console to anyone at the desk.
 */
export function mainWindowOptions(preloadPath: string, state: WindowState, { devTools = false }: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Refund Desk',
    backgroundColor: '#f7f7f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
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
      devTools,
      // Middle-click must not open links in new windows behind window.open's back.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/**
 * Denies navigation away from the app, every window.open, webviews and permission
 * requests. Links the page wants opened go through `openLink` (the allow-list in links.ts).
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'> & { session: { setPermissionRequestHandler: WebContents['session']['setPermissionRequestHandler']; setPermissionCheckHandler: WebContents['session']['setPermissionCheckHandler'] } },
  isAppUrl: (url: string) => boolean,
  openLink: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      openLink(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // webviewTag is off; should one appear anyway, it is never attached.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openLink(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/**
 * Electron's default menu carries View > Reload and Toggle Developer Tools (with their
 * shortcuts). Packaged builds get a minimal one: the app menu on macOS, Edit (copy and
 * paste in forms need its roles on macOS) and Window. Dev keeps reload and DevTools.
 */
export function appMenuTemplate({ packaged, mac }: { packaged: boolean; mac: boolean }): MenuItemConstructorOptions[] {
  const menu: MenuItemConstructorOptions[] = [];
  if (mac) menu.push({ role: 'appMenu' });
  menu.push({ role: 'editMenu' });
  if (!packaged) {
    menu.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] });
  }
  menu.push({ role: 'windowMenu' });
  return menu;
}
