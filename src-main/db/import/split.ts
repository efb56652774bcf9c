// Streams an import file as records with their line numbers. Accepted shapes: a JSON array
// (pretty-printed or not), one JSON value per line, and JSON objects one after another
// (a single pretty-printed webhook body, or several concatenated). Nothing is parsed here
// beyond finding boundaries, and no more than one record is ever held in memory: a file
// is read in 1 MB chunks and a record longer than the limit stops the read at once.
import { createReadStream, statSync } from 'node:fs';

export type RawRecord = { line: number; text: string } | { line: number; error: string };

export interface SplitProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface ImportLimits {
  /** Larger files are refused before a byte is read. */
  maxFileBytes: number;
  /** One record (a line, or one object of an array) longer than this refuses the file. */
  maxRecordChars: number;
  /** Objects and arrays nested deeper than this refuse the file (the commit's JSON walks recurse). */
  maxDepth: number;
}

// 1 GB holds about 1.7M webhook bodies (600 bytes each, measured on the generated test
// events); the longest documented RevenueCat body is a few KB, and the console's own
// export writes a purchase's raw store payloads, which stay well under 1 MB.
export const IMPORT_LIMITS: ImportLimits = { maxFileBytes: 1024 ** 3, maxRecordChars: 1024 ** 2, maxDepth: 64 };

/** A limit or an unreadable file: the whole file is refused with this sentence. */
export class ImportFileError extends Error {}

const mb = (n: number) => (n >= 1024 ** 3 ? `${Math.round(n / 1024 ** 3)} GB` : n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MB` : `${Math.round(n / 1024)} KB`);

function tooLong(line: number, limits: ImportLimits): ImportFileError {
  return new ImportFileError(
    `The record starting on line ${line} is longer than ${mb(limits.maxRecordChars)}, the most one event may take; nothing was imported. Split the file into one event per line.`,
  );
}

/** The deepest nesting of objects and arrays in one record's text, stopping past `limit`. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return max;
}

interface Splitter {
  push(chunk: string): RawRecord[];
  end(): RawRecord[];
}

/**
 * Top-level values found by bracket matching: the elements of one array (`array`), or
 * values one after another: one per line, pretty-printed, concatenated, or all of these
 * mixed in one file. Outside an array, a '{' at the start of a line while a record is
 * still open starts the next record: pretty-printers indent everything inside a value,
 * and a raw line break cannot be inside a JSON string, so the open record was cut short
 * (a truncated line of a one-per-line file). It is reported and reading goes on.
 */
function valueSplitter(array: boolean, limits: ImportLimits): Splitter {
  let line = 1;
  let lineStart = true;
  // 0: before '[' (array only), 1: between values, 2: after ']', 3: trailing text reported
  let level = array ? 0 : 1;
  let depth = 0;
  let inString = false;
  let escape = false;
  let parts: string[] = [];
  let size = 0;
  let startLine = 0;
  let collecting = false;
  let primitive = false;
  const take = (s: string) => {
    size += s.length;
    if (size > limits.maxRecordChars) throw tooLong(startLine, limits);
    parts.push(s);
  };
  return {
    push(chunk) {
      const out: RawRecord[] = [];
      const emit = (end: number, from: number) => {
        take(chunk.slice(from, end));
        out.push({ line: startLine, text: parts.join('') });
        parts = [];
        size = 0;
        collecting = false;
      };
      let segStart = collecting ? 0 : -1;
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk.charCodeAt(i);
        const atLineStart = lineStart;
        lineStart = ch === 10;
        if (ch === 10) line++;
        if (!array && atLineStart && collecting && !primitive && ch === 123 /* { */) {
          out.push({ line: startLine, error: 'invalid or truncated JSON: the record ends before it is closed' });
          parts = [];
          size = 0;
          collecting = false;
        }
        if (level === 0) {
          if (ch === 91 /* [ */) level = 1;
          continue;
        }
        if (level === 3) continue;
        if (level === 2) {
          if (ch > 32) {
            out.push({ line, error: 'unexpected text after the end of the JSON array' });
            level = 3;
          }
          continue;
        }
        if (!collecting) {
          if (ch <= 32 || (array && ch === 44) /* , */) continue;
          if (array && ch === 93 /* ] */) {
            level = 2;
            continue;
          }
          collecting = true;
          startLine = line;
          segStart = i;
          primitive = ch !== 123 && ch !== 91;
          depth = 0;
          inString = false;
          escape = false;
        }
        if (inString) {
          if (escape) escape = false;
          else if (ch === 92) escape = true;
          else if (ch === 34) inString = false;
          continue;
        }
        if (ch === 34) {
          inString = true;
          continue;
        }
        if (primitive) {
          // a bare value ends at the array's separator, or at whitespace between objects
          if (array ? ch === 44 || ch === 93 : ch <= 32) {
            emit(i, segStart);
            if (ch === 93) level = 2;
          }
          continue;
        }
        if (ch === 123 || ch === 91) depth++;
        else if ((ch === 125 || ch === 93) && --depth === 0) emit(i + 1, segStart);
      }
      if (collecting) take(chunk.slice(segStart));
      return out;
    },
    end() {
      if (collecting && primitive && !array) return [{ line: startLine, text: parts.join('') }];
      if (collecting) return [{ line: startLine, error: 'truncated JSON: the file ends inside this record' }];
      if (array && level < 2) return [{ line, error: 'truncated JSON: the array is not closed' }];
      return [];
    },
  };
}

/** Yields each top-level record. `onChunk` reports bytes read, for progress bars. */
export async function* splitRecords(file: string, onChunk?: (p: SplitProgress) => void, limits: ImportLimits = IMPORT_LIMITS): AsyncGenerator<RawRecord> {
  let totalBytes: number;
  try {
    totalBytes = statSync(file).size;
  } catch (e) {
    throw new ImportFileError(`The file could not be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  if (totalBytes > limits.maxFileBytes) {
    throw new ImportFileError(`The file is ${mb(totalBytes)}; files larger than ${mb(limits.maxFileBytes)} are not imported. Split it into smaller files.`);
  }
  let bytesRead = 0;
  // '[' first: the records are the array's elements; anything else: values one after another
  let splitter: Splitter | null = null;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      bytesRead += Buffer.byteLength(chunk);
      if (!splitter) {
        const first = chunk.trimStart()[0];
        if (first !== undefined) splitter = valueSplitter(first === '[', limits);
      }
      if (splitter) yield* splitter.push(chunk);
      onChunk?.({ bytesRead, totalBytes });
    }
  } finally {
    stream.destroy();
  }
  if (!splitter) return;
  yield* splitter.end();
}
