// Loads electron-builder.yml through electron-builder's own loader, so the tests see the
// configuration exactly as `electron-builder` would (file discovery, extends, presets).
import { resolve } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';

export const projectDir = resolve(import.meta.dirname, '../../..');

export async function loadBuilderConfig(dir = projectDir): Promise<Configuration> {
  return getConfig(dir, null, null);
}

export async function validateBuilderConfig(config: Configuration): Promise<void> {
  await validateConfiguration(config, new DebugLogger(false));
}
