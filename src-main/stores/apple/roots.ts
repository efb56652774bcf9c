// Apple Root CA - G3, shipped in resources/. Every App Store JWS chains up to it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const APPLE_ROOT_FILE = 'AppleRootCA-G3.cer';

/**
 * Where resources/ is: in the packaged app electron-builder copies it next to app.asar
 * (process.resourcesPath, passed in by index.ts); in development and tests it is the
 * repository's resources/ folder, found from the working directory.
 */
export function defaultResourcesDir(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  return packaged ? join(packaged, 'resources') : resolve(process.cwd(), 'resources');
}

export function readAppleRootCertificates(resourcesDir = defaultResourcesDir()): Buffer[] {
  return [readFileSync(join(resourcesDir, APPLE_ROOT_FILE))];
}
