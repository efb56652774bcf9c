// The preload with `electron` mocked: window.desk is one frozen bridge of named
// functions derived from the contract, and nothing raw (no invoke, ipcRenderer, send).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, splitChannel } from '../../../src-main/ipc/contract';

const exposed: { name: string; api: Record<string, Record<string, unknown>> }[] = [];
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' }));
const listeners = new Map<string, ((...args: unknown[]) => void)[]>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, Record<string, unknown>>) => exposed.push({ name, api }),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, fn: (...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
    removeListener: (channel: string, fn: (...args: unknown[]) => void) =>
      listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)),
  },
}));

beforeAll(async () => {
  await import('../../../src-main/preload/index');
});

describe('preload', () => {
  it('exposes exactly one bridge, window.desk', () => {
    expect(exposed.map((e) => e.name)).toEqual(['desk']);
  });

  it('has one named function per contract channel and per event, and nothing else', () => {
    const api = exposed[0]!.api;
    const domains = [...new Set(CHANNEL_NAMES.map((c) => splitChannel(c).domain))].sort();
    expect(Object.keys(api).sort()).toEqual([...domains, 'on'].sort());
    for (const name of CHANNEL_NAMES) {
      const { domain, verb } = splitChannel(name);
      expect(typeof api[domain]![verb], name).toBe('function');
    }
    const leaves = Object.entries(api).flatMap(([d, fns]) => Object.keys(fns).map((v) => `${d}.${v}`));
    expect(leaves).toHaveLength(CHANNEL_NAMES.length + EVENT_NAMES.length);
    for (const value of Object.values(api).flatMap((fns) => Object.values(fns))) expect(typeof value).toBe('function');
    for (const raw of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'shell', 'process', 'require']) expect(raw in api).toBe(false);
  });

  it('calls main only on the named channel, and unsubscribes events', async () => {
    const api = exposed[0]!.api as unknown as {
      app: { info(r: object): Promise<unknown> };
      on: { onOnlineChanged(fn: (p: unknown) => void): () => void };
    };
    expect(await api.app.info({})).toEqual({ ok: true, value: 'answer' });
    expect(invoke).toHaveBeenLastCalledWith('app:info', {});
    const seen: unknown[] = [];
    const off = api.on.onOnlineChanged((p) => seen.push(p));
    for (const fn of listeners.get('event:onOnlineChanged') ?? []) fn({ sender: 'main' }, { online: false, since: 1 });
    expect(seen).toEqual([{ online: false, since: 1 }]);
    off();
    expect(listeners.get('event:onOnlineChanged')).toEqual([]);
  });
});
