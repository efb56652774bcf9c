// The 100,000-event timeline in Chromium: pages by keyset cursor, a bounded DOM, and the
// frame times the bench reports (the budget itself is a bench number, not a test).
import { describe, expect, it } from 'vitest';
import { runTimelineBench } from './scrollBench';

describe('a 100,000-event timeline in Chromium', () => {
  it('scrolls through keyset pages with only the visible rows in the DOM', async () => {
    const out = await runTimelineBench({ events: 100_000, frames: 240, searches: 2 });
    console.log(JSON.stringify(out));
    expect(out.detail.frames).toBeGreaterThan(200);
    expect(out.detail.eventsLoaded).toBeGreaterThan(400);
    expect(out.detail.eventsLoaded).toBeLessThan(100_000);
    expect(out.detail.domRows).toBeLessThan(80);
    expect(out.search_to_timeline_ms).toBeGreaterThan(0);
  });
});
