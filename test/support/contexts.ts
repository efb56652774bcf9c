// The contexts main hands to adapters and handlers, as tests build them. One place, so a
// field added to SyncContext or HandlerContext is added once, and every fake records what
// the code under test said (notices, progress, events) instead of dropping it: a test can
// then assert on it, and a fake that swallowed it could not fail.
import type { AgentIdentity, HandlerContext } from '../../src-main/ipc/context';
import type { EventName } from '../../src-main/ipc/contract';
import type { SyncContext, SyncProgress } from '../../src-main/stores/adapter';

export interface TestSyncContext extends SyncContext {
  /** Every notice the adapter gave, in order. */
  notices: string[];
  /** Every progress report, in order. */
  progressed: SyncProgress[];
}

/** A SyncContext that records notices and progress; pass a signal to test cancellation. */
export function syncContext(o: { signal?: AbortSignal } = {}): TestSyncContext {
  const notices: string[] = [];
  const progressed: SyncProgress[] = [];
  return {
    signal: o.signal ?? new AbortController().signal,
    progress: (p) => void progressed.push(p),
    notice: (m) => void notices.push(m),
    notices,
    progressed,
  };
}

export interface EmittedEvent {
  name: EventName;
  payload: unknown;
}

export const TEST_AGENT: AgentIdentity = { osUser: 'tester', name: 'Test Agent' };

export interface TestHandlerContext extends HandlerContext {
  /** Every event the handler emitted, in order (clear with `emitted.length = 0`). */
  emitted: EmittedEvent[];
}

/**
 * A HandlerContext for calling handlers directly. `onEmit` forwards events (e.g. to a fake
 * window.desk's listeners) besides recording them.
 */
export function handlerContext(o: { agent?: AgentIdentity; onEmit?: (e: EmittedEvent) => void } = {}): TestHandlerContext {
  const emitted: EmittedEvent[] = [];
  return {
    agent: o.agent ?? TEST_AGENT,
    emit: (name, payload) => {
      emitted.push({ name, payload });
      o.onEmit?.({ name, payload });
    },
    emitted,
  };
}

/**
 * Runs a SyncRun (or any async iterable) to its end and returns what it yielded. `each` sees
 * every item as it arrives, before the next is pulled: ingesting there keeps the order the
 * engine uses (a batch is written before the adapter fetches the next page).
 */
export async function drain<T>(run: AsyncIterable<T>, each?: (item: T) => void): Promise<T[]> {
  const out: T[] = [];
  for await (const item of run) {
    each?.(item);
    out.push(item);
  }
  return out;
}
