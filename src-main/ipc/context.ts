// What every handler receives besides its parsed request. Main-process only.
import type { EventName, EventPayloadOf } from './contract';

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
