// Import limits: file size, record length (read in chunks, never the whole file), nesting
// depth. Each refuses the whole file with one sentence, and nothing is written.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, commitImport, validateImport } from '../../../../src-main/db/import';
import { tempDb, type TempDb } from '../../../support/db';
import { rcBody } from '../../../support/rcEvents';
import { eventCount, purchases } from '../../../support/read';

let t: TempDb | undefined;
afterEach(() => t?.close());
const count = (t: TempDb) => ({ e: eventCount(t.db), p: purchases(t.db).length });

async function writeOneLine(file: string, bytes: number): Promise<void> {
  // one JSON object on a single line, `bytes` long: a note field of repeated text
  const out = createWriteStream(file);
  out.write('{"api_version":"1.0","event":{"id":"x","type":"RENEWAL","event_timestamp_ms":1,"note":"');
  const piece = 'a'.repeat(1 << 20);
  for (let n = 0; n < bytes; n += piece.length) if (!out.write(piece)) await once(out, 'drain');
  out.end('"}}');
  await once(out, 'finish');
}

describe('import limits', () => {
  it('refuses a file over the size cap before reading it', async () => {
    t = tempDb();
    const file = join(t.dir, 'big.jsonl');
    writeFileSync(file, [0, 1, 2].map((i) => JSON.stringify(rcBody(i))).join('\n'));
    const limits = { ...IMPORT_LIMITS, maxFileBytes: 1000 };
    const r = await validateImport(file, undefined, limits);
    expect(r.fileError).toMatch(/^The file is 2 KB; files larger than 1 KB are not imported\./);
    expect(r.valid).toBe(0);
    await expect(commitImport(t.db, file, undefined, Date.now(), limits)).rejects.toMatchObject({ code: 'invalid_input', message: r.fileError });
    expect(count(t)).toEqual({ e: 0, p: 0 });
  });

  it('refuses a 24 MB single-line file after reading about one record limit of it, never the whole file', async () => {
    t = tempDb();
    const file = join(t.dir, 'one-line.json');
    await writeOneLine(file, 24 * 1024 * 1024);
    const read: number[] = [];
    const r = await validateImport(file, (p) => read.push(p.bytesRead));
    expect(r.fileError).toBe('The record starting on line 1 is longer than 1 MB, the most one event may take; nothing was imported. Split the file into one event per line.');
    // the read stopped at the first chunk past the limit (1 MB chunks)
    expect(Math.max(0, ...read)).toBeLessThanOrEqual(2 * 1024 * 1024);
    await expect(commitImport(t.db, file)).rejects.toMatchObject({ code: 'invalid_input', message: r.fileError });
    expect(count(t)).toEqual({ e: 0, p: 0 });
  });

  it('refuses an over-long record inside an array or after good lines, and writes none of the good ones', async () => {
    t = tempDb();
    const limits = { ...IMPORT_LIMITS, maxRecordChars: 4000 };
    const long = rcBody(9, { note: 'b'.repeat(5000) });
    const array = join(t.dir, 'array.json');
    writeFileSync(array, JSON.stringify([rcBody(0), long], null, 2));
    expect((await validateImport(array, undefined, limits)).fileError).toMatch(/^The record starting on line \d+ is longer than 4 KB/);
    const lines = join(t.dir, 'lines.jsonl');
    writeFileSync(lines, [rcBody(0), rcBody(1), long].map((b) => JSON.stringify(b)).join('\n'));
    expect((await validateImport(lines, undefined, limits)).fileError).toMatch(/^The record starting on line 3 is longer/);
    await expect(commitImport(t.db, lines, undefined, Date.now(), limits)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(count(t)).toEqual({ e: 0, p: 0 });
  });

  it('refuses a 100k-deep raw payload with a sentence, not a stack overflow', async () => {
    t = tempDb();
    const depth = 100_000;
    const deep = JSON.stringify(rcBody(1)).replace(/}}$/, `,"extra":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    const file = join(t.dir, 'deep.jsonl');
    writeFileSync(file, JSON.stringify(rcBody(0)) + '\n' + deep + '\n');
    const r = await validateImport(file);
    expect(r.fileError).toBe('The record on line 2 is nested more than 64 levels deep, deeper than any store payload; nothing was imported.');
    await expect(commitImport(t.db, file)).rejects.toMatchObject({ code: 'invalid_input', message: r.fileError });
    expect(count(t)).toEqual({ e: 0, p: 0 });
    // the same document 60 levels deep is an ordinary record
    writeFileSync(file, JSON.stringify(rcBody(1)).replace(/}}$/, `,"extra":${'['.repeat(60)}${']'.repeat(60)}}}`));
    expect(await validateImport(file)).toMatchObject({ fileError: null, valid: 1 });
  });
});
