// Updates from GitHub releases (electron-updater, GitHub provider: the feed is the
// app-update.yml electron-builder writes from the `publish` block of electron-builder.yml).
// The update downloads in the background; the agent decides when to restart, so a refund
// in progress is never cut off. If the agent simply quits, the downloaded update is
// installed then (electron-updater's autoInstallOnAppQuit).
//
// Linux is never updated in place. electron-updater checks an AppImage or deb only against
// the sha512 in latest-linux.yml, which comes from the same release as the file (no
// signature a compromised feed could not forge), and installs debs as root through pkexec.
// So on Linux the console only says that a version exists; the team lead hands out the
// package (DESIGN §1), verified with the signing key kept apart from the releases (README,
// "Packaging and updates").
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { ProgressInfo, UpdateInfo } from 'electron-updater';
import type { UpdateStatusDto } from '../ipc/channels/updates';

export interface UpdaterOptions {
  /** false in the demo workspace: a demo must not replace itself with a release. */
  enabled: boolean;
  notify?: (status: UpdateStatusDto) => void;
  /** process.platform; tests pass another. */
  platform?: NodeJS.Platform;
}

let status: UpdateStatusDto = { state: 'idle' };
let started = false;

export function updateStatus(): UpdateStatusDto {
  return status;
}

/**
 * Checks once on start and downloads a newer release. Off in dev (app.isPackaged is
 * false: there is no app-update.yml and nothing to replace) and when `enabled` is false.
 */
export function startUpdater({ enabled, notify, platform = process.platform }: UpdaterOptions): UpdateStatusDto {
  const set = (next: UpdateStatusDto): void => {
    status = next;
    notify?.(next);
  };
  if (!app.isPackaged) {
    set({ state: 'disabled', reason: 'dev' });
    return status;
  }
  if (!enabled) {
    set({ state: 'disabled', reason: 'demo' });
    return status;
  }
  if (started) return status;
  started = true;

  const { autoUpdater } = electronUpdater;
  const inPlace = platform !== 'linux';
  autoUpdater.autoDownload = inPlace;
  autoUpdater.autoInstallOnAppQuit = inPlace;
  autoUpdater.allowPrerelease = false;
  // An older release in the feed (rolled back, or planted) must never replace a newer
  // build: it may carry fixed vulnerabilities back. Asserted by test/unit/packaging/updater.test.ts.
  autoUpdater.allowDowngrade = false;
  let pending = '';
  autoUpdater.on('checking-for-update', () => set({ state: 'checking' }));
  autoUpdater.on('update-not-available', () => set({ state: 'none' }));
  autoUpdater.on('update-available', (info: UpdateInfo) => {
    pending = info.version;
    set(inPlace ? { state: 'downloading', version: info.version, percent: 0 } : { state: 'available', version: info.version, install: 'manual' });
  });
  autoUpdater.on('download-progress', (p: ProgressInfo) =>
    set({ state: 'downloading', version: pending, percent: Math.round(p.percent) }),
  );
  autoUpdater.on('update-downloaded', (info: UpdateInfo) => {
    if (inPlace) set({ state: 'ready', version: info.version });
  });
  // Offline is normal for this console (DESIGN §1): an unreachable feed is reported, not thrown.
  autoUpdater.on('error', (err: Error) => set({ state: 'error', message: err.message }));
  autoUpdater.checkForUpdates().catch((err: unknown) => {
    set({ state: 'error', message: err instanceof Error ? err.message : String(err) });
  });
  return status;
}

/** Restarts into the downloaded update; false (and nothing happens) when none is ready. */
export function restartToUpdate(): boolean {
  if (status.state !== 'ready') return false;
  // isSilent=false shows the NSIS progress on Windows; isForceRunAfter=true reopens the app.
  electronUpdater.autoUpdater.quitAndInstall(false, true);
  return true;
}
