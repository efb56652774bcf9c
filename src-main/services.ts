// Wires the main-process services. Plain Node: the Electron entry (index.ts) and the
// e2e test host both call this, so the renderer talks to the same handlers in both.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from './ipc/contract';
import type { Emit, HandlerContext } from './ipc/context';
import { createAppHandlers } from './app/handlers';
import { createOnlineMonitor, type OnlineMonitor } from './app/online';

export interface ServiceOptions {
  userDataDir: string;
  appName: string;
  version: string;
  platform: string;
  emit: Emit;
  openExternal(url: string): Promise<boolean>;
}

export interface Services {
  handlers: Handlers<HandlerContext>;
  online: OnlineMonitor;
  close(): void;
}

export function createServices(options: ServiceOptions): Services {
  const dataDir = join(options.userDataDir, 'workspaces');
  mkdirSync(dataDir, { recursive: true });
  const online = createOnlineMonitor(options.emit);
  const workspace = { id: 'demo', name: 'Demo workspace', demo: true };

  const handlers: Handlers<HandlerContext> = {
    ...createAppHandlers({
      info: () => ({ name: options.appName, version: options.version, platform: options.platform, dataDir, workspace }),
      online,
      openExternal: options.openExternal,
    }),
  };

  return { handlers, online, close() {} };
}
