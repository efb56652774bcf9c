// Insights for a period and store, computed by main from the local cache.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DeskErrorDto, InsightBucket, InsightKind, InsightsDto, Store } from '../../../src-main/ipc/contract';
import { asDeskError, desk, unwrap } from '../ipc/client';

export const PERIODS = [
  { id: '30d', label: 'Last 30 days', bucket: 'day' },
  { id: '90d', label: 'Last 90 days', bucket: 'week' },
  { id: '12m', label: 'Last 12 months', bucket: 'month' },
  { id: 'ytd', label: 'This year', bucket: 'month' },
  { id: '24m', label: 'Last 24 months', bucket: 'month' },
] as const;
export type PeriodId = (typeof PERIODS)[number]['id'];

const DAY = 86_400_000;

/** [from, to) of a period, ending at the end of today in the agent's time zone. */
export function periodRange(id: PeriodId, now = Date.now()): { from: number; to: number } {
  const end = new Date(now);
  end.setHours(24, 0, 0, 0);
  const to = end.getTime();
  const start = new Date(to);
  switch (id) {
    case '30d':
      return { from: to - 30 * DAY, to };
    case '90d':
      return { from: to - 90 * DAY, to };
    case '12m':
      start.setMonth(start.getMonth() - 12, 1);
      break;
    case '24m':
      start.setMonth(start.getMonth() - 24, 1);
      break;
    case 'ytd':
      start.setFullYear(new Date(now).getFullYear(), 0, 1);
      break;
  }
  start.setHours(0, 0, 0, 0);
  return { from: start.getTime(), to };
}

export const useInsightsStore = defineStore('insights', () => {
  const period = ref<PeriodId>('12m');
  const store = ref<Store | null>(null);
  const bucket = ref<InsightBucket>('month');
  const includeSandbox = ref(false);
  const data = ref<InsightsDto | null>(null);
  const loading = ref(false);
  const error = ref<DeskErrorDto | null>(null);
  const exporting = ref<InsightKind | null>(null);
  const exported = ref<{ kind: InsightKind; file: string; rows: number } | null>(null);
  let seq = 0;

  const query = computed(() => ({
    ...periodRange(period.value),
    store: store.value,
    bucket: bucket.value,
    includeSandbox: includeSandbox.value,
    utcOffsetMinutes: -new Date().getTimezoneOffset(),
  }));
  const isEmpty = computed(() => {
    const d = data.value;
    return !!d && d.totals.paid === 0 && d.totals.refunds === 0 && d.totals.disputesOpened + d.totals.disputesLost + d.totals.disputesWon === 0;
  });

  function setPeriod(id: PeriodId) {
    period.value = id;
    bucket.value = PERIODS.find((p) => p.id === id)?.bucket ?? 'month';
  }

  async function load() {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const result = await unwrap(desk().insights.get(query.value));
      // A later request (the agent changed the period again) wins.
      if (mine === seq) data.value = result;
    } catch (e) {
      if (mine === seq) error.value = asDeskError(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** Main asks the agent where to save (its own dialog) and writes the file. */
  async function exportCsv(kind: InsightKind): Promise<void> {
    exporting.value = kind;
    exported.value = null;
    try {
      const result = await unwrap(desk().insights.exportCsv({ kind, query: query.value }));
      if ('file' in result) exported.value = { kind, file: result.file, rows: result.rows };
    } catch (e) {
      error.value = asDeskError(e);
    } finally {
      exporting.value = null;
    }
  }

  return { period, store, bucket, includeSandbox, data, loading, error, exporting, exported, query, isEmpty, setPeriod, load, exportCsv };
});
