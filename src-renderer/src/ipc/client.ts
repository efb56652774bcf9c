// The renderer's one way to reach main: `window.desk`, typed by the contract.
import type { DeskApi, DeskErrorDto, Result } from '../../../src-main/ipc/contract';

export function desk(): DeskApi {
  return window.desk;
}

/** A failed call as the UI shows it: the code decides the action, the message is for the agent. */
export class CallError extends Error {
  constructor(readonly error: DeskErrorDto) {
    super(error.message);
    this.name = 'CallError';
  }
  get code() {
    return this.error.code;
  }
}

export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

/** Any thrown value as the error DTO the UI shows: main's own for a failed call, else `internal`. */
export function asDeskError(error: unknown): DeskErrorDto {
  if (error instanceof CallError) return error.error;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
