// The built renderer (out/renderer) is produced by the lead's electron-vite build. Tests that
// read it build it once when it is missing instead of skipping.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectDir } from './builderConfig';

export const rendererHtml = join(projectDir, 'out/renderer/index.html');

export function ensureBuiltRenderer(): void {
  if (existsSync(rendererHtml)) return;
  try {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: projectDir, stdio: 'pipe', timeout: 300_000 });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`out/renderer is missing and \`npx electron-vite build\` failed:\n${String(out.stderr ?? out.stdout ?? err)}`, { cause: err });
  }
  if (!existsSync(rendererHtml)) throw new Error(`electron-vite build did not write ${rendererHtml}`);
}
