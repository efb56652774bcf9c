// IPC handlers of the Sync section: plain functions over the engine.
import type { SyncStatusDto } from '../ipc/channels/sync';
import type { SyncEngine } from './engine';

export function createSyncHandlers(engine: SyncEngine) {
  return {
    'sync:status': (): SyncStatusDto[] => engine.status(),
    'sync:now': (req: { account?: string | undefined }): SyncStatusDto[] => engine.request(req.account),
  };
}
