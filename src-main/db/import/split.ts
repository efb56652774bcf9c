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

/** One JSON value per line (NDJSON): each bad line is reported on its own. */
function lineSplitter(limits: ImportLimits): Splitter {
  let pending = '';
  let line = 1;
  return {
    push(chunk) {
      const out: RawRecord[] = [];
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', from);
        if (nl < 0) {
          pending += chunk.slice(from);
          if (pending.length > limits.maxRecordChars) throw tooLong(line, limits);
          return out;
        }
        const text = (pending + chunk.slice(from, nl)).replace(/\r$/, '');
        pending = '';
        if (text.length > limits.maxRecordChars) throw tooLong(line, limits);
        if (text.trim()) out.push({ line, text });
        line++;
        from = nl + 1;
      }
    },
    end: () => (pending.trim() ? [{ line, text: pending }] : []),
  };
}

/**
 * Top-level values found by bracket matching: the elements of one array (`array`), or
 * objects one after another (a pretty-printed body, concatenated bodies).
 */
function valueSplitter(array: boolean, limits: ImportLimits): Splitter {
  let line = 1;
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
        if (ch === 10) line++;
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

/**
 * Picks the shape from the file's first line: '[' an array; a first line that is one
 * whole JSON value, one value per line; an object that goes on past its first line, a
 * pretty-printed body or bodies one after another. Anything else is read line by line,
 * so that each bad line is reported with its number.
 */
function chooseSplitter(firstLine: string, limits: ImportLimits): Splitter {
  const head = firstLine.trim();
  if (head.startsWith('[')) return valueSplitter(true, limits);
  if (head.startsWith('{')) {
    try {
      JSON.parse(head);
      return lineSplitter(limits);
    } catch {
      return valueSplitter(false, limits);
    }
  }
  return lineSplitter(limits);
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
  let splitter: Splitter | null = null;
  // Until the first line is complete the shape is unknown; the head is bounded by the record limit.
  let head = '';
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      bytesRead += Buffer.byteLength(chunk);
      if (!splitter) {
        head += chunk;
        const start = head.search(/\S/);
        const nl = start < 0 ? -1 : head.indexOf('\n', start);
        if (nl < 0) {
          if (head.length > limits.maxRecordChars) throw tooLong(1 + (head.slice(0, Math.max(start, 0)).match(/\n/g)?.length ?? 0), limits);
          continue;
        }
        splitter = chooseSplitter(head.slice(start, nl), limits);
        const text = head;
        head = '';
        yield* splitter.push(text);
      } else yield* splitter.push(chunk);
      onChunk?.({ bytesRead, totalBytes });
    }
  } finally {
    stream.destroy();
  }
  if (!splitter) {
    if (!head.trim()) return;
    splitter = chooseSplitter(head, limits);
    yield* splitter.push(head);
    onChunk?.({ bytesRead, totalBytes });
  }
  yield* splitter.end();
}
