import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir } from './builderConfig';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

function pngInfo(buf: Buffer): { width: number; height: number; colorType: number } {
  expect(buf.subarray(0, 8).equals(PNG_MAGIC), 'PNG signature').toBe(true);
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colorType: buf.readUInt8(25) };
}

describe('application icons', () => {
  it('has an original SVG source', () => {
    const svg = readFileSync(join(projectDir, 'resources/icons/icon.svg'), 'utf8');
    expect(svg).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
  });

  it.each(SIZES)('resources/icons/%ix%i.png is a real RGBA PNG of that size', (size) => {
    const info = pngInfo(readFileSync(join(projectDir, `resources/icons/${size}x${size}.png`)));
    expect(info).toEqual({ width: size, height: size, colorType: 6 });
  });

  it('resources/icon.ico holds PNG images from 16 to 256 px', () => {
    const ico = readFileSync(join(projectDir, 'resources/icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + i * 16;
      const declared = ico.readUInt8(e) || 256;
      const [len, off] = [ico.readUInt32LE(e + 8), ico.readUInt32LE(e + 12)];
      expect(off + len).toBeLessThanOrEqual(ico.length);
      const info = pngInfo(ico.subarray(off, off + len));
      expect(info.width).toBe(declared);
      sizes.push(declared);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('resources/icon.icns holds PNG images up to 1024 px (512@2x)', () => {
    const icns = readFileSync(join(projectDir, 'resources/icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number>();
    for (let off = 8; off < icns.length; ) {
      const type = icns.toString('ascii', off, off + 4);
      const len = icns.readUInt32BE(off + 4);
      expect(len).toBeGreaterThan(8);
      found.set(type, pngInfo(icns.subarray(off + 8, off + len)).width);
      off += len;
    }
    expect(Object.fromEntries(found)).toMatchObject({ icp4: 16, icp5: 32, ic07: 128, ic08: 256, ic09: 512, ic10: 1024 });
  });

  it('the window icon shipped in the app files exists', () => {
    expect(existsSync(join(projectDir, 'resources/icon.png'))).toBe(true);
    expect(pngInfo(readFileSync(join(projectDir, 'resources/icon.png'))).width).toBe(512);
  });
});
