// Builds `window.desk` from the contract: one named function per channel, grouped by
// domain (`desk.refunds.create` for `refunds:create`), and `desk.on.<event>(listener)`.
// Pure: used by the preload (with ipcRenderer) and by tests (with a fake transport).
import { CHANNEL_NAMES, EVENT_NAMES, splitChannel } from './contract';
import type { ChannelName, DeskApi, EventName } from './contract';

export interface DeskTransport {
  invoke(channel: ChannelName, request: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function buildDeskApi(transport: DeskTransport): DeskApi {
  const api: Record<string, Record<string, unknown>> = { on: {} };
  for (const name of CHANNEL_NAMES) {
    const { domain, verb } = splitChannel(name);
    api[domain] ??= {};
    api[domain][verb] = (request: unknown = {}) => transport.invoke(name, request);
  }
  for (const name of EVENT_NAMES) {
    api.on![name] = (listener: (payload: unknown) => void) => transport.subscribe(name, listener);
  }
  return api as unknown as DeskApi;
}
