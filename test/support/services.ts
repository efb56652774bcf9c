// The real services (createServices) on a temporary user-data folder, and a call through
// the same dispatch as Electron's IPC, for tests that drive main as a whole.
import { resolve } from 'node:path';
import type { ChannelName, RequestOf, ResponseOf } from '../../src-main/ipc/contract';
import { dispatch } from '../../src-main/ipc/handle';
import { createServices, type ServiceOptions, type Services } from '../../src-main/services';

/** Services for tests: no schedule (tests sync on request), no dialogs, links refused. */
export function createTestServices(userDataDir: string, options: Partial<ServiceOptions> = {}): Services {
  return createServices({
    userDataDir,
    appName: 'Refund Desk',
    version: '0.0.0-test',
    platform: process.platform,
    osUser: 'sam',
    resourcesDir: resolve(import.meta.dirname, '../../resources'),
    emit: () => undefined,
    openExternal: async () => false,
    syncIntervalMs: 0,
    ...options,
  });
}

/** One call through dispatch; a `{ ok: false }` answer fails the test with its message. */
export async function callOk<C extends ChannelName>(s: Services, channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const res = await dispatch(channel, s.handlers[channel], payload, s.context);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value;
}
