// The audit log, filtered and paged by keyset (older entries after the last one shown).
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { AuditEntryDto, DeskErrorDto } from '../../../src-main/ipc/contract';
import { asDeskError, desk, unwrap } from '../ipc/client';

export const AUDIT_PAGE = 100;

export interface AuditFilter {
  action: string;
  agent: string;
  /** yyyy-mm-dd from a date input, in the agent's time zone; '' = open. */
  fromDay: string;
  toDay: string;
  text: string;
}

/** Local midnight of a yyyy-mm-dd day; `end` gives the next midnight (exclusive end). */
export function dayStart(day: string, end = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0)).getTime();
}

export const useAuditStore = defineStore('audit', () => {
  const filter = reactive<AuditFilter>({ action: '', agent: '', fromDay: '', toDay: '', text: '' });
  const entries = ref<AuditEntryDto[]>([]);
  const nextBeforeId = ref<number | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<DeskErrorDto | null>(null);
  const exporting = ref(false);
  const exported = ref<{ file: string; rows: number } | null>(null);
  let seq = 0;
  function request() {
    const to = dayStart(filter.toDay, true);
    return {
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.agent.trim() ? { agent: filter.agent.trim() } : {}),
      ...(dayStart(filter.fromDay) != null ? { from: dayStart(filter.fromDay)! } : {}),
      // audit:list takes an inclusive `to`; the day ends 1 ms before the next midnight.
      ...(to != null ? { to: to - 1 } : {}),
      ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
    };
  }

  async function load(more = false) {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const page = await unwrap(
        desk().audit.list({ ...request(), limit: AUDIT_PAGE, ...(more && nextBeforeId.value ? { beforeId: nextBeforeId.value } : {}) }),
      );
      if (mine !== seq) return;
      entries.value = more ? [...entries.value, ...page.entries] : page.entries;
      nextBeforeId.value = page.nextBeforeId;
    } catch (e) {
      if (mine === seq) error.value = asDeskError(e);
    } finally {
      if (mine === seq) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  /** Main asks where to save; the whole filtered log is written, not only the pages shown. */
  async function exportCsv() {
    exporting.value = true;
    exported.value = null;
    try {
      const result = await unwrap(desk().audit.exportCsv({ filter: request() }));
      if ('file' in result) exported.value = result;
    } catch (e) {
      error.value = asDeskError(e);
    } finally {
      exporting.value = false;
    }
  }

  function clear() {
    Object.assign(filter, { action: '', agent: '', fromDay: '', toDay: '', text: '' });
    void load();
  }

  return { filter, entries, nextBeforeId, loading, loaded, error, exporting, exported, load, exportCsv, clear, request };
});
