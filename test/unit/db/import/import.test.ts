import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitImport, validateImport } from '../../../../src-main/db/import';
import { exportCustomer, exportWorkspace } from '../../../../src-main/db/import/export';
import { customerSummary } from '../../../../src-main/db/customers';
import { search } from '../../../../src-main/db/search';
import { tempDb, type TempDb } from '../../../support/db';
import { rcBody, writeRcLines } from '../../../support/rcEvents';
import { eventCount, eventRecords, purchases, tableSnapshot } from '../../../support/read';
import { readStatusRows } from '../../../../src-main/secrets/statusRepo';

let t: TempDb | undefined;
afterEach(() => t?.close());
const events = (t: TempDb) => eventCount(t.db);

describe('validateImport', () => {
  it('reports every bad line with its number and reason, and writes nothing', async () => {
    t = tempDb();
    const good = (i: number) => JSON.stringify(rcBody(i));
    const lines = [
      good(0),
      good(1).slice(0, 80), // truncated JSON
      JSON.stringify(rcBody(2, { price_in_purchased_currency: '9.99' })), // wrong type
      JSON.stringify(rcBody(3, { type: 'SUBSCRIPTION_TELEPORTED' })), // unknown event type
      good(0), // duplicate of line 1
      '',
      good(4),
      '[1, 2]',
      JSON.stringify(rcBody(6, { store: 'ROKU' })),
    ];
    const file = join(t.dir, 'events.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const report = await validateImport(file);
    expect(report.format).toBe('revenuecat');
    expect(report.valid).toBe(2);
    expect(report.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 8]);
    expect(report.errors[0]!.reason).toMatch(/invalid or truncated JSON/);
    expect(report.errors[1]!.reason).toMatch(/wrong type at event\.price_in_purchased_currency/);
    expect(report.errors[2]!.reason).toBe('unknown event type "SUBSCRIPTION_TELEPORTED"');
    expect(report.errors[3]!.reason).toMatch(/duplicate event: same event as line 1/);
    // a Roku purchase is well formed: left out on purpose, counted apart from the errors
    expect(report.notImportedLines).toEqual([{ line: 9, reason: expect.stringMatching(/^not imported: ROKU/) }]);
    expect(events(t)).toBe(0);
  });

  it('reads a pretty-printed JSON array with line numbers, and a truncated array', async () => {
    t = tempDb();
    const file = join(t.dir, 'events.json');
    const body = JSON.stringify([rcBody(0), rcBody(1, { event_timestamp_ms: -5 }), rcBody(2)], null, 2);
    writeFileSync(file, body);
    const r = await validateImport(file);
    expect(r.valid).toBe(2);
    const secondLine = body.split('\n').findIndex((l, i) => i > 1 && l === '  {') + 1;
    expect(r.errors).toEqual([{ line: secondLine, reason: expect.stringMatching(/event_timestamp_ms/) }]);
    writeFileSync(file, body.slice(0, body.length - 200));
    const cut = await validateImport(file);
    expect(cut.valid).toBe(1);
    expect(cut.errors.at(-1)).toEqual({ line: body.split('\n').lastIndexOf('  {') + 1, reason: 'truncated JSON: the file ends inside this record' });
  });
});

