// Runs otherInstance.ts in a real child process (Node + tsx), as a second app would.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./otherInstance.ts', import.meta.url));

export const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

export function otherInstance(args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env: opts.env ?? process.env, timeout: 30_000 },
      (err, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as Record<string, unknown>);
        } catch {
          reject(new Error(`second instance failed (${err?.message ?? 'no output'}): ${stderr}`));
        }
      },
    );
    child.stdin?.end(opts.stdin ?? '');
  });
}
