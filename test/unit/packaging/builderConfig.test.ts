import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TargetConfiguration } from 'app-builder-lib';
import { loadBuilderConfig, projectDir, validateBuilderConfig } from './builderConfig';

function targets(list: unknown): Array<{ target: string; arch: string[] }> {
  const items = (Array.isArray(list) ? list : [list]) as Array<string | TargetConfiguration>;
  return items.map((t) =>
    typeof t === 'string' ? { target: t, arch: [] } : { target: t.target, arch: ([] as string[]).concat(t.arch ?? []) },
  );
}

describe('electron-builder.yml', () => {
  const scratch: string[] = [];
  afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is the configuration electron-builder loads, and passes its own schema validation', async () => {
    expect(JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).build).toBeUndefined();
    const config = await loadBuilderConfig();
    expect(config.appId).toBe('com.refunddesk.console');
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  it('the same validation rejects a configuration electron-builder would refuse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-builder-'));
    scratch.push(dir);
    copyFileSync(join(projectDir, 'package.json'), join(dir, 'package.json'));
    const yml = readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8');
    writeFileSync(join(dir, 'electron-builder.yml'), yml.replace(/^linux:\n/m, 'linux:\n  startMenu: true\n'));
    const broken = await loadBuilderConfig(dir);
    await expect(validateBuilderConfig(broken)).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.linux/);
  });

  it('builds AppImage + deb, NSIS x64/arm64, dmg x64/arm64 (+ zip for mac updates)', async () => {
    const c = await loadBuilderConfig();
    expect(c.productName).toBe('Refund Desk');
    expect(targets(c.linux?.target).map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(c.win?.target)).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    const mac = targets(c.mac?.target);
    expect(mac.find((t) => t.target === 'dmg')?.arch).toEqual(['x64', 'arm64']);
    expect(mac.find((t) => t.target === 'zip')?.arch).toEqual(['x64', 'arm64']);
    expect(c.linux?.category).toBe('Office');
    expect(c.linux?.maintainer).toMatch(/\S+ <\S+@\S+>/);
    expect(c.deb?.depends).toContain('libsecret-1-0');
  });

  it('rebuilds native modules at packaging time and keeps them outside the asar', async () => {
    const c = await loadBuilderConfig();
    expect(c.asar).toBe(true);
    expect(c.asarUnpack).toContain('**/*.node');
    expect(c.npmRebuild).toBe(true);
    const deps = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).dependencies as Record<string, string>;
    // npmRebuild only rebuilds production dependencies: both addons must be in "dependencies".
    expect(Object.keys(deps)).toEqual(expect.arrayContaining(['better-sqlite3', 'keytar']));
  });

  it('ships the Apple root certificate as an extra resource and the mac entitlements exist', async () => {
    const c = await loadBuilderConfig();
    expect(c.extraResources).toEqual([{ from: 'resources/AppleRootCA-G3.cer', to: 'AppleRootCA-G3.cer' }]);
    expect(existsSync(join(projectDir, 'resources/AppleRootCA-G3.cer'))).toBe(true);
    expect(c.mac?.hardenedRuntime).toBe(true);
    expect(c.mac?.notarize).toBe(true);
    const plist = readFileSync(join(projectDir, String(c.mac?.entitlements)), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    expect(plist).not.toMatch(/disable-library-validation|allow-dyld-environment-variables/);
  });

  it('refuses unsigned builds and pins the Windows publisher that updates are checked against', async () => {
    const c = await loadBuilderConfig();
    expect(c.forceCodeSigning).toBe(true);
    expect(c.win?.forceCodeSigning).not.toBe(false);
    expect(c.mac?.forceCodeSigning).not.toBe(false);
    expect(c.win?.verifyUpdateCodeSignature).toBe(true);
    expect(c.win?.signtoolOptions?.publisherName).toEqual(['Refund Desk team']);
    expect(c.mac?.notarize).not.toBe(false);
  });

  it('associates the console export file and publishes to GitHub releases', async () => {
    const c = await loadBuilderConfig();
    expect(c.fileAssociations).toEqual([expect.objectContaining({ ext: 'rdexport', name: 'Refund Desk export' })]);
    expect(c.publish).toEqual(expect.objectContaining({ provider: 'github' }));
    for (const icon of [c.win?.icon, c.mac?.icon, c.linux?.icon]) {
      expect(icon && existsSync(join(projectDir, icon)), `${icon} exists`).toBe(true);
    }
  });
});
