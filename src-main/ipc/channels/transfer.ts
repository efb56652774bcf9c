// Import (validate, then commit or cancel) and export: the DTOs and the progress event.
// There are no path-taking channels: the renderer reaches import and export only through
// app:chooseImportFile / app:import* / app:export* (main's own dialogs, opaque tokens).
import { event } from '../define';

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

export const transferEvents = {
  onImportProgress: event<ImportProgressDto>(),
};
