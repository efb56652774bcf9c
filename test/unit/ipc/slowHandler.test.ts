// dispatch logs a handler slower than SLOW_HANDLER_MS by channel and time, and never
// the payload (which can carry notes, emails, credentials).
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { dispatch, SLOW_HANDLER_MS } from '../../../src-main/ipc/handle';

const MARKER = 'payload-marker-7f3a';
const ctx: HandlerContext = { agent: { osUser: 'tester', name: 'Tess' }, emit: () => undefined };
const payload = { customerId: 7, text: `customer wrote ${MARKER}` };

function recorder() {
  const lines: string[] = [];
  const log = { warn: (...a: unknown[]) => lines.push(a.join(' ')), error: (...a: unknown[]) => lines.push(a.join(' ')) };
  return { lines, log };
}

const handlerTaking = (ms: number): Handlers<HandlerContext>['customers:addNote'] => async () => {
  await new Promise((r) => setTimeout(r, ms));
  return { eventId: 1 };
};

describe('dispatch: slow-handler log', () => {
  it('logs the channel and its time for a handler over the threshold, never the payload', async () => {
    const { lines, log } = recorder();
    const r = await dispatch('customers:addNote', handlerTaking(SLOW_HANDLER_MS + 30), payload, ctx, log);
    expect(r).toEqual({ ok: true, value: { eventId: 1 } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[ipc\] slow handler: customers:addNote took \d+ ms$/);
    expect(Number(/took (\d+) ms/.exec(lines[0]!)![1])).toBeGreaterThan(SLOW_HANDLER_MS);
    expect(lines.join('\n')).not.toContain(MARKER);
    expect(lines.join('\n')).not.toContain('customer wrote');
  });

  it('logs a slow handler that fails too, still without the payload', async () => {
    const { lines, log } = recorder();
    const failing: Handlers<HandlerContext>['customers:addNote'] = async () => {
      await new Promise((r) => setTimeout(r, SLOW_HANDLER_MS + 30));
      throw new Error('boom');
    };
    const r = await dispatch('customers:addNote', failing, payload, ctx, log);
    expect(r.ok).toBe(false);
    expect(lines.some((l) => l.startsWith('[ipc] slow handler: customers:addNote took'))).toBe(true);
    expect(lines.join('\n')).not.toContain(MARKER);
  });

  it('says nothing for a fast handler', async () => {
    const { lines, log } = recorder();
    const r = await dispatch('customers:addNote', handlerTaking(0), payload, ctx, log);
    expect(r.ok).toBe(true);
    expect(lines).toEqual([]);
  });
});
