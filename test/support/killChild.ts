// The parent side of test/support/refundChild.ts: start the child, and kill -9 it a given
// time after it says "ready" (the store call follows within ms; tsx needs ~0.3-1 s to load
// the service before that). A child that finishes first is not killed.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = resolve(ROOT, 'test/support/refundChild.ts');

export interface ChildRun {
  out: string;
  /** When the kill was sent; null when the child finished on its own. */
  killedAt: number | null;
}

/** `args` as refundChild.ts takes them; `onKill` runs just before the kill, to note what the store had seen. */
export function runRefundChild(args: string[], killAfterMs: number, onKill?: () => void): Promise<ChildRun> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killedAt: number | null = null;
    let armed = true;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed || !out.includes('ready')) return;
      armed = false;
      setTimeout(() => {
        if (child.exitCode !== null) return;
        onKill?.();
        killedAt = Date.now();
        child.kill('SIGKILL');
      }, killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) ok({ out, killedAt: signal === 'SIGKILL' ? killedAt : null });
      else fail(new Error(`child exited ${code}: ${out} ${err}`));
    });
  });
}
