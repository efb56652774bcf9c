// Import (validate, then commit or cancel) and export: the transfer: channels (were
// app:import* / app:export* until issue 19), their DTOs and the progress event. There are
// no path-taking channels: the renderer reaches import and export only through main's own
// dialogs and opaque tokens.
import { z } from 'zod';
import { channel, event } from '../define';

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

/** Tokens are random URL-safe strings minted in main; anything else is refused by the schema. */
export const fileToken = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, 'not a file token from this app');

export interface ImportLineErrorDto {
  line: number;
  reason: string;
}

export interface ImportValidationDto {
  /** 'revenuecat' (the reference platform's webhook bodies) or 'refund-desk-export'. */
  format: 'revenuecat' | 'refund-desk-export' | 'unknown';
  records: number;
  valid: number;
  errorCount: number;
  /** Every bad line (up to 10,000 listed; errorCount counts all). */
  errors: ImportLineErrorDto[];
  /** Well-formed records left out on purpose ("not imported: TEST is not a store purchase"), counted apart from errors. */
  notImported?: number;
  notImportedLines?: ImportLineErrorDto[];
  /** The whole file is refused (a size or nesting limit, not JSON, empty): one plain sentence. Nothing can be imported. */
  fileError?: string | null;
}

export interface ImportResultDto extends ImportValidationDto {
  inserted: number;
  /** Already in the workspace, or for a purchase the file never introduced. */
  skipped: number;
}

export interface ImportProgressDto {
  phase: 'validating' | 'importing';
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export const transferChannels = {
  /** Opens main's open dialog for a history file; `file` is null when the agent cancelled. */
  'transfer:chooseImportFile': channel<{ file: ChosenFileDto | null }>()(z.strictObject({})),
  /** Checks every line of the chosen file; nothing is written. Progress: onImportProgress. */
  'transfer:importValidate': channel<ImportValidationDto>()(z.strictObject({ token: fileToken })),
  /** Imports the valid lines of a file that was validated and has not changed since. */
  'transfer:importCommit': channel<ImportResultDto>()(z.strictObject({ token: fileToken })),
  /** The agent cancelled: main forgets the file. */
  'transfer:importDiscard': channel<{ discarded: boolean }>()(z.strictObject({ token: fileToken })),
  /** Main's save dialog, then the export; `saved` is null when the agent cancelled. */
  'transfer:exportWorkspace': channel<{ saved: SavedFileDto | null }>()(z.strictObject({})),
  'transfer:exportCustomer': channel<{ saved: SavedFileDto | null }>()(
    z.strictObject({ customerId: z.number().int().positive() }),
  ),
};

export const transferEvents = {
  onImportProgress: event<ImportProgressDto>(),
};
