// Search bounded for speed (issue 20): short last words are whole words in FTS5, every
// step has its LIMIT, and the customers:search channel runs in the database worker with
// the same answers as on the main thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../src-main/db/ingest';
import { ftsQuery, MIN_PREFIX, search, searchHits } from '../../../src-main/db/search';
import { largeWorkspaceBatches } from '../../../src-main/demo/large';
import { createDbWorkerRunner } from '../../../src-main/worker/runner';
import { purchase } from '../../support/batches';
import { tempDb, type TempDb } from '../../support/db';

let big: TempDb;
const NOW = Date.UTC(2026, 0, 1);

beforeAll(() => {
  big = tempDb();
  for (const b of largeWorkspaceBatches({ purchases: 3_000, now: NOW })) ingest(big.db, b, NOW);
});
afterAll(() => big.close());

describe('bounded search', () => {
  it('searches a last word shorter than MIN_PREFIX as a whole word, longer ones as a prefix', () => {
    expect(MIN_PREFIX).toBe(3);
    expect(ftsQuery('e')).toBe('"e"');
    expect(ftsQuery('sub_l')).toBe('"sub" "l"');
    expect(ftsQuery('Chen jo')).toBe('"chen" "jo"');
    expect(ftsQuery('mat')).toBe('"mat"*');
    expect(ftsQuery('chen jonas')).toBe('"chen" "jonas"*');
  });

  it('still finds names by a short whole word and by a 3-letter prefix, and identifiers by any prefix', () => {
    const t = tempDb();
    try {
      ingest(t.db, {
        purchases: [
          purchase('stripe', 'sub_a', { customer: { appUserId: 'ab', ids: [] } }),
          purchase('stripe', 'sub_b', { customer: { appUserId: 'zz', displayName: 'Ab Normal', ids: [] } }),
          purchase('stripe', 'sub_c', { customer: { appUserId: 'yy', displayName: 'Li Wei', ids: [] } }),
        ],
        events: [],
      });
      expect(search(t.db, 'li').map((h) => [h.customerId, h.rank])).toEqual([[3, 'text']]);
      expect(search(t.db, 'nor').map((h) => [h.customerId, h.matchValue])).toEqual([[2, 'Ab Normal']]);
      // two letters of "Normal": not a whole word, not a prefix search, so no text hit
      expect(search(t.db, 'no')).toEqual([]);
      // identifiers keep their prefix search at any length
      expect(search(t.db, 'a').map((h) => [h.customerId, h.rank, h.matchValue])).toEqual([[1, 'prefix', 'ab']]);
      expect(search(t.db, 'y')[0]).toMatchObject({ customerId: 3, rank: 'prefix', matchValue: 'yy' });
    } finally {
      t.close();
    }
  });

  it('answers a single letter with at most the limit, each hit matching what was typed', () => {
    for (const q of ['a', 'l', 'g', '2', 'e']) {
      const hits = search(big.db, q, 20);
      expect(hits.length).toBeLessThanOrEqual(20);
      for (const h of hits) {
        if (h.rank === 'text') expect(h.matchValue.toLowerCase().split(/[^\p{L}\p{N}]+/u)).toContain(q);
        else expect(h.matchValue.toLowerCase().startsWith(q)).toBe(true);
      }
    }
    expect(search(big.db, 'l', 20).length).toBe(20);
  });

  it('gives the same hits in the worker as on the main thread, without holding the main thread', async () => {
    const runner = createDbWorkerRunner({ name: 'Search' });
    try {
      let worst = 0;
      for (const query of ['a', 'sub_l', 'lu_12', 'GPA.33', 'priya', 'chen jo', 'example', 'nobody here', 'sub_L1002', '2000000000000']) {
        const t = performance.now();
        const pending = runner.run(big.db, 'search', { query, limit: 20 });
        if (query !== 'a') worst = Math.max(worst, performance.now() - t); // the first call starts the thread
        expect(await pending).toEqual(searchHits(big.db, query, 20));
      }
      expect(worst).toBeLessThan(16);
    } finally {
      await runner.close();
    }
  }, 60_000);
});
