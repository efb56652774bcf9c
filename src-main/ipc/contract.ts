// The ONE typed list of IPC channels and main-to-renderer events. Each domain declares
// its channels in ./channels/<domain>.ts; this file joins them, and everything else
// (the handler map, the preload's `window.desk`, the renderer client) is derived from
// it, so that a channel without a schema, a handler or a client method does not compile.
// Pure TypeScript: no electron or node imports. The renderer and the preload may import
// it; nothing else from src-main.
import type { z } from 'zod';
import type { ChannelDef, EventDef, Result } from './define';
import { appChannels, appEvents } from './channels/app';
import { auditChannels, auditEvents } from './channels/audit';
import { credentialsChannels, credentialsEvents } from './channels/credentials';
import { customersChannels } from './channels/customers';
import { insightsChannels } from './channels/insights';
import { lookupChannels } from './channels/lookup';
import { refundsChannels, refundsEvents } from './channels/refunds';
import { requestsChannels, requestsEvents } from './channels/requests';
import { syncChannels, syncEvents } from './channels/sync';
import { transferChannels, transferEvents } from './channels/transfer';
import { updatesChannels, updatesEvents } from './channels/updates';
import { workspaceChannels } from './channels/workspace';

export * from './define';
export * from './vocabulary';
export type * from './channels/app';
export type * from './channels/workspace';
export type * from './channels/audit';
export type * from './channels/credentials';
export type * from './channels/customers';
export type * from './channels/transfer';
export type * from './channels/insights';
export type * from './channels/lookup';
export type * from './channels/refunds';
export type * from './channels/requests';
export type * from './channels/sync';
export type * from './channels/updates';

export const channels = {
  ...appChannels,
  ...auditChannels,
  ...credentialsChannels,
  ...customersChannels,
  ...insightsChannels,
  ...lookupChannels,
  ...refundsChannels,
  ...requestsChannels,
  ...syncChannels,
  ...transferChannels,
  ...updatesChannels,
  ...workspaceChannels,
} as const;

export const events = {
  ...appEvents,
  ...auditEvents,
  ...credentialsEvents,
  ...refundsEvents,
  ...requestsEvents,
  ...syncEvents,
  ...updatesEvents,
  ...transferEvents,
} as const;

type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;

export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> =
  Channels[C] extends ChannelDef<z.ZodType, infer R> ? R : never;
export type EventPayloadOf<E extends EventName> =
  (typeof events)[E] extends EventDef<infer P> ? P : never;

/** The channels of one prefix: `ChannelsOf<'audit'>` is 'audit:list' | 'audit:exportCsv'. */
export type ChannelsOf<P extends string> = Extract<ChannelName, `${P}:${string}`>;
/** The prefixes of the contract ('app', 'audit', ...): each has its src-main/<prefix>/handlers.ts. */
export type ChannelPrefix = DomainOf<ChannelName>;

/** What the main process must provide: one function per channel, taking the parsed request. */
export type Handlers<Ctx> = {
  [C in ChannelName]: (request: ParsedRequestOf<C>, ctx: Ctx) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C, D extends string> = C extends `${D}:${infer V}` ? V : never;

/** `window.desk`: `desk.refunds.create(req)` for channel `refunds:create`; events under `desk.on`. */
export type DeskApi = {
  [D in DomainOf<ChannelName>]: {
    [V in VerbOf<ChannelName, D>]: (
      request: RequestOf<`${D}:${V}` & ChannelName>,
    ) => Promise<Result<ResponseOf<`${D}:${V}` & ChannelName>>>;
  };
} & {
  on: { [E in EventName]: (listener: (payload: EventPayloadOf<E>) => void) => () => void };
};

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The IPC channel name that carries a main-to-renderer event. */
export const eventChannel = (name: EventName): string => `event:${name}`;

export function splitChannel(name: ChannelName): { domain: string; verb: string } {
  const [domain, verb] = name.split(':') as [string, string];
  return { domain, verb };
}
