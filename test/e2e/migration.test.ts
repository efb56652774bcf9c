// The migration progress bar in Chromium: a workspace from before the ledger is opened
// (migration 006 rebuilds the ledger for real and reports progress), and the page shows
// main's onMigrationProgress events. The test host opens the page after the services
// (main's migration runs before the window exists there), so the real events recorded
// from the migration are sent again over the host's event stream, in their order.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { MigrationProgressDto } from '../../src-main/ipc/contract';
import { openCurrentWorkspace } from '../../src-main/workspace';
import { seedLegacyWorkspace } from '../support/legacyWorkspace';
import { launchBrowser, openApp } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('migration progress in Chromium', () => {
  it('shows "Rebuilding the payment ledger: n of N" with a bar, and clears it when done', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-mig-'));
    seedLegacyWorkspace(join(userDataDir, 'workspaces'), 6000);
    const events: MigrationProgressDto[] = [];
    openCurrentWorkspace(join(userDataDir, 'workspaces'), { onProgress: (p) => void events.push({ ...p }) }).db.close();
    expect(events.map((e) => e.done)).toEqual([0, 2000, 4000, 6000, 7200]);

    const app = await openApp(browser, { userDataDir, viewport: { width: 1024, height: 640 } });
    try {
      const { page } = app;
      const bar = page.getByTestId('migration-progress');
      for (const e of events.slice(0, 3)) app.host.emit('onMigrationProgress', e);
      await bar.getByText('Rebuilding the payment ledger: 4,000 of 7,200').waitFor();
      expect(await bar.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('56');
      const shots = process.env['SHOTS_DIR'];
      if (shots) await page.screenshot({ path: join(shots, 'migration-progress.png') });
      else await app.screenshot('migration-progress');
      for (const e of events.slice(3)) app.host.emit('onMigrationProgress', e);
      await bar.waitFor({ state: 'detached' });
    } finally {
      await app.close();
    }
  });
});
