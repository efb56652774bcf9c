// Opening a workspace from before the ledger runs migration 006, whose ledger rebuild
// reports progress; createServices forwards it to the renderer as onMigrationProgress.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentsOfCustomer } from '../../../src-main/db/ledger';
import type { EventName } from '../../../src-main/ipc/contract';
import { createMemorySecretStoreForTests } from '../../../src-main/secrets/memoryStore';
import { createServices, type Services } from '../../../src-main/services';
import { seedLegacyWorkspace } from '../../support/legacyWorkspace';

const root = mkdtempSync(join(tmpdir(), 'rd-mig-'));
let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
  rmSync(root, { recursive: true, force: true });
});

const start = (emit: Parameters<typeof createServices>[0]['emit']) =>
  createServices({
    userDataDir: root, appName: 'Refund Desk', version: '0.0.0-test', platform: process.platform, osUser: 'sam',
    resourcesDir: resolve(import.meta.dirname, '../../../resources'), emit,
    openExternal: async () => false, secretStore: createMemorySecretStoreForTests(), syncIntervalMs: 0, restart: () => undefined,
  });

describe('migration progress while a workspace opens', () => {
  it('emits the ledger rebuild as onMigrationProgress, from 0 to the total, and the ledger is there after', () => {
    seedLegacyWorkspace(join(root, 'workspaces'), 2500);
    const seen: { name: EventName; payload: unknown }[] = [];
    open = start((name, payload) => void seen.push({ name, payload }));
    const progress = seen.filter((e) => e.name === 'onMigrationProgress').map((e) => e.payload);
    // 2,500 purchases + 500 refunds, read in pages of 2,000: start, one page, the end
    expect(progress).toEqual([
      { migration: 'ledger', done: 0, total: 3000 },
      { migration: 'ledger', done: 2000, total: 3000 },
      { migration: 'ledger', done: 3000, total: 3000 },
    ]);
    expect(paymentsOfCustomer(open.workspace.db, 1)).toHaveLength(2500);
  });

  it('emits nothing when the workspace is already up to date', async () => {
    seedLegacyWorkspace(join(root, 'workspaces'), 3);
    const first = start(() => undefined);
    await first.close();
    const seen: EventName[] = [];
    open = start((name) => void seen.push(name));
    expect(seen).not.toContain('onMigrationProgress');
  });
});
