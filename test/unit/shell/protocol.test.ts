import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppFile } from '../../../src-main/protocol';
import { isAllowedExternalUrl } from '../../../src-main/links';
import { readWindowState, writeWindowState, DEFAULT_WINDOW_STATE } from '../../../src-main/windowState';

const root = mkdtempSync(join(tmpdir(), 'rd-proto-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<html></html>');
writeFileSync(join(root, 'assets', 'a.js'), 'export {}');

describe('app:// protocol', () => {
  it('serves files of the renderer root with the CSP header', async () => {
    const response = await serveAppFile(root, 'app://renderer/assets/a.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serveAppFile(root, 'app://renderer/')).status).toBe(200);
  });

  it('refuses traversal, other hosts and other schemes', () => {
    // Dot segments are folded by the URL parser or refused: never a file outside the root.
    for (const url of ['app://renderer/../../etc/passwd', 'app://renderer/%2e%2e/%2e%2e/etc/passwd', 'app://renderer/a/..%2f..%2f..%2fetc/passwd']) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(`${root}/`)).toBe(true);
    }
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
  });
});

describe('external links', () => {
  it('allows https to allow-listed hosts only', () => {
    expect(isAllowedExternalUrl('https://reportaproblem.apple.com/')).toBe(true);
    expect(isAllowedExternalUrl('https://dashboard.stripe.com/payments/pi_1')).toBe(true);
    expect(isAllowedExternalUrl('http://dashboard.stripe.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://stripe.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@stripe.com/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });
});

describe('window state', () => {
  it('round-trips and falls back to defaults on a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-ws-'));
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(readWindowState(dir, displays)).toEqual(DEFAULT_WINDOW_STATE);
    writeWindowState(dir, { x: 1500, y: 80, width: 1400, height: 900, maximized: false });
    expect(readWindowState(dir, displays)).toEqual({ x: 1500, y: 80, width: 1400, height: 900, maximized: false });
    // The display it was on is gone: keep the size, drop the position.
    expect(readWindowState(dir, [{ x: 0, y: 0, width: 800, height: 600 }])).toMatchObject({ x: undefined, width: 1400 });
    writeFileSync(join(dir, 'window-state.json'), '{"width": "wide"');
    expect(readWindowState(dir, displays)).toEqual(DEFAULT_WINDOW_STATE);
  });
});
