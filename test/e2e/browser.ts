// Debian's chromium through playwright-core (Playwright cannot download its browsers here).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../src-main/ipc/contract';
import { createServices, type Services } from '../../src-main/services';
import { createMemorySecretStoreForTests } from '../../src-main/secrets/memoryStore';
import type { SecretStore } from '../../src-main/secrets/secretStore';
import type { StoreEndpoints } from '../../src-main/stores/registry';
import { deskInitScript, startTestHost, type TestHost } from './host';

export const rendererDir = resolve(import.meta.dirname, '../../out/renderer');
export const screenshotDir = resolve(import.meta.dirname, '../../test-results/screenshots');

/** `extraArgs`: e.g. the bench turns off frame-rate limiting to measure real frame times. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface AppSession {
  page: Page;
  host: TestHost;
  services: Services;
  userDataDir: string;
  /** How many times main asked for a restart (workspace:create / workspace:switch). */
  readonly restarts: number;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts main's services in this process, the host in front of them, and a page on it. */
export interface OpenAppOptions {
  userDataDir?: string;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** The agent's locale and time zone, as Chromium reports them to the page (navigator.language, Intl). */
  locale?: string;
  timezoneId?: string;
  secretStore?: SecretStore;
  endpoints?: StoreEndpoints;
  /** Stands in for main's open dialog: the path the agent "picks" (null: cancelled). */
  chooseOpenFile?: (kind: 'import') => Promise<string | null>;
  /** Stands in for Electron's relaunch after a workspace change; every call is also counted in `restarts`. */
  restart?: () => void;
}

export async function openApp(browser: Browser, options: OpenAppOptions = {}): Promise<AppSession> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'rd-e2e-'));
  const wired: { services?: Services } = {};
  let restarts = 0;
  const host = await startTestHost({ rendererDir, handlers: () => wired.services!.handlers, context: () => wired.services!.context });
  const services = createServices({
    userDataDir,
    appName: 'Refund Desk',
    version: '0.0.0-e2e',
    platform: process.platform,
    osUser: 'e2e',
    resourcesDir: resolve(import.meta.dirname, '../../resources'),
    emit: host.emit,
    openExternal: async () => false,
    chooseSaveFile: async (_kind, name) => join(userDataDir, name),
    chooseOpenFile: options.chooseOpenFile ?? (async () => null),
    // The UI flows run on an in-memory keychain; the real Secret Service is proven by
    // test/integration/keychain, and parallel e2e files must not share entries.
    secretStore: options.secretStore ?? createMemorySecretStoreForTests(),
    endpoints: options.endpoints,
    syncIntervalMs: 0,
    // The host does not restart: the test opens the app again on the same userDataDir.
    restart: () => {
      restarts++;
      options.restart?.();
    },
  });
  await services.start();
  wired.services = services;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1360, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  await context.addInitScript({ content: deskInitScript({ channels: CHANNEL_NAMES, events: EVENT_NAMES, token: host.token }) });
  // Functions passed to page.evaluate are sent as source; under tsx (the bench) that source
  // calls esbuild's __name helper, which the page does not have.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(host.url);
  await page.locator('#app[data-app-state="ready"]').waitFor({ timeout: 30_000 });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    page,
    host,
    services,
    userDataDir,
    get restarts() {
      return restarts;
    },
    async screenshot(name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close();
      await host.close();
      await services.close();
      if (errors.length) throw new Error(`The page logged errors:\n${errors.join('\n')}`);
    },
  };
}

/**
 * One browser and one app for all the tests of a file: opened in beforeAll, closed in
 * afterAll. Call at the file's top level; read `browser` and `app` inside the tests.
 */
export function sharedApp(options?: OpenAppOptions): { readonly browser: Browser; readonly app: AppSession } {
  const shared = {} as { browser: Browser; app: AppSession };
  beforeAll(async () => {
    shared.browser = await launchBrowser();
    shared.app = await openApp(shared.browser, options);
  });
  afterAll(async () => {
    await shared.app?.close();
    await shared.browser?.close();
  });
  return shared;
}
