// The IPC edge's one translation of a store's failure (StoreError, src-main/stores/errors.ts)
// into the DeskError the page acts on: dispatch() applies it to whatever a handler lets
// through, and lookup passes its own words. Codes and words the UI shows are unchanged.
import type { StoreError, StoreErrorKind } from '../stores/errors';
import { DeskError, type ErrorCode } from './define';

/** The UI-facing code of each kind. */
const DESK_CODES: Record<StoreErrorKind, ErrorCode> = {
  rate_limited: 'rate_limited',
  quota: 'rate_limited',
  transient: 'store_unavailable',
  offline: 'offline',
  auth: 'store_refused',
  not_found: 'not_found',
  malformed: 'store_unavailable',
  refused: 'store_refused',
};

/** A StoreError as the DeskError the page shows: the store's words (or `message`), its code. */
export function toDeskError(e: StoreError, message: string = e.message): DeskError {
  return new DeskError(DESK_CODES[e.kind], message, e.retryable);
}
