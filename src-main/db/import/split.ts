// Streams an import file as records with their line numbers: a JSON array (pretty-printed
// or not) or one JSON value per line. Nothing is parsed here beyond finding boundaries.
import { createReadStream, statSync } from 'node:fs';

export type RawRecord = { line: number; text: string } | { line: number; error: string };

export interface SplitProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Yields each top-level record. `onChunk` reports bytes read, for progress bars. */
export async function* splitRecords(file: string, onChunk?: (p: SplitProgress) => void): AsyncGenerator<RawRecord> {
  const totalBytes = statSync(file).size;
  let bytesRead = 0;
  let mode: 'unknown' | 'lines' | 'array' = 'unknown';
  let line = 1;
  // lines mode
  let pending = '';
  let pendingLine = 1;
  // array mode
  let level = 0; // 0: before '[', 1: inside the array, 2: after ']'
  let depth = 0;
  let inString = false;
  let escape = false;
  let parts: string[] = [];
  let startLine = 0;
  let collecting = false;
  let primitive = false;

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    bytesRead += Buffer.byteLength(chunk);
    if (mode === 'unknown') {
      const first = chunk.trimStart()[0];
      if (first === undefined) continue;
      mode = first === '[' ? 'array' : 'lines';
    }
    if (mode === 'lines') {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', from);
        if (nl < 0) {
          pending += chunk.slice(from);
          break;
        }
        const text = (pending + chunk.slice(from, nl)).replace(/\r$/, '');
        pending = '';
        if (text.trim()) yield { line: pendingLine, text };
        pendingLine++;
        from = nl + 1;
      }
    } else {
      let segStart = collecting ? 0 : -1;
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk.charCodeAt(i);
        if (ch === 10) line++;
        if (level === 0) {
          if (ch === 91 /* [ */) level = 1;
          continue;
        }
        if (level === 2) {
          if (ch > 32) {
            yield { line, error: 'unexpected text after the end of the JSON array' };
            level = 3;
          }
          continue;
        }
        if (level === 3) continue;
        if (!collecting) {
          if (ch <= 32 || ch === 44 /* , */) continue;
          if (ch === 93 /* ] */) {
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
          if (ch === 44 || ch === 93) {
            parts.push(chunk.slice(segStart, i));
            yield { line: startLine, text: parts.join('') };
            parts = [];
            collecting = false;
            if (ch === 93) level = 2;
          }
          continue;
        }
        if (ch === 123 || ch === 91) depth++;
        else if (ch === 125 || ch === 93) {
          depth--;
          if (depth === 0) {
            parts.push(chunk.slice(segStart, i + 1));
            yield { line: startLine, text: parts.join('') };
            parts = [];
            collecting = false;
          }
        }
      }
      if (collecting) parts.push(chunk.slice(segStart));
    }
    onChunk?.({ bytesRead, totalBytes });
  }
  if (mode === 'lines' && pending.trim()) yield { line: pendingLine, text: pending };
  if (mode === 'array') {
    if (collecting) yield { line: startLine, error: 'truncated JSON: the file ends inside this record' };
    else if (level < 2) yield { line, error: 'truncated JSON: the array is not closed' };
  }
}
