import { z } from 'zod';
import { channel, event } from '../define';
import type { ImportResultDto, ImportValidationDto } from './transfer';

export interface AppInfoDto {
  name: string;
  version: string;
  platform: string;
  /** Base name of the folder that holds the workspace databases (paths stay in main). */
  dataDir: string;
  workspace: { id: string; name: string; demo: boolean };
}

export interface OnlineDto {
  online: boolean;
  /** Epoch ms of the last moment the app knew it was online, for "cached data from 14:02". */
  since: number;
}

/**
 * A file the agent picked in MAIN's open dialog. The renderer gets an opaque token and
 * what it may show (base name, size); the absolute path stays in main.
 */
export interface ChosenFileDto {
  token: string;
  name: string;
  bytes: number;
}

/** A file main wrote where the agent chose in main's save dialog (base name only). */
export interface SavedFileDto {
  name: string;
  lines: number;
}

/** What src-main/updater.ts reports; declared here because that module imports electron and the contract may not. */
export type UpdateStatusDto =
  | { state: 'disabled'; reason: 'dev' | 'demo' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'none' }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  /** Linux: a newer version exists; it is installed from the team's verified package, never in place. */
  | { state: 'available'; version: string; install: 'manual' }
  | { state: 'error'; message: string };

/** Tokens are random URL-safe strings minted in main; anything else is refused by the schema. */
export const fileToken = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, 'not a file token from this app');

export const appChannels = {
  'app:info': channel<AppInfoDto>()(z.strictObject({})),
  'app:online': channel<OnlineDto>()(z.strictObject({})),
  'app:openExternal': channel<{ opened: boolean }>()(z.strictObject({ url: z.string().max(2048) })),
  /** Opens main's open dialog for a history file; `file` is null when the agent cancelled. */
  'app:chooseImportFile': channel<{ file: ChosenFileDto | null }>()(z.strictObject({})),
  /** Checks every line of the chosen file; nothing is written. Progress: onImportProgress. */
  'app:importValidate': channel<ImportValidationDto>()(z.strictObject({ token: fileToken })),
  /** Imports the valid lines of a file that was validated and has not changed since. */
  'app:importCommit': channel<ImportResultDto>()(z.strictObject({ token: fileToken })),
  /** The agent cancelled: main forgets the file. */
  'app:importDiscard': channel<{ discarded: boolean }>()(z.strictObject({ token: fileToken })),
  /** Main's save dialog, then the export; `saved` is null when the agent cancelled. */
  'app:exportWorkspace': channel<{ saved: SavedFileDto | null }>()(z.strictObject({})),
  'app:exportCustomer': channel<{ saved: SavedFileDto | null }>()(
    z.strictObject({ customerId: z.number().int().positive() }),
  ),
  'app:updateStatus': channel<UpdateStatusDto>()(z.strictObject({})),
  /** Quits and installs a downloaded update; `restarting` is false when none is ready. */
  'app:restartToUpdate': channel<{ restarting: boolean }>()(z.strictObject({})),
};

export const appEvents = {
  onOnlineChanged: event<OnlineDto>(),
  onUpdateStatus: event<UpdateStatusDto>(),
};
