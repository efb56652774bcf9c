// Remembers the main window's size and position between runs.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(800).max(10_000),
  height: z.number().int().min(560).max(10_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function readWindowState(dir: string, displays: Area[]): WindowState {
  let state: WindowState;
  try {
    state = WindowState.parse(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  // A display may have been unplugged since: keep the size, let the OS place the window.
  const visible =
    state.x === undefined ||
    state.y === undefined ||
    displays.some(
      (d) => state.x! >= d.x - 50 && state.y! >= d.y - 50 && state.x! < d.x + d.width - 100 && state.y! < d.y + d.height - 100,
    );
  return visible ? state : { ...state, x: undefined, y: undefined };
}

export function writeWindowState(dir: string, state: WindowState): void {
  const file = join(dir, 'window-state.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}
