// Import (validate, then commit or cancel) and export. Paths come from the renderer as
// strings (chosen in a native dialog) and are checked in main.
import { z } from 'zod';
import { channel, event } from '../define';

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

const path = z.string().min(1).max(4096);

export const transferChannels = {
  'transfer:validateImport': channel<ImportValidationDto>()(z.strictObject({ file: path })),
  'transfer:commitImport': channel<ImportResultDto>()(z.strictObject({ file: path })),
  'transfer:exportCustomer': channel<{ file: string; lines: number }>()(
    z.strictObject({ customerId: z.number().int().positive(), file: path }),
  ),
  'transfer:exportWorkspace': channel<{ file: string; lines: number }>()(z.strictObject({ file: path })),
};

export const transferEvents = {
  onImportProgress: event<ImportProgressDto>(),
};
