// The sync: channels: plain functions over the engine.
import type { PrefixHandlers } from '../ipc/context';
import type { SyncEngine } from './engine';

// `satisfies`, not a return type: tests call these directly and keep their exact types.
export function createSyncHandlers(engine: SyncEngine) {
  return {
    'sync:status': () => engine.status(),
    'sync:now': (req) => engine.request(req.account),
  } satisfies PrefixHandlers<'sync'>;
}
