// History import in Chromium on the demo workspace: main's open dialog (stood in for by
// openApp's chooseOpenFile) picks a file with two bad lines; the report lists both with
// their line numbers; the valid lines are imported; the imported customer is found by
// search. Then a workspace export through main's save dialog, and the update banner.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_JANE } from '../../src-main/demo/fixtures';
import { rcBody } from '../support/rcEvents';
import { launchBrowser, openApp, type AppSession } from './browser';

const USER = 'imported-e2e-henrietta';
let browser: Browser;
let app: AppSession;
let file: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-e2e-import-'));
  file = join(dir, 'support-history.jsonl');
  const body = (i: number, over: Record<string, unknown> = {}) =>
    JSON.stringify(rcBody(i, { app_user_id: USER, original_app_user_id: USER, aliases: [USER], ...over }));
  const lines = [
    body(900_000),
    body(900_001),
    body(900_002).slice(0, 90), // line 3: truncated
    body(900_003),
    body(900_004, { type: 'SUBSCRIPTION_TELEPORTED' }), // line 5: unknown type
    body(900_005),
  ];
  writeFileSync(file, lines.join('\n') + '\n');
  browser = await launchBrowser();
  app = await openApp(browser, { chooseOpenFile: async () => file });
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
});

describe('history import in Chromium', () => {
  it('reports both bad lines by number, imports the valid lines, and the customer is found', async () => {
    const { page } = app;
    await page.click('[data-testid="nav-settings"]');
    await page.getByTestId('import-card').scrollIntoViewIfNeeded();
    await page.getByTestId('import-choose').click();
    await page.getByTestId('import-counts').waitFor();
    expect(await page.getByTestId('import-counts').textContent()).toMatch(/Records\s*6.*Valid\s*4.*Bad lines\s*2/);
    const errors = await page.getByTestId('import-error').allTextContents();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^3\s*invalid or truncated JSON/);
    expect(errors[1]).toMatch(/^5\s*unknown event type "SUBSCRIPTION_TELEPORTED"/);
    expect(await page.getByTestId('import-file').textContent()).toContain('support-history.jsonl');
    // No path crossed IPC: the page only ever had a token and the base name.
    const wire = JSON.stringify(app.host.calls);
    expect(wire).not.toContain(file);
    await page.getByTestId('import-card').scrollIntoViewIfNeeded();
    await app.screenshot('import-report-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('import-report-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByTestId('import-commit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Imported \d+ new events?\./);
    expect(await result.textContent()).toContain('2 bad lines left out.');
    await app.screenshot('import-result');
    expect(app.host.calls.map((c) => c.channel)).toEqual(expect.arrayContaining(['transfer:chooseImportFile', 'transfer:importValidate', 'transfer:importCommit']));
    // No call names a path (the transfer: channels take main's token, never a path).
    expect(app.host.calls.some((c) => JSON.stringify(c.payload ?? null).includes(dirname(file)))).toBe(false);

    await page.goto(`${app.host.url}/#/customers`);
    const box = page.getByTestId('customer-search');
    await box.waitFor();
    await box.pressSequentially(USER, { delay: 5 });
    await page.getByTestId('search-results').waitFor();
    const first = page.locator('#search-results [role="option"]').first();
    expect(await first.textContent()).toContain(USER);
    await box.press('Enter');
    await page.getByTestId('customer-header').waitFor();
    expect(await page.getByTestId('customer-header').textContent()).toContain(USER);
    await page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
    await app.screenshot('import-customer');
  });

  it('exports the workspace through main\'s save dialog', async () => {
    const { page } = app;
    await page.click('[data-testid="nav-settings"]');
    await page.getByTestId('export-workspace').click();
    const saved = page.getByTestId('export-saved');
    await saved.waitFor();
    const text = (await saved.textContent()) ?? '';
    const name = /Saved (\S+\.rdexport)/.exec(text)![1]!;
    expect(name).toMatch(/^Demo-workspace-\d{4}-\d{2}-\d{2}\.rdexport$/);
    const written = join(app.userDataDir, name);
    expect(existsSync(written)).toBe(true);
    expect(readFileSync(written, 'utf8')).toContain(USER);
    await page.getByTestId('export-card').scrollIntoViewIfNeeded();
    await app.screenshot('export-workspace');
  });

  it('merges another customer into the imported one, then undoes it', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}/#/customers`);
    const box = page.getByTestId('customer-search');
    await box.waitFor();
    await box.pressSequentially(USER, { delay: 5 });
    await page.getByTestId('search-results').waitFor();
    await box.press('Enter');
    await page.getByTestId('merge-open').click();
    await page.getByTestId('merge-search').pressSequentially(DEMO_JANE.googleOrderId.slice(0, 14), { delay: 5 });
    await page.getByTestId('merge-hit').first().waitFor();
    expect(await page.getByTestId('merge-hit').first().textContent()).toContain('Jane Example');
    await page.getByTestId('merge-search').press('Enter');
    const summary = page.getByTestId('merge-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(DEMO_JANE.googleOrderId);
    expect(await summary.textContent()).toContain(USER);
    await app.screenshot('merge-confirm-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('merge-confirm-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    const reads = () => app.host.calls.filter((c) => c.channel === 'customers:get').length;
    const before = reads();
    await page.getByTestId('merge-confirm').click();
    await page.getByTestId('merge-notice').waitFor();
    // The page read its data again: Jane's IDs are now this customer's.
    await expect.poll(reads).toBeGreaterThan(before);
    await page.getByTestId('customer-ids').getByRole('button', { name: /more IDs/ }).click();
    // IDs are middle-truncated on screen; the full value is on hover and copied exactly
    await page.getByTestId('customer-ids').locator(`[title="${DEMO_JANE.googleOrderId}"]`).first().waitFor();
    await app.screenshot('merge-done');
    const undo = page.locator('[data-testid^="undo-merge-"]');
    await undo.click();
    await page.getByTestId('unmerge-confirm').click();
    await page.getByTestId('merge-notice').filter({ hasText: 'Unmerged' }).waitFor();
    await app.screenshot('unmerge-done');
  });

  it('shows the update banner when main has downloaded an update', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}/#/customers`);
    await page.getByTestId('customer-search').waitFor();
    app.host.emit('onUpdateStatus', { state: 'ready', version: '1.4.0' });
    const banner = page.getByTestId('update-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Refund Desk 1.4.0 is ready.');
    await app.screenshot('update-banner-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('update-banner-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('update-later').click();
    await banner.waitFor({ state: 'detached' });
  });
});
