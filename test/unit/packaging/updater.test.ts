import type * as UpdaterTypes from '../../../src-main/shell/updater';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// electron has no binary here and electron-updater needs a running app: both are
// replaced, the updater module itself is the real one.
const electron = vi.hoisted(() => ({ app: { isPackaged: true } }));
const fake = vi.hoisted(() => ({ autoUpdater: null as unknown as FakeUpdater }));
class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = true;
  // true until the module says otherwise, so a missing assignment is caught as well.
  allowDowngrade = true;
  checkForUpdates = vi.fn(async () => null);
  quitAndInstall = vi.fn();
}
vi.mock('electron', () => electron);
vi.mock('electron-updater', () => ({ default: fake }));

type UpdaterModule = typeof UpdaterTypes;

async function load(): Promise<UpdaterModule> {
  vi.resetModules();
  return import('../../../src-main/shell/updater');
}

beforeEach(() => {
  electron.app.isPackaged = true;
  fake.autoUpdater = new FakeUpdater();
});

describe('updater', () => {
  it('is off in dev (not packaged) and never contacts the feed', async () => {
    electron.app.isPackaged = false;
    const { startUpdater, restartToUpdate } = await load();
    const notify = vi.fn();
    expect(startUpdater({ enabled: true, notify })).toEqual({ state: 'disabled', reason: 'dev' });
    expect(notify).toHaveBeenCalledWith({ state: 'disabled', reason: 'dev' });
    expect(fake.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(restartToUpdate()).toBe(false);
  });

  it('is off in the demo workspace even when packaged', async () => {
    const { startUpdater } = await load();
    expect(startUpdater({ enabled: false })).toEqual({ state: 'disabled', reason: 'demo' });
    expect(fake.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('checks on start, downloads, and restarts only when the agent asks', async () => {
    const { startUpdater, restartToUpdate, updateStatus } = await load();
    const seen: string[] = [];
    startUpdater({ enabled: true, notify: (s) => seen.push(s.state), platform: 'win32' });
    const u = fake.autoUpdater;
    expect(u.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(u.autoDownload).toBe(true);
    expect(u.allowPrerelease).toBe(false);

    expect(restartToUpdate()).toBe(false);
    u.emit('checking-for-update');
    u.emit('update-available', { version: '0.2.0' });
    u.emit('download-progress', { percent: 41.6 });
    expect(updateStatus()).toEqual({ state: 'downloading', version: '0.2.0', percent: 42 });
    expect(restartToUpdate()).toBe(false);
    u.emit('update-downloaded', { version: '0.2.0' });
    expect(u.quitAndInstall).not.toHaveBeenCalled();

    expect(restartToUpdate()).toBe(true);
    expect(u.quitAndInstall).toHaveBeenCalledWith(false, true);
    expect(seen).toEqual(['checking', 'downloading', 'downloading', 'ready']);
  });

  it('never installs an older release than the running one', async () => {
    const { startUpdater } = await load();
    startUpdater({ enabled: true, platform: 'darwin' });
    expect(fake.autoUpdater.allowDowngrade).toBe(false);
  });

  it('Linux: reports a newer version but never downloads or installs it in place', async () => {
    const { startUpdater, restartToUpdate, updateStatus } = await load();
    startUpdater({ enabled: true, platform: 'linux' });
    const u = fake.autoUpdater;
    expect(u.autoDownload).toBe(false);
    expect(u.autoInstallOnAppQuit).toBe(false);
    expect(u.allowDowngrade).toBe(false);
    u.emit('update-available', { version: '0.2.0' });
    expect(updateStatus()).toEqual({ state: 'available', version: '0.2.0', install: 'manual' });
    u.emit('update-downloaded', { version: '0.2.0' });
    expect(updateStatus().state).toBe('available');
    expect(restartToUpdate()).toBe(false);
    expect(u.quitAndInstall).not.toHaveBeenCalled();
  });

  it('reports an unreachable feed as a status instead of throwing, and starts only once', async () => {
    fake.autoUpdater.checkForUpdates.mockRejectedValueOnce(new Error('net::ERR_INTERNET_DISCONNECTED'));
    const { startUpdater, updateStatus } = await load();
    startUpdater({ enabled: true });
    await vi.waitFor(() => expect(updateStatus()).toEqual({ state: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }));
    startUpdater({ enabled: true });
    expect(fake.autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1);
  });
});
