// The update channels, over an injected updater: index.ts passes src-main/updater.ts
// (electron-updater), tests and the e2e host a fake. The agent chooses when to restart.
import type { UpdateStatusDto } from '../ipc/channels/app';
import type { Handlers } from '../ipc/contract';
import type { HandlerContext } from '../ipc/context';

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

export function createUpdateHandlers(updater: UpdaterControl): Pick<Handlers<HandlerContext>, 'app:updateStatus' | 'app:restartToUpdate'> {
  return {
    'app:updateStatus': () => updater.status(),
    'app:restartToUpdate': () => ({ restarting: updater.restart() }),
  };
}
