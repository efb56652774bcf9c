// IPC before the services exist. At start-up main creates the window first and migrates the
// workspace in a worker (workspace/migrateAsync.ts) while the renderer loads; every channel is
// registered at once, and a call that arrives before createServices has run waits for it
// instead of finding no handler. Plain Node, so tests run it without Electron.
import type { Emit, HandlerContext } from '../ipc/context';
import { CHANNEL_NAMES, DeskError, type ChannelName, type Handlers } from '../ipc/contract';
import type { Services } from '../services';

type Ready = Promise<Pick<Services, 'handlers' | 'context'>>;

/**
 * Handlers that await `ready` and then run the real handler with the real context. When
 * start-up fails (a workspace from a newer app), they answer its DeskError as data.
 */
export function deferredServices(ready: Ready, emit: Emit): { handlers: Handlers<HandlerContext>; context: HandlerContext } {
  const forward = (name: ChannelName) => async (request: unknown) => {
    const services = await ready;
    const run = services.handlers[name] as (request: unknown, ctx: HandlerContext) => unknown;
    return run(request, services.context);
  };
  const handlers = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, forward(name)])) as unknown as Handlers<HandlerContext>;
  const context: HandlerContext = {
    // Never read: forward() hands every handler the real context once it exists.
    get agent(): never {
      throw new DeskError('internal', 'Refund Desk is still starting. Try again in a moment.', true);
    },
    emit,
  };
  return { handlers, context };
}
