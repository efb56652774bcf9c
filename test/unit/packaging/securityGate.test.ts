// Runs the real Electronegativity gate (scripts/security-gate.ts) on the tree and on patched
// copies of it, to show that it passes today and fails when a checklist item is undone.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_FILE, runGate } from '../../../scripts/security-gate';
import { projectDir } from './builderConfig';
import { ensureBuiltRenderer } from './builtRenderer';

const scratch: string[] = [];
// Inside the checkout, so the copied sources still resolve the project's node_modules.
function copyTree(): string {
  const base = join(projectDir, 'node_modules/.tmp');
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(join(base, 'gate-'));
  scratch.push(root);
  cpSync(join(projectDir, 'src-main'), join(root, 'src-main'), { recursive: true });
  cpSync(join(projectDir, 'out/renderer'), join(root, 'out/renderer'), { recursive: true });
  return root;
}
function patch(file: string, from: RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, `${file} contains ${from}`).toMatch(from);
  writeFileSync(file, text.replace(from, to));
}

describe('security gate (Electronegativity)', () => {
  beforeAll(() => ensureBuiltRenderer(), 320_000);
  afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('passes on the current sources and built renderer', async () => {
    const { blocking } = await runGate(projectDir);
    expect(blocking).toEqual([]);
  });

  it('fails when sandbox: false is put back into the window options', async () => {
    const root = copyTree();
    patch(join(root, 'src-main/shell/window.ts'), /sandbox:\s*true/, 'sandbox: false');
    const { blocking } = await runGate(root);
    expect(blocking).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'SANDBOX_JS_CHECK', file: PROBE_FILE })]));
  });

  it('fails when contextIsolation is turned off', async () => {
    const root = copyTree();
    patch(join(root, 'src-main/shell/window.ts'), /contextIsolation:\s*true/, 'contextIsolation: false');
    const { blocking } = await runGate(root);
    expect(blocking.map((f) => [f.id, f.severity])).toContainEqual(['CONTEXT_ISOLATION_JS_CHECK', 'HIGH']);
  });

  it('blocks the checks the tool rates LOW or MEDIUM that the checklist forbids', async () => {
    const root = copyTree();
    const window = join(root, 'src-main/shell/window.ts');
    patch(window, /experimentalFeatures:\s*false/, 'experimentalFeatures: true');
    patch(window, /disableBlinkFeatures:/, "enableBlinkFeatures: 'CSSVariables', disableBlinkFeatures:");
    patch(window, /contents\.session\.setPermissionRequestHandler\([^\n]*\n/, '\n');
    const ids = (await runGate(root)).blocking.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['EXPERIMENTAL_FEATURES_JS_CHECK', 'BLINK_FEATURES_JS_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']));
  });

  it('fails when the built renderer loses its CSP', async () => {
    const root = copyTree();
    patch(join(root, 'out/renderer/index.html'), /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, '');
    // main also sets the policy as a header for the dev server; drop it too, so no CSP is left.
    patch(join(root, 'src-main/shell/main.ts'), /'Content-Security-Policy':/, "'X-Dropped':");
    const { blocking } = await runGate(root);
    expect(blocking.map((f) => f.id)).toContain('CSP_GLOBAL_CHECK');
  });

  it('the shell gate runs the scan and lints the release workflow', () => {
    const out = execFileSync('bash', ['-c', 'npx action-validator .github/workflows/release.yml && echo WORKFLOW_OK'], {
      cwd: projectDir,
      encoding: 'utf8',
    });
    expect(out).toContain('WORKFLOW_OK');
  });
});
