// The only wrapper around ipcMain.handle. Every payload is untrusted: the sender frame
// is checked, the payload parsed with its channel's schema, and errors become data.
// Electron is passed in, typed here by the few members used (only shell/ and preload/
// import electron), so this file runs and is tested in plain Node.
import type { z } from 'zod';
import { channels, CHANNEL_NAMES, DeskError } from './contract';
import type { ChannelName, Handlers, ResponseOf, Result } from './contract';
import type { HandlerContext } from './context';
import { StoreError } from '../stores/errors';
import { toDeskError } from './storeError';

export type Logger = Pick<Console, 'warn' | 'error'>;

/** What registerHandlers reads of Electron's IpcMainInvokeEvent. */
export interface InvokeEvent {
  senderFrame: { parent: unknown; url: string } | null;
  sender: { id: number };
}

/** The part of Electron's ipcMain that registerHandlers uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => unknown): void;
}

/**
 * A handler slower than this is logged (channel and time, never the payload): main runs
 * the window too, and DESIGN §8 allows no synchronous block over 16 ms, so a slow channel
 * is worth finding. Async waits on a store count too; the log says which channel to look at.
 */
export const SLOW_HANDLER_MS = 50;

/** Short, field-level words for a payload that failed its schema (never echoes values). */
export function describeInvalid(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'request';
    return `${where}: ${issue.message}`;
  });
  return `Invalid request (${parts.join('; ')})`;
}

/** Parses, runs and wraps one call. Shared by the Electron binding and the e2e test host. */
export async function dispatch<C extends ChannelName>(
  name: C,
  handler: Handlers<HandlerContext>[C],
  payload: unknown,
  ctx: HandlerContext,
  log: Logger = console,
): Promise<Result<ResponseOf<C>>> {
  const started = performance.now();
  try {
    return await parseAndRun(name, handler, payload, ctx, log);
  } finally {
    const ms = performance.now() - started;
    if (ms > SLOW_HANDLER_MS) log.warn(`[ipc] slow handler: ${name} took ${Math.round(ms)} ms`);
  }
}

async function parseAndRun<C extends ChannelName>(
  name: C,
  handler: Handlers<HandlerContext>[C],
  payload: unknown,
  ctx: HandlerContext,
  log: Logger,
): Promise<Result<ResponseOf<C>>> {
  const parsed = channels[name].request.safeParse(payload ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: describeInvalid(parsed.error) } };
  }
  try {
    const run = handler as (request: unknown, ctx: HandlerContext) => Promise<ResponseOf<C>> | ResponseOf<C>;
    return { ok: true, value: await run(parsed.data, ctx) };
  } catch (thrown) {
    // A store's failure becomes the page's DeskError here and nowhere else (issue 19).
    const error = thrown instanceof StoreError ? toDeskError(thrown) : thrown;
    if (error instanceof DeskError) {
      return { ok: false, error: { code: error.code, message: error.message, retryable: error.retryable } };
    }
    // Unknown errors are logged by name and message only: payloads and stacks can carry
    // store responses, and the renderer gets no internals.
    log.error(`[ipc] ${name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
    return {
      ok: false,
      error: { code: 'internal', message: 'Refund Desk hit an unexpected error. Try again; if it persists, restart the app.' },
    };
  }
}

export interface SenderPolicy {
  /** Origins the app's own pages are served from (app://renderer, or the dev server). */
  allowedOrigins: readonly string[];
  /** webContents IDs of the app's own windows. */
  isOwnWebContents(id: number): boolean;
}

/** Only the app's own top-level frame may call main: no iframes, no other origins, no other windows. */
export function isTrustedSender(event: InvokeEvent, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!policy.isOwnWebContents(event.sender.id)) return false;
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = url.protocol === 'app:' ? `app://${url.host}` : url.origin;
  } catch {
    return false;
  }
  return policy.allowedOrigins.includes(origin);
}

/** Registers one handler per channel of the contract; a missing handler does not compile. */
export function registerHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers<HandlerContext>,
  ctx: HandlerContext,
  policy: SenderPolicy,
  log: Logger = console,
): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isTrustedSender(event, policy)) {
        log.warn(`[ipc] refused ${name} from an untrusted sender`);
        return { ok: false, error: { code: 'forbidden_sender', message: 'This call did not come from Refund Desk.' } };
      }
      return dispatch(name, handlers[name], payload, ctx, log);
    });
  }
}
