// The one translation of StoreError into what the page shows: each kind's DeskError code,
// the store's words kept, and dispatch() applying it to whatever a handler lets through.
import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../src-main/ipc/context';
import type { Handlers } from '../../../src-main/ipc/contract';
import { dispatch } from '../../../src-main/ipc/handle';
import { toDeskError } from '../../../src-main/ipc/storeError';
import { StoreError, type StoreErrorKind } from '../../../src-main/stores/errors';

const ctx: HandlerContext = { agent: { osUser: 'tester', name: 'Test Agent' }, emit: () => undefined };

describe('StoreError at the IPC edge', () => {
  it.each<[StoreErrorKind, string, boolean]>([
    ['rate_limited', 'rate_limited', true],
    ['quota', 'rate_limited', true],
    ['transient', 'store_unavailable', true],
    ['offline', 'offline', true],
    ['auth', 'store_refused', false],
    ['not_found', 'not_found', false],
    ['malformed', 'store_unavailable', false],
    ['refused', 'store_refused', false],
  ])('%s becomes %s (retryable: %s), the words kept', (kind, code, retryable) => {
    const d = toDeskError(new StoreError(kind, 'Apple refused the lookup (400).'));
    expect(d).toMatchObject({ code, retryable, message: 'Apple refused the lookup (400).' });
  });

  it('dispatch turns a StoreError a handler lets through into {ok: false, error}, never "internal"', async () => {
    const errors: string[] = [];
    const handler = (async () => {
      throw new StoreError('not_found', 'Apple does not know this Get Transaction History (404) (error 4040010).', { status: 404, storeCode: '4040010' });
    }) as unknown as Handlers<HandlerContext>['lookup:fetch'];
    const r = await dispatch('lookup:fetch', handler, { query: '2000000100' }, ctx, { warn() {}, error: (m: string) => void errors.push(m) });
    expect(r).toEqual({ ok: false, error: { code: 'not_found', message: 'Apple does not know this Get Transaction History (404) (error 4040010).', retryable: false } });
    expect(errors).toEqual([]);
  });
});
