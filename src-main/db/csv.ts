// CSV for agents' spreadsheets (audit log, insights), RFC 4180: comma-separated, CRLF
// line ends, a field quoted when it holds a comma, a quote or a line break.
import { renameSync, writeFileSync } from 'node:fs';

export type Cell = string | number | null;

export function csvField(value: Cell): string {
  if (value == null) return '';
  const s = String(value);
  // A text starting with = + - @ would run as a formula in a spreadsheet (CSV injection):
  // store reasons, notes and imported text are not trusted. Numbers stay numbers.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Written beside the target and renamed into place: a crash never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.partial`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, file);
}
