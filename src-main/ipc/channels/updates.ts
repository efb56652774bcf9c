// The updates: channels (were app:updateStatus / app:restartToUpdate until issue 19) and
// the status event. electron-updater runs in src-main/shell/updater.ts; the agent chooses
// when to restart.
import { z } from 'zod';
import { channel, event } from '../define';

/** What src-main/shell/updater.ts reports; declared here because that module imports electron and the contract may not. */
export type UpdateStatusDto =
  | { state: 'disabled'; reason: 'dev' | 'demo' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'none' }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  /** Linux: a newer version exists; it is installed from the team's verified package, never in place. */
  | { state: 'available'; version: string; install: 'manual' }
  | { state: 'error'; message: string };

export const updatesChannels = {
  'updates:status': channel<UpdateStatusDto>()(z.strictObject({})),
  /** Quits and installs a downloaded update; `restarting` is false when none is ready. */
  'updates:restart': channel<{ restarting: boolean }>()(z.strictObject({})),
};

export const updatesEvents = {
  onUpdateStatus: event<UpdateStatusDto>(),
};
