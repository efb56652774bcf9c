// The whole round trip on the real services: the demo opens on the first run, a new
// workspace is created and a restart asked for; the next start opens it EMPTY, with no
// credentials (keychain entries are per workspace), and switching back reopens the demo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemorySecretStoreForTests } from '../../../src-main/secrets/memoryStore';
import type { Services } from '../../../src-main/services';
import { callOk as ok, createTestServices } from '../../support/services';

const root = mkdtempSync(join(tmpdir(), 'rd-wss-'));
const secrets = createMemorySecretStoreForTests();
let restarts = 0;
let open: Services | null = null;

function start(): Promise<Services> {
  const services = createTestServices(root, { secretStore: secrets, restart: () => void restarts++ });
  open = services;
  return services.start().then(() => services);
}

afterEach(async () => {
  await open?.close();
  open = null;
  rmSync(root, { recursive: true, force: true });
});

describe('creating and switching workspaces across restarts', () => {
  it('opens the new workspace empty after the restart, and the demo again after switching back', { timeout: 60_000 }, async () => {
    let s = await start();
    expect(s.workspace.entry.demo).toBe(true);
    await ok(s, 'workspace:update', { agentName: 'Sam Agent' });
    await ok(s, 'credentials:set', { store: 'stripe', secretKey: `sk_test_${'4'.repeat(24)}` });
    expect((await ok(s, 'customers:list', {})).customers.length).toBeGreaterThan(0);

    const created = await ok(s, 'workspace:create', { name: 'Acme Production' });
    await vi.waitFor(() => expect(restarts).toBe(1));
    await s.close();

    s = await start();
    expect(s.workspace.entry).toEqual({ id: created.workspace.id, name: 'Acme Production', demo: false });
    const info = await ok(s, 'app:info', {});
    expect(info.workspace).toEqual({ id: created.workspace.id, name: 'Acme Production', demo: false });
    // A base name: the absolute path stays in main.
    expect(info.dataDir).toBe('workspaces');
    expect((await ok(s, 'customers:list', {})).customers).toEqual([]);
    expect((await ok(s, 'credentials:status', {})).stores.every((x) => !x.configured)).toBe(true);
    expect((await ok(s, 'workspace:get', {})).agentName).toBe('Sam Agent');
    expect((await ok(s, 'audit:list', {})).entries).toEqual([]);

    expect(await ok(s, 'workspace:switch', { id: 'demo' })).toMatchObject({ restartRequired: true });
    await vi.waitFor(() => expect(restarts).toBe(2));
    await s.close();

    s = await start();
    expect(s.workspace.entry.id).toBe('demo');
    expect((await ok(s, 'credentials:status', {})).stores.find((x) => x.store === 'stripe')?.configured).toBe(true);
    const actions = (await ok(s, 'audit:list', {})).entries.map((e) => e.action);
    expect(actions).toContain('workspace.create');
    expect(actions).toContain('credential.set');
  });
});
