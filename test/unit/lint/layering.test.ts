// The layering of src-main (eslint.layering.js, wired in eslint.config.js) fires on probe
// files: for each rule, one import it must refuse and one it must let through, linted
// with the project's real ESLint config as if the probe sat in that folder.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layering messages ESLint reports for `code` placed at src-main/<path>. */
async function layering(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath: resolve(root, 'src-main', path) });
  return result!.messages.filter((m) => m.ruleId === 'layering/imports').map((m) => m.message);
}

const refused = (path: string, spec: string) => layering(path, `export * from '${spec}';`);
const typeOnly = (path: string, spec: string, name: string) => layering(path, `import type { ${name} } from '${spec}';\nexport type Probe = ${name};`);

describe('layering rules fire on probes', () => {
  it('domain/ imports nothing but itself and ipc/vocabulary (type-only imports included)', { timeout: 30_000 }, async () => {
    expect(await refused('domain/probe.ts', '../db/statements')).toEqual([expect.stringContaining('domain/ is pure')]);
    expect(await typeOnly('domain/probe.ts', '../stores/adapter', 'StoreAdapter')).toEqual([expect.stringContaining('may not import src-main/stores/adapter')]);
    expect(await refused('domain/probe.ts', './ledger')).toEqual([]);
    expect(await refused('domain/probe.ts', '../ipc/vocabulary')).toEqual([]);
  });

  it('db/ may import domain/ (and the IPC contract), not stores/ or insights/, at any depth', async () => {
    expect(await typeOnly('db/probe.ts', '../stores/types', 'PurchaseInput')).toEqual([expect.stringContaining('db/ may import only domain/')]);
    expect(await refused('db/import/probe.ts', '../../insights/compute')).toEqual([expect.stringContaining('src-main/insights/compute')]);
    expect(await refused('db/import/probe.ts', '../../domain/model')).toEqual([]);
    expect(await refused('db/probe.ts', '../ipc/define')).toEqual([]);
  });

  it('stores/ may import domain/ and the credential types, not db/ or sync/', async () => {
    expect(await refused('stores/google/probe.ts', '../../db/ingest')).toEqual([expect.stringContaining('stores/ may import only domain/')]);
    expect(await refused('stores/google/probe.ts', '../../sync/backoff')).toEqual([expect.stringContaining('src-main/sync/backoff')]);
    expect(await typeOnly('stores/google/probe.ts', '../../secrets/credentials', 'GoogleCredential')).toEqual([]);
    expect(await refused('stores/google/probe.ts', '../../domain/ledger')).toEqual([]);
  });

  it.each(['sync', 'refunds', 'insights'])('%s/ may import db/, domain/ and store barrels, not a store\'s inside', async (layer) => {
    expect(await refused(`${layer}/probe.ts`, '../stores/google/mapping')).toEqual([expect.stringContaining(`${layer}/ may import only db/`)]);
    expect(await refused(`${layer}/probe.ts`, '../shell/links')).toEqual([expect.stringContaining('src-main/shell/links')]);
    for (const ok of ['../stores/google', '../stores/apple/index', '../stores/adapter', '../stores/errors', '../db/ledger', '../domain/profiles']) {
      expect(await refused(`${layer}/probe.ts`, ok), ok).toEqual([]);
    }
  });

  it('only shell/ and preload/ import electron', async () => {
    for (const path of ['ipc/probe.ts', 'services.ts', 'transfer/probe.ts', 'db/probe.ts']) {
      expect(await refused(path, 'electron'), path).toEqual([expect.stringContaining('may not import electron')]);
    }
    expect(await refused('shell/probe.ts', 'electron')).toEqual([]);
    expect(await refused('preload/probe.ts', 'electron')).toEqual([]);
  });

  it('no file has an exception any more: the registry and the store clients are held to stores/ rules', async () => {
    expect(await refused('stores/registry.ts', '../db/ids')).toEqual([expect.stringContaining('src-main/db/ids')]);
    expect(await refused('stores/stripe/client.ts', '../../sync/backoff')).toEqual([expect.stringContaining('src-main/sync/backoff')]);
  });
});
