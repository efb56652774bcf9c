// Renders resources/icons/icon.svg to every PNG size the installers need and packs
// resources/icon.ico (Windows) and resources/icon.icns (macOS) from those PNGs.
// Run by hand after editing the SVG: `node build/icons.mjs`. The outputs are committed,
// so packaging never needs a renderer. Rendering uses Debian's chromium headless
// (CHROMIUM=/path overrides); ICO and ICNS are plain containers of PNG images.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const iconsDir = join(root, 'resources', 'icons');
const svg = join(iconsDir, 'icon.svg');
export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
// Windows shows 16-48 in lists and 256 in large views; an ICO entry is at most 256.
const ICO_SIZES = [16, 32, 48, 64, 128, 256];
// ICNS types that hold PNG data (macOS 10.7+), with the pixel size each expects.
const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];

function render(size, outFile, work) {
  const html = join(work, 'icon.html');
  writeFileSync(html, `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}` +
    `img{display:block;width:${size}px;height:${size}px}</style></head><body><img src="${pathToFileURL(svg).href}"></body></html>`);
  execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars',
    '--force-device-scale-factor=1', '--default-background-color=00000000',
    `--window-size=${size},${size}`, `--screenshot=${outFile}`, pathToFileURL(html).href,
  ], { stdio: 'ignore', timeout: 60_000 });
  const png = readFileSync(outFile);
  if (png.readUInt32BE(16) !== size || png.readUInt32BE(20) !== size) {
    throw new Error(`${outFile}: chromium rendered ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}, wanted ${size}`);
  }
  return png;
}

export function packIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, png }, i) => {
    const e = i * 16;
    dir.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, e + 1);
    dir.writeUInt8(0, e + 2);
    dir.writeUInt8(0, e + 3);
    dir.writeUInt16LE(1, e + 4); // colour planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(png.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.png)]);
}

export function packIcns(entries) {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'rd-icons-'));
  try {
    const pngs = new Map();
    for (const size of PNG_SIZES) {
      pngs.set(size, render(size, join(iconsDir, `${size}x${size}.png`), work));
    }
    const get = (size) => pngs.get(size) ?? (() => { throw new Error(`no ${size}px render`); })();
    writeFileSync(join(root, 'resources', 'icon.png'), get(512));
    writeFileSync(join(root, 'resources', 'icon.ico'), packIco(ICO_SIZES.map((size) => ({ size, png: get(size) }))));
    writeFileSync(join(root, 'resources', 'icon.icns'), packIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: get(size) }))));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
