// The Electron shell: app lifecycle, the window, app:// and IPC registration; it migrates the
// workspace off the main thread, then builds the services (services.ts) with Electron's
// dialogs, updater and links. Started by src-main/index.ts.
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
import type { MigrationProgressDto } from '../ipc/channels/workspace';
import { workspacesDir } from '../workspace';
import { migrateCurrentWorkspace } from '../workspace/migrateAsync';
import { deferredServices } from './deferredServices';
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

    // The window comes first: it loads the renderer, which listens for onMigrationProgress
    // before its first call, while pending migrations run in a worker (a synchronous one
    // would block main and hold every progress event back until it ended).
    const stateDir = app.getPath('userData');
    const state = readWindowState(stateDir, screen.getAllDisplays().map((d) => d.workArea));
    // The options come from mainWindowOptions(); the security gate evaluates and scans them
    // as a literal (scripts/security-gate.ts), since it cannot see through the call here.
    const preload = join(import.meta.dirname, '../preload/index.cjs');
    mainWindow = new BrowserWindow(mainWindowOptions(preload, state, { devTools: !app.isPackaged })); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    if (state.maximized) mainWindow.maximize();
    // Progress sent before the page listened is lost: the page that finished loading gets the last one again.
    let migrating: MigrationProgressDto | null = null;
    mainWindow.webContents.on('did-finish-load', () => {
      if (migrating) emit('onMigrationProgress', migrating);
    });
    mainWindow.on('close', () => {
      if (!mainWindow) return;
      writeWindowState(stateDir, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    void mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);

    // Closing the window mid-migration stops the worker; its transaction never commits, so the next start runs it again.
    const stopMigration = new AbortController();
    let services: Services | null = null;
    const onProgress = (p: MigrationProgressDto) => {
      migrating = p.done < p.total ? p : null;
      emit('onMigrationProgress', p);
    };
    const ready = migrateCurrentWorkspace(workspacesDir(stateDir), onProgress, { signal: stopMigration.signal }).then(() => {
      migrating = null;
      services = createServices({
        userDataDir: stateDir,
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
          void (services?.close() ?? Promise.resolve()).catch(() => undefined).finally(() => app.exit(0));
        },
      });
      return services;
    });
    // Calls that arrive before the services exist wait for them (deferredServices.ts).
    const deferred = deferredServices(ready, emit);
    registerHandlers(ipcMain, deferred.handlers, deferred.context, {
      allowedOrigins: appOrigins,
      isOwnWebContents: (id) => mainWindow?.webContents.id === id,
    });
    ready.then(
      (started) => {
        void started.start();
        const pollOnline = () => started.online.set(net.isOnline());
        pollOnline();
        setInterval(pollOnline, 5_000).unref();
      },
      (error: unknown) => {
        if (stopMigration.signal.aborted) return;
        // A damaged workspace list or a database from a newer app: say so, never start empty.
        dialog.showErrorBox('Refund Desk cannot open its workspace', error instanceof Error ? error.message : String(error));
        app.quit();
      },
    );
    mainWindow.once('ready-to-show', () => {
      mainWindow?.show();
      // After the window is up, so the first check never delays it; off in the demo (and in dev, by itself).
      void ready.then((started) => startUpdater({ enabled: !started.workspace.entry.demo, notify: (status) => emit('onUpdateStatus', status) }), () => undefined);
    });

    app.on('window-all-closed', () => {
      stopMigration.abort();
      void ready.then((started) => started.close(), () => undefined).finally(() => app.quit());
    });
  });
}
