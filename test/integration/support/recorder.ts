// Everything that leaves main during the leak test: every IPC response (through the same
// dispatch() Electron's IPC uses), every main-to-renderer event, and every console line.
import { formatWithOptions } from 'node:util';
import { vi } from 'vitest';
import type { ChannelName, EventName, RequestOf, ResponseOf, Result } from '../../../src-main/ipc/contract';
import type { Emit, HandlerContext } from '../../../src-main/ipc/context';
import { dispatch } from '../../../src-main/ipc/handle';
import type { Services } from '../../../src-main/services';

export interface RecordedCall {
  channel: ChannelName;
  payload: unknown;
  response: Result<unknown>;
}

export interface Recorder {
  calls: RecordedCall[];
  events: { name: EventName; payload: unknown }[];
  logs: string[];
  emit: Emit;
  attach(services: Services): void;
  /** One IPC call as the renderer makes it; the response is recorded whatever it is. */
  call<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** A call that must succeed; its value. */
  ok<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** A call that must fail with `code`. */
  fails<C extends ChannelName>(channel: C, payload: unknown, code?: string): Promise<string>;
  stop(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export function startRecorder(): Recorder {
  const calls: RecordedCall[] = [];
  const events: Recorder['events'] = [];
  const logs: string[] = [];
  let services: Services | null = null;

  // Objects are logged the way Node prints them (an Error with its stack and own fields):
  // a key inside an SDK's error config must show up here if anything logs it.
  const spies = CONSOLE_METHODS.map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logs.push(`[console.${m}] ${formatWithOptions({ depth: 8, colors: false }, ...args)}`);
    }),
  );
  const onWarning = (w: Error) => logs.push(`[process warning] ${formatWithOptions({ depth: 8 }, w)}`);
  process.on('warning', onWarning);
  // Anything written straight to the process's streams (an SDK's debug output) counts as a log too.
  const streams = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
    const name = stream === process.stdout ? 'stdout' : 'stderr';
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logs.push(`[${name}] ${typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')}`);
      return original(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original as typeof stream.write;
    };
  });

  const emit: Emit = (name, payload) => {
    // A structured copy, as Electron's IPC would send it: later mutation cannot hide a leak.
    events.push({ name, payload: structuredClone(payload) });
  };

  const ctx = (): HandlerContext => {
    if (!services) throw new Error('recorder: services not attached');
    return services.context;
  };

  async function call<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
    if (!services) throw new Error('recorder: services not attached');
    const response = await dispatch(channel, services.handlers[channel], structuredClone(payload), ctx());
    calls.push({ channel, payload, response: structuredClone(response) as Result<unknown> });
    return response;
  }

  return {
    calls,
    events,
    logs,
    emit,
    attach(s) {
      services = s;
    },
    call,
    async ok(channel, payload) {
      const r = await call(channel, payload);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
      return r.value;
    },
    async fails(channel, payload, code) {
      const r = await call(channel, payload as never);
      if (r.ok) throw new Error(`${channel} succeeded, expected a failure${code ? ` (${code})` : ''}`);
      if (code && r.error.code !== code) throw new Error(`${channel} failed with ${r.error.code} (${r.error.message}), expected ${code}`);
      return r.error.message;
    },
    stop() {
      for (const s of spies) s.mockRestore();
      process.off('warning', onWarning);
      for (const restore of streams) restore();
    },
  };
}
