// The refusal a call must end in: tests read its code and message, which is what crosses IPC.
import { expect } from 'vitest';
import { DeskError } from '../../src-main/ipc/define';

/** The DeskError `p` rejects with; the test fails if it resolves or rejects with anything else. */
export async function rejects(p: Promise<unknown>): Promise<DeskError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DeskError);
    return e as DeskError;
  }
  throw new Error('expected a DeskError');
}
