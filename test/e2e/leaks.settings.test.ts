// The leak test through the renderer (issue 18): marker secrets are typed and pasted into
// the Settings forms in Chromium and saved, then the renderer's storage (localStorage,
// sessionStorage, IndexedDB, cookies) and Chromium's whole profile folder (--user-data-dir:
// session restore, caches, Web Data, logs) are searched for every marker in every encoding
// (text, lower case, hex, base64, UTF-16) and for pieces of the private keys. Markers,
// credentials and needles come from the integration leak test's world (test/integration/support).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../src-main/ipc/contract';
import { createMemorySecretStoreForTests } from '../../src-main/secrets/memoryStore';
import { createServices, type Services } from '../../src-main/services';
import { describeFindings, fileHaystacks, scan, textHaystack, type Haystack } from '../integration/support/scan';
import { startLeakWorld, type LeakWorld } from '../integration/support/world';
import { rendererDir } from './browser';
import { deskInitScript, startTestHost, type TestHost } from './host';

let world: LeakWorld;
let services: Services;
let host: TestHost;
let context: BrowserContext;
let page: Page;
const profileDir = mkdtempSync(join(tmpdir(), 'rd-chromium-profile-'));
const userDataDir = mkdtempSync(join(tmpdir(), 'rd-e2e-leaks-'));

beforeAll(async () => {
  world = await startLeakWorld();
  const wired: { services?: Services } = {};
  host = await startTestHost({ rendererDir, handlers: () => wired.services!.handlers, context: () => wired.services!.context });
  services = createServices({
    userDataDir,
    appName: 'Refund Desk',
    version: '0.0.0-e2e',
    platform: process.platform,
    osUser: 'e2e',
    resourcesDir: join(import.meta.dirname, '../../resources'),
    emit: host.emit,
    openExternal: async () => false,
    // The keychain stands in memory: what is scanned is what the BROWSER kept.
    secretStore: createMemorySecretStoreForTests(),
    endpoints: world.endpoints,
    syncIntervalMs: 0,
  });
  await services.start();
  wired.services = services;
  // A persistent context: Chromium writes its profile (session, caches, form data) to profileDir.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1360, height: 860 },
  });
  await context.addInitScript({ content: deskInitScript({ channels: CHANNEL_NAMES, events: EVENT_NAMES, token: host.token }) });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(host.url);
  await page.locator('#app[data-app-state="ready"]').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await host?.close();
  await services?.close();
  await world?.close();
  rmSync(profileDir, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
});

/** Pastes through the real clipboard (Ctrl+V); Chromium inserts it as the agent's paste would. */
async function paste(selector: string, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus(selector);
  await page.keyboard.press('Control+V');
  expect(await page.inputValue(selector)).toBe(text);
  // The clipboard is the OS's, not the app's: cleared so the scan sees only what the app kept.
  await page.evaluate(() => navigator.clipboard.writeText(''));
}

async function saved(store: string): Promise<void> {
  await page.click(`[data-testid="save-${store}"]`);
  await page.locator(`[data-testid="credential-${store}"] [data-testid="credential-status"]`, { hasText: 'Connected' }).waitFor({ timeout: 20_000 });
}

/** Everything the page can store, dumped from inside it. */
async function rendererStorage(): Promise<Haystack[]> {
  const dump = await page.evaluate(async () => {
    const local = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    const session = Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]));
    const idb: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((ok, ko) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      for (const name of [...db.objectStoreNames]) {
        idb[`${info.name}/${name}`] = await new Promise((ok, ko) => {
          const r = db.transaction(name).objectStore(name).getAll();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
      }
      db.close();
    }
    return { local, session, idb, cookie: document.cookie, inputs: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value) };
  });
  return [
    textHaystack('localStorage', dump.local),
    textHaystack('sessionStorage', dump.session),
    textHaystack('IndexedDB', dump.idb),
    textHaystack('document.cookie', dump.cookie),
    textHaystack('form fields after saving', dump.inputs),
    textHaystack('cookies (context)', await context.cookies()),
  ];
}

describe('secrets typed and pasted in Settings (Chromium)', () => {
  it('are saved, and found neither in the renderer\'s storage nor in Chromium\'s profile folder', async () => {
    const { inputs } = world;
    await page.click('[data-testid="nav-settings"]');
    await page.locator('[data-testid="credential-amazon"]').waitFor();

    // Typed, key by key, as an agent copying from another screen would.
    await page.locator('[data-testid="stripe-key"]').pressSequentially(inputs.stripe.secretKey, { delay: 0 });
    await saved('stripe');
    await page.locator('#amazon-secret').pressSequentially(inputs.amazon.sharedSecret, { delay: 0 });
    await saved('amazon');

    // Pasted: the service-account JSON and the .p8 key.
    await paste('#google-json', inputs.google.serviceAccountJson);
    await page.fill('#google-package', inputs.google.packageName);
    await saved('google');
    await paste('#apple-p8', inputs.apple.privateKey);
    await page.fill('#apple-keyid', inputs.apple.keyId);
    await page.fill('#apple-issuer', inputs.apple.issuerId);
    await page.fill('#apple-bundle', inputs.apple.bundleId);
    await page.fill('#apple-appid', String(inputs.apple.appAppleId));
    await page.check('[data-testid="credential-apple"] input[type="radio"][value="sandbox"]');
    await saved('apple');

    // The services did receive the secrets (so the markers were really typed and pasted).
    const stored = await services.handlers['credentials:status']({}, services.context);
    expect(stored.stores.filter((s) => s.configured).map((s) => s.store).sort()).toEqual(['amazon', 'apple', 'google', 'stripe']);

    const storage = await rendererStorage();
    // A reload writes the session-restore and cache files Chromium keeps for a page.
    await page.reload();
    await page.locator('#app[data-app-state="ready"]').waitFor({ timeout: 30_000 });
    await context.close();

    const profile = fileHaystacks(profileDir);
    expect(profile.length, 'Chromium wrote its profile').toBeGreaterThan(5);
    const findings = scan([...storage, ...profile, ...fileHaystacks(userDataDir)], world.needles);
    expect(findings, describeFindings(findings)).toEqual([]);
  });
});
