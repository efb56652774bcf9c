// The release workflow: actions pinned by commit SHA, a first job that refuses to release
// without signing and notarisation secrets, and that job's script actually run here in a
// dry run (bash, with and without the secrets in its environment), since no runner exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir } from './builderConfig';

// js-yaml (electron-builder's YAML parser) ships no types.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Step { uses?: string; run?: string; env?: Record<string, string>; name?: string }
interface Job { needs?: string | string[]; steps: Step[]; permissions?: Record<string, string> }
const file = join(projectDir, '.github/workflows/release.yml');
const text = readFileSync(file, 'utf8');
const workflow = load(text) as { jobs: Record<string, Job> };

const SECRETS = ['MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];

function secretsStep(): Step {
  const job = workflow.jobs['signing-secrets'];
  expect(job, 'a signing-secrets job').toBeDefined();
  const step = job!.steps[0]!;
  expect(step.run, 'the job runs the check as its first step').toBeTypeOf('string');
  return step;
}

/** Runs the step's script the way a runner would (bash -e), with only the given secrets set. */
function dryRun(secrets: Record<string, string>): { status: number | null; out: string } {
  const r = spawnSync('bash', ['-e', '-c', secretsStep().run!], { env: { PATH: process.env['PATH'] ?? '', ...secrets }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('release workflow', () => {
  it('passes action-validator', () => {
    const out = execFileSync('npx', ['action-validator', file], { cwd: projectDir, encoding: 'utf8' });
    expect(out).not.toMatch(/error/i);
  });

  it('pins every action by a full commit SHA, with its tag as a comment', () => {
    const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThanOrEqual(5);
    for (const [, ref = '', comment = ''] of uses) {
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment, ref).toMatch(/#\s*v\d+(\.\d+)*\s*$/);
    }
  });

  it('builds only after the secrets check, and releases only after the builds', () => {
    expect(([] as string[]).concat(workflow.jobs['build']?.needs ?? [])).toContain('signing-secrets');
    expect(([] as string[]).concat(workflow.jobs['release']?.needs ?? [])).toContain('build');
    expect(workflow.jobs['release']?.permissions).toEqual({ contents: 'write' });
  });

  it('passes every signing and notarisation secret to the check', () => {
    const env = secretsStep().env ?? {};
    for (const name of SECRETS) expect(env[name], name).toBe(`\${{ secrets.${name} }}`);
  });

  it('dry run without secrets: the release fails and names what is missing', () => {
    const none = dryRun({});
    expect(none.status).not.toBe(0);
    for (const name of SECRETS) expect(none.out).toContain(name);
    // One secret short is still a refusal.
    const all = Object.fromEntries(SECRETS.map((n) => [n, 'set']));
    const short = dryRun({ ...all, APPLE_TEAM_ID: '' });
    expect(short.status).not.toBe(0);
    expect(short.out).toMatch(/missing secrets APPLE_TEAM_ID\./);
  });

  it('dry run with every secret: the check passes', () => {
    const all = Object.fromEntries(SECRETS.map((n) => [n, 'set']));
    expect(dryRun(all)).toEqual({ status: 0, out: 'all signing and notarisation secrets are set\n' });
  });
});
