// Building blocks of the IPC contract. Pure TypeScript: no electron or node imports.
import type { z } from 'zod';

/** The closed set of error codes the UI can act on. */
export const ERROR_CODES = [
  'invalid_input', // the payload failed its schema, or a value is not acceptable
  'forbidden_sender', // the call did not come from the app's own main frame
  'not_found',
  'conflict', // e.g. a refund intent is already open for this payment
  'offline', // the store cannot be reached; cached data still readable
  'not_configured', // no credential for this store
  'keychain_unavailable', // the OS keychain does not work; credential actions are off
  'not_allowed_by_store', // Apple and Amazon refunds
  'store_refused', // the store answered with a 4xx; message quotes the store
  'store_unavailable', // 5xx or timeout after retries
  'rate_limited',
  'not_confirmed', // the agent declined main's own confirmation of a refund; nothing was sent
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DeskErrorDto {
  code: ErrorCode;
  message: string;
  /** Whether trying again later can help, so the UI can say so. */
  retryable?: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskErrorDto };

/** Thrown by services; turned into `{ ok: false, error }` by the one IPC wrapper. */
export class DeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export interface ChannelDef<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: carries the response type only. */
  response?: Res;
}

/** `channel<ResponseDto>()(requestSchema)`: declares one request/response channel. */
export function channel<Res>() {
  return <Req extends z.ZodType>(request: Req): ChannelDef<Req, Res> => ({ request });
}

export interface EventDef<Payload> {
  payload?: Payload;
}

/** `event<PayloadDto>()`: declares one main-to-renderer event. */
export function event<Payload>(): EventDef<Payload> {
  return {};
}
