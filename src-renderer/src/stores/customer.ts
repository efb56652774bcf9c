// One customer's page: header, purchases, summary, and the timeline read page by page
// with the keyset cursor main returns (never everything at once).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { EventType, Store } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';
import type { CustomerView, TimelineCursorView } from '../components/customer/types';
import type { TimelineEvent } from '../components/timeline/eventWords';
import { errorWords } from '../components/refund/words';

export const TIMELINE_PAGE = 200;

export interface TimelineFilters {
  stores: Store[];
  types: EventType[];
  /** Newest first by default; oldest first reads a customer's history as it happened. */
  order?: 'newest' | 'oldest';
}

export const useCustomerStore = defineStore('customer', () => {
  const id = ref<number | null>(null);
  const customer = ref<CustomerView | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Bumped after a refund or note so panels re-ask main what is allowed. */
  const version = ref(0);

  // shallowRef + replace on append: 100,000 rows must not become deep reactive proxies.
  const events = shallowRef<TimelineEvent[]>([]);
  const cursor = ref<TimelineCursorView | null>(null);
  const hasMore = ref(false);
  const pageLoading = ref(false);
  const pageError = ref<string | null>(null);
  const filters = ref<TimelineFilters>({ stores: [], types: [] });
  const raw = ref<Record<number, { loading: boolean; value: unknown; error: string | null }>>({});
  /** Which load is current: answers to an older customer or filter are dropped. */
  let generation = 0;

  const purchases = computed(() => customer.value?.purchases ?? []);

  async function open(customerId: number) {
    const gen = ++generation;
    id.value = customerId;
    customer.value = null;
    error.value = null;
    loading.value = true;
    resetTimeline();
    const page = loadPage(gen);
    try {
      const value = await unwrap(desk().customers.get({ customerId }));
      if (gen === generation) customer.value = value;
    } catch (e) {
      if (gen === generation) error.value = errorWords(e).message;
    } finally {
      if (gen === generation) loading.value = false;
    }
    await page;
  }

  function resetTimeline() {
    events.value = [];
    cursor.value = null;
    hasMore.value = true;
    pageError.value = null;
    raw.value = {};
  }

  async function loadPage(gen = generation) {
    if (id.value == null || pageLoading.value || !hasMore.value) return;
    pageLoading.value = true;
    pageError.value = null;
    try {
      const page = await unwrap(
        desk().customers.timeline({
          customerId: id.value,
          limit: TIMELINE_PAGE,
          ...(cursor.value ? { after: cursor.value } : {}),
          ...(filters.value.stores.length ? { stores: filters.value.stores } : {}),
          ...(filters.value.types.length ? { types: filters.value.types } : {}),
          ...(filters.value.order === 'oldest' ? { order: 'oldest' as const } : {}),
        }),
      );
      if (gen !== generation) return;
      // Appended in place: the list keeps its identity, so the timeline adds only this page's rows.
      events.value.push(...page.rows);
      triggerRef(events);
      cursor.value = page.next;
      hasMore.value = page.next != null;
    } catch (e) {
      if (gen === generation) {
        pageError.value = errorWords(e).message;
        hasMore.value = false;
      }
    } finally {
      if (gen === generation) pageLoading.value = false;
    }
  }

  async function setFilters(next: TimelineFilters) {
    filters.value = next;
    const gen = ++generation;
    pageLoading.value = false;
    resetTimeline();
    await loadPage(gen);
  }

  /** After a refund or a note: main wrote the event and the new entitlement; read both again. */
  async function reload() {
    if (id.value == null) return;
    const gen = ++generation;
    pageLoading.value = false;
    try {
      customer.value = await unwrap(desk().customers.get({ customerId: id.value }));
    } catch (e) {
      error.value = errorWords(e).message;
    }
    if (gen !== generation) return;
    resetTimeline();
    version.value++;
    await loadPage(gen);
  }

  async function loadRaw(eventId: number) {
    if (raw.value[eventId] && !raw.value[eventId]!.error) return;
    raw.value = { ...raw.value, [eventId]: { loading: true, value: undefined, error: null } };
    try {
      const out = await unwrap(desk().customers.event({ eventId }));
      raw.value = { ...raw.value, [eventId]: { loading: false, value: out.raw, error: null } };
    } catch (e) {
      raw.value = { ...raw.value, [eventId]: { loading: false, value: undefined, error: errorWords(e).message } };
    }
  }

  async function addNote(text: string) {
    if (id.value == null) return;
    await unwrap(desk().customers.addNote({ customerId: id.value, text }));
    await reload();
  }

  return {
    id, customer, loading, error, version, events, cursor, hasMore, pageLoading, pageError, filters, raw, purchases,
    open, loadPage: () => loadPage(), setFilters, reload, loadRaw, addNote,
  };
});
