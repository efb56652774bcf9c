// The fuses come from electronFuses in electron-builder.yml. electron-builder turns that
// block into an @electron/fuses config (PlatformPackager.generateFuseConfig) and flips it
// into the Electron binary right before signing. No Electron binary can be had here, so
// the flip is exercised on a file carrying a V1 fuse wire laid out the way Electron ships
// it (sentinel, version byte, length byte, one '0'/'1' byte per fuse).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import type { FuseConfig } from '@electron/fuses';
import type { Configuration } from 'app-builder-lib';
import { PlatformPackager } from 'app-builder-lib';
import { loadBuilderConfig } from './builderConfig';

// The marker Electron's build puts in front of the fuse wire (electron/build/fuses/build_fuses.py).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

type FuseOptions = NonNullable<Configuration['electronFuses']>;
const generateFuseConfig = (PlatformPackager.prototype as unknown as {
  generateFuseConfig(fuses: FuseOptions): Promise<FuseConfig>;
}).generateFuseConfig;

const WANTED: Array<[FuseV1Options, boolean]> = [
  [FuseV1Options.RunAsNode, false],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
  [FuseV1Options.EnableNodeCliInspectArguments, false],
  [FuseV1Options.EnableCookieEncryption, true],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
  [FuseV1Options.OnlyLoadAppFromAsar, true],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, false],
];

describe('electron fuses', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('electron-builder derives exactly the wanted fuse config from electron-builder.yml', async () => {
    const { electronFuses } = await loadBuilderConfig();
    expect(electronFuses).toBeTruthy();
    const config = await generateFuseConfig(electronFuses as FuseOptions);
    expect(config.version).toBe(FuseVersion.V1);
    for (const [fuse, value] of WANTED) {
      expect(config[fuse], FuseV1Options[fuse]).toBe(value);
    }
  });

  it('flipping that config turns an Electron-default fuse wire into the hardened one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-fuses-'));
    dirs.push(dir);
    const binary = join(dir, 'refund-desk');
    // Electron's defaults: RunAsNode, NODE_OPTIONS and --inspect on; cookie encryption,
    // asar integrity and asar-only off; file:// privileges on; wasm trap handlers on.
    const wire = Buffer.from('101100011', 'ascii');
    writeFileSync(binary, Buffer.concat([
      Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL, 'ascii'), Buffer.from([1, wire.length]), wire, Buffer.alloc(4096, 0x90),
    ]));
    const before = await getCurrentFuseWire(binary);
    expect(before[FuseV1Options.RunAsNode]).toBe(FuseState.ENABLE);

    const { electronFuses } = await loadBuilderConfig();
    await flipFuses(binary, await generateFuseConfig(electronFuses as FuseOptions));

    const after = await getCurrentFuseWire(binary);
    for (const [fuse, value] of WANTED) {
      expect(after[fuse], FuseV1Options[fuse]).toBe(value ? FuseState.ENABLE : FuseState.DISABLE);
    }
    // Fuses the configuration does not name keep Electron's value.
    expect(after[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
    expect(after[FuseV1Options.WasmTrapHandlers]).toBe(FuseState.ENABLE);
  });
});
