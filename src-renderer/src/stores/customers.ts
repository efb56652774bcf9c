// Finding a customer: search as the agent types (debounced), the selection the arrows
// move, recent customers, and the filtered list. Stale answers never replace newer ones.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EntitlementState, LookupResultDto, Store } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';
import type { CustomerHeaderView, SearchHitView } from '../components/customer/types';
import { errorWords } from '../components/refund/words';

export const SEARCH_DEBOUNCE_MS = 120;

export interface ListFilters {
  store: Store | null;
  hasRefund: boolean;
  hasOpenDispute: boolean;
  state: EntitlementState | null;
}

export const noFilters = (): ListFilters => ({ store: null, hasRefund: false, hasOpenDispute: false, state: null });

/** Whether a query looks like one store identifier (worth fetching from the store when not cached). */
export function looksLikeStoreId(q: string): boolean {
  const s = q.trim();
  if (s.length < 8 || /\s/.test(s)) return false;
  return /^GPA\.\d{4}-/i.test(s) || /^(cus|pi|ch|sub|in)_[A-Za-z0-9]+$/.test(s) || /^\d{12,20}$/.test(s) || /^[A-Z0-9]{8,12}$/.test(s) || s.length >= 40 || /^amzn1\./.test(s);
}

export const useCustomersStore = defineStore('customers', () => {
  const query = ref('');
  const hits = ref<SearchHitView[]>([]);
  const searching = ref(false);
  const searched = ref<string | null>(null);
  const error = ref<string | null>(null);
  const selected = ref(0);
  const recent = ref<CustomerHeaderView[]>([]);
  const list = ref<CustomerHeaderView[]>([]);
  const listNext = ref<number | null>(null);
  const listLoading = ref(false);
  const filters = ref<ListFilters>(noFilters());
  /** Fetching a pasted ID from its store: idle, running, done (opened) or failed in the store's words. */
  const fetching = ref(false);
  const fetchError = ref<{ message: string; retry: string } | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  const filtering = computed(() => {
    const f = filters.value;
    return f.store != null || f.hasRefund || f.hasOpenDispute || f.state != null;
  });

  function setQuery(text: string, debounce = SEARCH_DEBOUNCE_MS) {
    query.value = text;
    fetchError.value = null;
    if (timer) clearTimeout(timer);
    if (!text.trim()) {
      seq++;
      hits.value = [];
      searched.value = null;
      searching.value = false;
      error.value = null;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timer = null;
        void run(text).then(resolve);
      }, debounce);
    });
  }

  async function run(text: string) {
    const mine = ++seq;
    searching.value = true;
    try {
      const out = await unwrap(desk().customers.search({ query: text.trim(), limit: 20 }));
      if (mine !== seq) return;
      hits.value = out.hits;
      searched.value = text.trim();
      selected.value = 0;
      error.value = null;
    } catch (e) {
      if (mine === seq) error.value = errorWords(e).message;
    } finally {
      if (mine === seq) searching.value = false;
    }
  }

  /** Runs the pending search now (Enter before the debounce fired). */
  async function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
      await run(query.value);
    }
  }

  function move(step: number) {
    const n = hits.value.length;
    if (!n) return;
    selected.value = (selected.value + step + n) % n;
  }

  async function loadRecent() {
    try {
      recent.value = (await unwrap(desk().customers.recent({}))).customers;
    } catch (e) {
      error.value = errorWords(e).message;
    }
  }

  async function loadList(more = false) {
    if (listLoading.value) return;
    listLoading.value = true;
    const f = filters.value;
    try {
      const out = await unwrap(
        desk().customers.list({
          limit: 50,
          ...(f.store ? { store: f.store } : {}),
          ...(f.hasRefund ? { hasRefund: true } : {}),
          ...(f.hasOpenDispute ? { hasOpenDispute: true } : {}),
          ...(f.state ? { state: f.state } : {}),
          ...(more && listNext.value != null ? { beforeId: listNext.value } : {}),
        }),
      );
      list.value = more ? list.value.concat(out.customers) : (out.customers);
      listNext.value = out.nextBeforeId;
    } catch (e) {
      error.value = errorWords(e).message;
    } finally {
      listLoading.value = false;
    }
  }

  /** Asks the store for the query (lookup:fetch); resolves to what was found, or null with fetchError set. */
  async function fetchFromStore(): Promise<LookupResultDto | null> {
    if (fetching.value) return null;
    const text = query.value.trim();
    fetching.value = true;
    fetchError.value = null;
    try {
      const out = await unwrap(desk().lookup.fetch({ query: text }));
      if (query.value.trim() === text) {
        await run(text);
      }
      return out;
    } catch (e) {
      const w = errorWords(e);
      fetchError.value = { message: w.message, retry: w.retry };
      return null;
    } finally {
      fetching.value = false;
    }
  }

  async function setFilters(next: ListFilters) {
    filters.value = next;
    list.value = [];
    listNext.value = null;
    if (filtering.value) await loadList();
  }

  return {
    query, hits, searching, searched, error, selected, recent, list, listNext, listLoading, filters, filtering, fetching, fetchError,
    setQuery, flush, move, loadRecent, loadList, setFilters, fetchFromStore,
  };
});
