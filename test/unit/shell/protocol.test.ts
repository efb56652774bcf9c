import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppFile } from '../../../src-main/shell/protocol';
import { isAllowedExternalUrl, openExternalLink } from '../../../src-main/shell/links';
import { contentSecurityPolicy } from '../../../src-main/shell/csp';
import { readWindowState, writeWindowState, DEFAULT_WINDOW_STATE } from '../../../src-main/shell/windowState';

const root = mkdtempSync(join(tmpdir(), 'rd-proto-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<html></html>');
writeFileSync(join(root, 'assets', 'a.js'), 'export {}');

describe('app:// protocol', () => {
  it('serves files of the renderer root with the CSP header', async () => {
    const response = await serveAppFile(root, 'app://renderer/assets/a.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const policy = new Map((response.headers.get('content-security-policy') ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }));
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src'), 'scripts from the app only: no inline, no eval').toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('connect-src')).toBe("'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
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

  it('answers malformed %-encoding with a 404 instead of rejecting', async () => {
    for (const url of ['app://renderer/%E0%A4%A', 'app://renderer/assets/%', 'app://renderer/%zz.js']) {
      expect(resolveAppFile(root, url), url).toBeNull();
      const response = await serveAppFile(root, url);
      expect(response.status, url).toBe(404);
    }
  });

  it('sends frame-ancestors \'none\' in the header policy (a <meta> cannot carry it)', async () => {
    const header = (await serveAppFile(root, 'app://renderer/index.html')).headers.get('content-security-policy') ?? '';
    expect(header.split(';').map((d) => d.trim())).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ dev: true })).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ dev: false, meta: true })).not.toContain('frame-ancestors');
  });
});

describe('external links', () => {
  it('allows https to allow-listed hosts only', () => {
    expect(isAllowedExternalUrl('https://reportaproblem.apple.com/')).toBe(true);
    expect(isAllowedExternalUrl('https://dashboard.stripe.com/payments/pi_1')).toBe(true);
    expect(isAllowedExternalUrl('http://dashboard.stripe.com/payments/pi_1')).toBe(false);
    expect(isAllowedExternalUrl('ftp://support.apple.com/HT204084')).toBe(false);
    expect(isAllowedExternalUrl('https://stripe.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@dashboard.stripe.com/payments/pi_1')).toBe(false);
    expect(isAllowedExternalUrl('https://dashboard.stripe.com:8443/payments/pi_1')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });

  it('matches whole host names: look-alikes and other subdomains are refused', () => {
    for (const url of [
      'https://evilstripe.com/payments/pi_1',
      'https://evildashboard.stripe.com/payments/pi_1',
      'https://evilreportaproblem.apple.com/',
      'https://stripe.com/',
      'https://attacker.github.com/refund-desk/refund-desk/releases',
      'https://amazon.com/gp/help/customer/',
      'https://dashboard.stripe.com.evil.example/payments/',
    ]) expect(isAllowedExternalUrl(url), url).toBe(false);
  });

  it('allows only the path prefixes named for each host', () => {
    expect(isAllowedExternalUrl('https://support.apple.com/en-us/HT204084')).toBe(true);
    expect(isAllowedExternalUrl('https://support.apple.com/HT204084')).toBe(true);
    expect(isAllowedExternalUrl('https://support.apple.com/HT2040840')).toBe(false);
    expect(isAllowedExternalUrl('https://support.apple.com/downloads/evil')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com/refund-desk/refund-desk/releases/tag/v0.2.0')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/attacker/payload/releases/download/x.exe')).toBe(false);
    // Dot segments are folded before the check: no escape from an allowed prefix.
    expect(isAllowedExternalUrl('https://github.com/refund-desk/refund-desk/releases/../../../attacker/x')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com/refund-desk/refund-desk/releases/%2e%2e/%2e%2e/%2e%2e/attacker')).toBe(false);
    expect(isAllowedExternalUrl('https://www.amazon.com/gp/help/customer/display.html')).toBe(true);
    expect(isAllowedExternalUrl('https://www.amazon.com/dp/B000')).toBe(false);
  });

  it('hands the OS the normalised href, never the raw string', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    expect(await openExternalLink(shell, 'https://SUPPORT.Apple.com/HT204084')).toBe(true);
    expect(await openExternalLink(shell, 'https://dashboard.stripe.com/payments/pi 1')).toBe(true);
    expect(await openExternalLink(shell, 'https://evilstripe.com/payments/pi_1')).toBe(false);
    expect(opened).toEqual(['https://support.apple.com/HT204084', 'https://dashboard.stripe.com/payments/pi%201']);
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
