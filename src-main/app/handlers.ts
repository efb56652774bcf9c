// The app: channels: what the app is, online state, links out through links.ts.
import type { AppInfoDto } from '../ipc/channels/app';
import type { PrefixHandlers } from '../ipc/context';
import type { OnlineMonitor } from './online';

export interface AppDeps {
  info(): AppInfoDto;
  online: OnlineMonitor;
  /** links.ts's allow-listing opener; returns false for a refused URL. */
  openExternal(url: string): Promise<boolean>;
}

export function createAppHandlers(deps: AppDeps): PrefixHandlers<'app'> {
  return {
    'app:info': () => deps.info(),
    'app:online': () => deps.online.current(),
    'app:openExternal': async ({ url }) => ({ opened: await deps.openExternal(url) }),
  };
}
