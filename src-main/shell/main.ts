// The Electron shell: app lifecycle, the window, app:// and IPC registration; it builds the
// services (services.ts) with Electron's dialogs, updater and links. Started by src-main/index.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell } from 'electron';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { contentSecurityPolicy } from './csp';
import { createConfirmDialog, createFileDialogs } from './dialogs';
import { eventChannel } from '../ipc/contract';
import type { Emit } from '../ipc/context';
import { registerHandlers } from '../ipc/handle';
import { openExternalLink } from './links';
import { APP_ORIGIN, APP_SCHEME, serveAppFile } from './protocol';
import { createServices, type Services } from '../services';
import { restartToUpdate, startUpdater, updateStatus } from './updater';
import { appMenuTemplate, hardenWebContents, mainWindowOptions } from './window';
import { readWindowState, writeWindowState } from './windowState';

const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererRoot = join(import.meta.dirname, '../renderer');
const appOrigins = devServerUrl ? [new URL(devServerUrl).origin] : [APP_ORIGIN];
const isAppUrl = (url: string) => appOrigins.some((origin) => url.startsWith(`${origin}/`));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Nothing may create other windows or webviews, whatever the page asks.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, isAppUrl, (url) => void openExternalLink(shell, url));
  });

  app.whenReady().then(() => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ packaged: app.isPackaged, mac: process.platform === 'darwin' })));
    protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererRoot, request.url));
    if (devServerUrl) {
      session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({
          responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy({ dev: true })] },
        });
      });
    }

    const emit: Emit = (name, payload) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(eventChannel(name), payload);
    };
    let services: Services;
    try {
      services = createServices({
        userDataDir: app.getPath('userData'),
        appName: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        osUser: userInfo().username,
        // electron-builder copies Apple's root certificate next to app.asar (extraResources).
        resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
        emit,
        openExternal: (url) => openExternalLink(shell, url),
        ...createFileDialogs(dialog, () => mainWindow, app.getPath('documents')),
        confirmRefund: createConfirmDialog(dialog, () => mainWindow),
        updater: { status: updateStatus, restart: restartToUpdate },
        // Another workspace opens in a new run. The database is closed first (checkpointing
        // its WAL), since app.exit skips window-all-closed, where services close otherwise.
        restart: () => {
          app.relaunch();
          void services.close().catch(() => undefined).finally(() => app.exit(0));
        },
      });
    } catch (error) {
      // A damaged workspace list or a database from a newer app: say so, never start empty.
      dialog.showErrorBox('Refund Desk cannot open its workspace', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    registerHandlers(ipcMain, services.handlers, services.context, {
      allowedOrigins: appOrigins,
      isOwnWebContents: (id) => mainWindow?.webContents.id === id,
    });
    void services.start();

    const pollOnline = () => services.online.set(net.isOnline());
    pollOnline();
    setInterval(pollOnline, 5_000).unref();

    const stateDir = app.getPath('userData');
    const state = readWindowState(stateDir, screen.getAllDisplays().map((d) => d.workArea));
    // The options come from mainWindowOptions(); the security gate evaluates and scans them
    // as a literal (scripts/security-gate.ts), since it cannot see through the call here.
    const preload = join(import.meta.dirname, '../preload/index.cjs');
    mainWindow = new BrowserWindow(mainWindowOptions(preload, state, { devTools: !app.isPackaged })); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    if (state.maximized) mainWindow.maximize();
    mainWindow.once('ready-to-show', () => {
      mainWindow?.show();
      // After the window is up, so the first check never delays it; off in the demo (and in dev, by itself).
      startUpdater({ enabled: !services.workspace.entry.demo, notify: (status) => emit('onUpdateStatus', status) });
    });
    mainWindow.on('close', () => {
      if (!mainWindow) return;
      writeWindowState(stateDir, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    void mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);

    app.on('window-all-closed', () => {
      void services.close().finally(() => app.quit());
    });
  });
}
