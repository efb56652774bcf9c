// Online/offline as the app knows it. Offline, store actions are off and cached data
// stays readable; the renderer is told on every change.
import type { OnlineDto } from '../ipc/channels/app';
import type { Emit } from '../ipc/context';

export interface OnlineMonitor {
  current(): OnlineDto;
  set(online: boolean): void;
}

export function createOnlineMonitor(emit: Emit, now: () => number = Date.now): OnlineMonitor {
  let state: OnlineDto = { online: true, since: now() };
  return {
    current: () => (state.online ? { online: true, since: now() } : state),
    set(online) {
      if (online === state.online) return;
      // "since" offline is the last moment we knew we were online: "cached data from 14:02".
      state = { online, since: now() };
      emit('onOnlineChanged', state);
    },
  };
}
