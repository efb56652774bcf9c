// History import of RevenueCat's documented event types in a file of mixed shapes (one body
// per line, pretty-printed bodies, concatenated ones, a cut line), in Chromium: the report
// counts the bad line and the records that are not store purchases apart, lists each, and
// the import says what it left out. Screenshots: test-results/screenshots/import-mixed-*.png
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { RC_DOCUMENTED } from '../support/rcEvents';
import { launchBrowser, openApp, type AppSession } from './browser';

let browser: Browser;
let app: AppSession;
let chosen = '';
let deep = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-e2e-mixed-'));
  const file = join(dir, 'revenuecat-webhooks.json');
  const d = RC_DOCUMENTED;
  const text = [
    JSON.stringify(d.INITIAL_PURCHASE),
    JSON.stringify(d.RENEWAL, null, 2),
    JSON.stringify(d.CANCELLATION).slice(0, 140), // cut short
    JSON.stringify(d.PLAY_PURCHASE) + JSON.stringify(d.SUBSCRIPTION_PAUSED) + JSON.stringify(d.SUBSCRIPTION_EXTENDED),
    JSON.stringify(d.TEST, null, 4),
    JSON.stringify(d.EXPERIMENT_ENROLLMENT),
    JSON.stringify(d.TRANSFER, null, 2),
    JSON.stringify(d.REFUND_REVERSED),
  ].join('\n');
  writeFileSync(file, text);
  chosen = file;
  // a body whose raw payload nests 100,000 arrays deep
  deep = join(dir, 'deep.json');
  writeFileSync(deep, JSON.stringify(d.INITIAL_PURCHASE).replace(/}}$/, `,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`));
  browser = await launchBrowser();
  app = await openApp(browser, { chooseOpenFile: async () => chosen, viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
});

describe('import of a file of mixed shapes', () => {
  it('reports the cut line and the non-purchases apart, then imports the rest', async () => {
    const { page } = app;
    await page.click('[data-testid="nav-settings"]');
    await page.getByTestId('import-card').scrollIntoViewIfNeeded();
    await page.getByTestId('import-choose').click();
    await page.getByTestId('import-counts').waitFor();
    expect(await page.getByTestId('import-counts').textContent()).toMatch(/Records\s*10.*Valid\s*7.*Bad lines\s*1.*Not store purchases\s*2/);
    expect(await page.getByTestId('import-error').allTextContents()).toEqual([expect.stringMatching(/invalid or truncated JSON: the record ends before it is closed/)]);
    const leftOut = await page.getByTestId('import-left-out').textContent();
    expect(leftOut).toContain('not imported: TEST is not a store purchase');
    expect(leftOut).toContain('not imported: EXPERIMENT_ENROLLMENT is not a store purchase');
    await page.getByTestId('import-card').scrollIntoViewIfNeeded();
    await app.screenshot('import-mixed-report');

    await page.getByTestId('import-commit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Imported 7 new events\./);
    expect(await result.textContent()).toContain('1 bad line left out.');
    expect(await page.getByTestId('import-result-left-out').textContent()).toMatch(/2 records not imported: TEST is not a store purchase, …\s*$/);
    await app.screenshot('import-mixed-result');
  });

  it('refuses a 100k-deep file in one sentence, and offers nothing to import', async () => {
    const { page } = app;
    chosen = deep;
    await page.getByTestId('import-choose').click();
    const refusal = page.getByTestId('import-file-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('The record on line 1 is nested more than 64 levels deep');
    expect(await page.getByTestId('import-commit').count()).toBe(0);
    await app.screenshot('import-refused-deep');
  });
});
