// What every handler receives besides its parsed request. Main-process only.
import type { ChannelPrefix, ChannelsOf, EventName, EventPayloadOf, Handlers } from './contract';

export interface AgentIdentity {
  /** The OS user name. */
  osUser: string;
  /** The name the agent set in Settings (may be empty). */
  name: string;
}

/** Sends a main-to-renderer event to every window (or, in tests, to the test host's listeners). */
export type Emit = <E extends EventName>(name: E, payload: EventPayloadOf<E>) => void;

export interface HandlerContext {
  agent: AgentIdentity;
  emit: Emit;
}

/**
 * The handlers of one channel prefix, picked from the contract: `PrefixHandlers<'audit'>`
 * must handle every `audit:*` channel and nothing else, so a new channel in
 * ipc/channels/<prefix>.ts does not compile until src-main/<prefix>/handlers.ts handles it.
 */
export type PrefixHandlers<P extends ChannelPrefix> = Pick<Handlers<HandlerContext>, ChannelsOf<P>>;
