// A typed fake of window.desk for renderer tests: the real buildDeskApi over an
// in-memory transport, answering with the handlers a test provides.
import { buildDeskApi } from '../../src-main/ipc/deskApi';
import type { ChannelName, DeskApi, EventName, EventPayloadOf, Handlers, Result } from '../../src-main/ipc/contract';
import { DeskError } from '../../src-main/ipc/contract';
import type { HandlerContext } from '../../src-main/ipc/context';
import { handlerContext } from './contexts';

export interface FakeDesk {
  desk: DeskApi;
  calls: { channel: ChannelName; request: unknown }[];
  emit<E extends EventName>(name: E, payload: EventPayloadOf<E>): void;
}

export function createFakeDesk(handlers: Partial<Handlers<HandlerContext>>): FakeDesk {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: FakeDesk['calls'] = [];
  const ctx = handlerContext({ onEmit: (e) => fake.emit(e.name, e.payload as never) });
  const desk = buildDeskApi({
    async invoke(channel, request): Promise<Result<unknown>> {
      calls.push({ channel, request });
      const handler = handlers[channel] as ((r: unknown, c: HandlerContext) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'internal', message: `no fake for ${channel}` } };
      try {
        return { ok: true, value: await handler(request, ctx) };
      } catch (error) {
        if (error instanceof DeskError) return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  });
  const fake: FakeDesk = {
    desk,
    calls,
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
  };
  return fake;
}
