// A team leaves the demo: in Chromium, Settings → Workspace creates a real workspace and
// main asks for a restart; the app opened again on the same user-data folder (what the
// relaunch does) shows the new, EMPTY workspace; switching back reopens the demo.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, type AppSession } from './browser';

let browser: Browser;
let userDataDir: string | undefined;
const sessions: AppSession[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
  await browser?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function open(colorScheme: 'light' | 'dark') {
  const app = await openApp(browser, { userDataDir, colorScheme });
  userDataDir = app.userDataDir;
  sessions.push(app);
  return app;
}
async function closeLast() {
  await sessions.pop()!.close();
}
const demoBadge = (page: Page) => page.locator('.sidebar .brand .badge.demo');

async function shoot(app: AppSession, name: string) {
  await app.screenshot(`${name}-light`);
  await app.page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot(`${name}-dark`);
  await app.page.emulateMedia({ colorScheme: 'light' });
}

describe('workspaces in Chromium', () => {
  it('creates a real workspace from Settings, restarts into it empty, and switches back to the demo', async () => {
    // First run: the demo, with its badge and the pointer to Settings on the customers page.
    let app = await open('light');
    let { page } = app;
    await demoBadge(page).waitFor();
    await page.getByTestId('customers-demo-hint').waitFor();
    await shoot(app, 'workspace-demo-customers');
    await page.getByTestId('customers-demo-link').click();
    const card = page.getByTestId('workspace-card');
    await card.getByTestId('workspace-demo-cta').waitFor();
    expect(await card.getByTestId('workspace-demo-cta').textContent()).toContain("This is demo data. Create a workspace for your team's real data.");
    await card.scrollIntoViewIfNeeded();
    await shoot(app, 'workspace-demo-settings');

    await card.getByTestId('workspace-cta-new').click();
    const name = card.getByTestId('workspace-new-name');
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    await card.getByTestId('workspace-new-review').click();
    expect(await card.getByTestId('workspace-name-problem').textContent()).toContain('Give the workspace a name');
    await name.fill('Acme Support');
    await card.getByTestId('workspace-new-review').click();
    await card.getByText('Refund Desk restarts to open Acme Support.').waitFor();
    await shoot(app, 'workspace-create-confirm');
    expect(app.restarts).toBe(0);
    await card.getByTestId('workspace-new-confirm').click();
    await card.getByTestId('workspace-restarting').waitFor();
    expect(await card.getByTestId('workspace-restarting').textContent()).toContain('Restarting to open Acme Support…');
    await expect.poll(() => app.restarts).toBe(1);
    expect(app.host.calls.filter((c) => c.channel === 'workspace:create').map((c) => c.payload)).toEqual([{ name: 'Acme Support' }]);
    await shoot(app, 'workspace-restarting');
    await closeLast();

    // The relaunch: the same folder opens the new workspace, empty and without the demo badge.
    app = await open('dark');
    page = app.page;
    expect(app.services.workspace.entry).toMatchObject({ name: 'Acme Support', demo: false });
    await page.getByText('No customers opened yet').waitFor();
    expect(await demoBadge(page).count()).toBe(0);
    expect(await page.getByTestId('customers-demo-hint').count()).toBe(0);
    expect(await page.locator('.sidebar .workspace').textContent()).toContain('Acme Support');
    await app.screenshot('workspace-new-customers-dark');
    await page.getByTestId('customer-search').fill('jane@example.com');
    await page.getByTestId('search-empty').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('credential-stripe').getByText('Not connected').waitFor();
    const card2 = page.getByTestId('workspace-card');
    expect(await card2.getByTestId('workspace-kind').textContent()).toBe('real data');
    expect(await card2.getByTestId('workspace-demo-cta').count()).toBe(0);
    await card2.scrollIntoViewIfNeeded();
    await app.screenshot('workspace-new-settings-dark');

    // And back to the demo, after the confirm.
    await card2.getByTestId('workspace-open-demo').click();
    await card2.getByText('Refund Desk restarts to open Demo workspace.').waitFor();
    await app.screenshot('workspace-switch-confirm-dark');
    await card2.getByTestId('workspace-confirm-switch').click();
    await card2.getByTestId('workspace-restarting').waitFor();
    await expect.poll(() => app.restarts).toBe(1);
    await closeLast();

    app = await open('light');
    expect(app.services.workspace.entry.demo).toBe(true);
    await demoBadge(app.page).waitFor();
    await closeLast();
  });
});
