// The timeline as rows for the virtualizer: a day separator before each new local day,
// built incrementally so that appending a page costs only that page.
import type { TimelineEvent } from './eventWords';

export type TimelineItem =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'event'; key: string; event: TimelineEvent };

function dayKey(ms: number): number {
  const d = new Date(ms);
  return d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate();
}

export interface DayRows {
  items: TimelineItem[];
  /** Indexes of the day separators, ascending (for the sticky header). */
  dayIndexes: number[];
  /** How many events are already in `items`. */
  count: number;
  lastDay: number | null;
  /** The last event appended: tells a longer list with the same start from a new list. */
  last: TimelineEvent | null;
}

export const emptyRows = (): DayRows => ({ items: [], dayIndexes: [], count: 0, lastDay: null, last: null });

/** Whether `events` continues what `rows` already holds (a page was appended), rather than replacing it. */
export function continues(rows: DayRows, events: readonly TimelineEvent[]): boolean {
  return events.length >= rows.count && (rows.count === 0 || events[rows.count - 1] === rows.last);
}

/** Appends events[rows.count…] to rows, in place; the events must keep their order. */
export function appendDays(rows: DayRows, events: readonly TimelineEvent[]): DayRows {
  for (let i = rows.count; i < events.length; i++) {
    const e = events[i]!;
    const day = dayKey(e.occurredAt);
    if (day !== rows.lastDay) {
      rows.dayIndexes.push(rows.items.length);
      rows.items.push({ kind: 'day', key: `d${day}:${e.id}`, at: e.occurredAt });
      rows.lastDay = day;
    }
    rows.items.push({ kind: 'event', key: `e${e.id}`, event: e });
  }
  rows.count = events.length;
  rows.last = events[events.length - 1] ?? null;
  return rows;
}

/** The separator that heads the row at `index`: the last day index ≤ index. */
export function dayAbove(dayIndexes: readonly number[], index: number): number | undefined {
  let lo = 0;
  let hi = dayIndexes.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dayIndexes[mid]! <= index) {
      found = dayIndexes[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