describe('commitImport', () => {
  it('imports the valid lines; CANCELLATION/CUSTOMER_SUPPORT is a refund; importing twice changes nothing', async () => {
    t = tempDb();
    const file = join(t.dir, 'events.jsonl');
    // one Play subscription: purchase, renewal, a support refund; an unknown type; a transfer
    const subEvents = [
      rcBody(0, { store: 'PLAY_STORE', type: 'INITIAL_PURCHASE', original_transaction_id: 'GPA.3312-0000-0000-00001', transaction_id: 'GPA.3312-0000-0000-00001' }),
      rcBody(1, { store: 'PLAY_STORE', type: 'RENEWAL', original_transaction_id: 'GPA.3312-0000-0000-00001', transaction_id: 'GPA.3312-0000-0000-00001..0' }),
      rcBody(2, { store: 'PLAY_STORE', type: 'CANCELLATION', cancel_reason: 'CUSTOMER_SUPPORT', original_transaction_id: 'GPA.3312-0000-0000-00001', transaction_id: 'GPA.3312-0000-0000-00001..0' }),
      rcBody(3, { store: 'PLAY_STORE', type: 'BOGUS' }),
      rcBody(4, { type: 'TRANSFER', transferred_from: ['user-0'], transferred_to: ['user-0'] }),
    ];
    writeFileSync(file, subEvents.map((b) => JSON.stringify(b)).join('\n'));
    const progress: number[] = [];
    const r = await commitImport(t.db, file, (p) => progress.push(p.bytesRead));
    expect(r).toMatchObject({ valid: 4, errorCount: 1, inserted: 4 });
    expect(progress.at(-1)).toBe(statSync(file).size);
    const types = eventRecords(t.db).map(({ type, amount_minor }) => ({ type, amount_minor }));
    expect(types).toEqual([
      { type: 'purchase', amount_minor: 999 },
      { type: 'renewal', amount_minor: 999 },
      { type: 'refund', amount_minor: 999 },
      { type: 'transfer', amount_minor: null },
    ]);
    expect(purchases(t.db).map((p) => p.state)).toEqual(['revoked']);
    expect(search(t.db, 'GPA.3312-0000-0000-00001..0')[0]).toMatchObject({ rank: 'exact', matchKind: 'google_order_id' });
    const again = await commitImport(t.db, file);
    expect(again.inserted).toBe(0);
    expect(events(t)).toBe(4);
  });

  it('round-trips the console export format without secrets', async () => {
    t = tempDb();
    const src = join(t.dir, 'events.jsonl');
    await writeRcLines(src, 200);
    await commitImport(t.db, src);
    t.db.prepare("INSERT INTO credential_status (store, configured, kind, message) VALUES ('stripe', 1, 'restricted key', 'ok')").run();
    const out = join(t.dir, 'export.jsonl');
    const { lines } = exportWorkspace(t.db, out);
    expect(lines).toBeGreaterThan(200);
    const customerFile = join(t.dir, 'customer.jsonl');
    expect(exportCustomer(t.db, 1, customerFile).lines).toBeGreaterThan(1);
    const other = tempDb();
    try {
      const v = await validateImport(out);
      expect(v).toMatchObject({ format: 'refund-desk-export', errorCount: 0 });
      const r = await commitImport(other.db, out);
      expect(r.inserted).toBe(events(t));
      expect(customerSummary(other.db, 1)).toEqual(customerSummary(t.db, 1));
      expect(readStatusRows(other.db).size).toBe(0);
    } finally {
      other.close();
    }
  });

  it('imports a 50 MB file in one transaction, with progress', async () => {
    t = tempDb();
    const file = join(t.dir, 'big.jsonl');
    await writeRcLines(file, 85_000);
    expect(statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
    const v = await validateImport(file);
    expect(v).toMatchObject({ errorCount: 0, valid: 85_000 });
    let calls = 0;
    const r = await commitImport(t.db, file, () => calls++);
    expect(r.inserted).toBe(85_000);
    expect(calls).toBeGreaterThan(40);
    expect(events(t)).toBe(85_000);
  }, 60_000);

  it('a kill -9 in the middle of the import leaves the database exactly as before', async () => {
    t = tempDb();
    const seed = join(t.dir, 'seed.jsonl');
    await writeRcLines(seed, 500);
    await commitImport(t.db, seed);
    const before = tableSnapshot(t.db, 'events');
    const beforeIds = tableSnapshot(t.db, 'customer_ids');
    t.db.close();
    const file = join(t.dir, 'more.jsonl');
    await writeRcLines(file, 40_000, 500);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/commitChild.ts'), t.file, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('committed')) reject(new Error('the import finished before it could be killed'));
        const m = [...buf.matchAll(/written (\d+)/g)].at(-1);
        if (m && Number(m[1]) > 500 + 2000) {
          child.kill('SIGKILL');
          resolve(Number(m[1]));
        }
      });
      child.on('exit', (code) => (code !== null ? reject(new Error(`child exited ${code}: ${stderr}`)) : undefined));
    });
    await new Promise((r) => child.once('exit', r));
    expect(killedAt).toBeGreaterThan(2500);
    const { openDatabase } = await import('../../../../src-main/db/connection');
    const db = openDatabase(t.file);
    try {
      expect(tableSnapshot(db, 'events')).toEqual(before);
      expect(tableSnapshot(db, 'customer_ids')).toEqual(beforeIds);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 60_000);
});
