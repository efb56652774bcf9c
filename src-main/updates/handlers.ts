// The updates: channels, over an injected updater: the shell passes src-main/shell/updater.ts
// (electron-updater), tests and the e2e host a fake. The agent chooses when to restart.
import type { UpdateStatusDto } from '../ipc/channels/updates';
import type { PrefixHandlers } from '../ipc/context';

export interface UpdaterControl {
  status(): UpdateStatusDto;
  /** Quits and installs a downloaded update; false when none is ready. */
  restart(): boolean;
}

/** Without an updater (plain Node, the e2e host) there is nothing to update: say so as dev. */
export const NO_UPDATER: UpdaterControl = {
  status: () => ({ state: 'disabled', reason: 'dev' }),
  restart: () => false,
};

export function createUpdateHandlers(updater: UpdaterControl): PrefixHandlers<'updates'> {
  return {
    'updates:status': () => updater.status(),
    'updates:restart': () => ({ restarting: updater.restart() }),
  };
}
