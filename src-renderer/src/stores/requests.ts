// Apple refund requests (CONSUMPTION_REQUEST): the open ones, soonest deadline first, and
// the answer. `openCount` and `nearestDeadline` feed the sidebar badge.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { ConsumptionAnswerDto, DeskErrorDto, RefundRequestDto } from '../../../src-main/ipc/contract';
import { asDeskError, desk, unwrap } from '../ipc/client';

/** Open and still answerable at `now`. */
export const isAnswerable = (r: RefundRequestDto, now: number) => r.status === 'open' && !r.expired && r.deadlineAt > now;

export const useRequestsStore = defineStore('requests', () => {
  const items = ref<RefundRequestDto[]>([]);
  const loaded = ref(false);
  const error = ref<DeskErrorDto | null>(null);
  const answering = ref<number | null>(null);
  const answerErrors = ref<Record<number, DeskErrorDto>>({});
  /** Ticks every second while the view shows countdowns; getters read it so they stay current. */
  const now = ref(Date.now());
  const summary = ref<{ open: number; nextDeadlineAt: number | null } | null>(null);
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  /** The shell and the section both load on mount; the second asks the first's answer. */
  let loading: Promise<void> | null = null;

  const sorted = computed(() =>
    [...items.value].sort((a, b) => {
      const openA = isAnswerable(a, now.value) ? 0 : 1;
      const openB = isAnswerable(b, now.value) ? 0 : 1;
      return openA - openB || (openA === 0 ? a.deadlineAt - b.deadlineAt : b.requestedAt - a.requestedAt);
    }),
  );
  const open = computed(() => sorted.value.filter((r) => isAnswerable(r, now.value)));
  /** For the sidebar badge. Before the list loads, main's pushed summary answers. */
  const openCount = computed(() => (loaded.value ? open.value.length : (summary.value?.open ?? 0)));
  const nearestDeadline = computed<number | null>(() =>
    loaded.value ? (open.value[0]?.deadlineAt ?? null) : (summary.value?.nextDeadlineAt ?? null),
  );

  // The sidebar badge reads `open` while the section (and its 1 s clock) is not shown: the
  // clock also moves at the nearest deadline, so a request leaves the count the moment its
  // window closes, not when the agent next opens the section.
  let deadlineTimer: ReturnType<typeof setTimeout> | null = null;
  watch(nearestDeadline, (at) => {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    deadlineTimer = null;
    if (at == null || !loaded.value) return;
    // Apple's windows are 12 hours; the cap only keeps within setTimeout's 2^31-1 ms.
    const wait = Math.min(Math.max(0, at - Date.now() + 1), 2 ** 31 - 1);
    deadlineTimer = setTimeout(() => (now.value = Date.now()), wait);
  });

  function load(): Promise<void> {
    unsubscribe ??= desk().on.onRequestsChanged((s) => {
      summary.value = s;
      if (loaded.value) void refresh();
    });
    return (loading ??= refresh().finally(() => (loading = null)));
  }

  async function refresh() {
    try {
      items.value = await unwrap(desk().requests.list({ includeClosed: true }));
      error.value = null;
    } catch (e) {
      error.value = asDeskError(e);
    } finally {
      loaded.value = true;
    }
  }

  async function answer(requestId: number, dto: ConsumptionAnswerDto): Promise<boolean> {
    if (answering.value != null) return false;
    answering.value = requestId;
    delete answerErrors.value[requestId];
    try {
      const updated = await unwrap(desk().requests.answer({ requestId, answer: dto }));
      const i = items.value.findIndex((r) => r.id === requestId);
      if (i >= 0) items.value.splice(i, 1, updated);
      return true;
    } catch (e) {
      answerErrors.value[requestId] = asDeskError(e);
      return false;
    } finally {
      answering.value = null;
    }
  }

  function startClock() {
    // Current at once: a countdown shown again after a while must not start from the old time.
    now.value = Date.now();
    timer ??= setInterval(() => (now.value = Date.now()), 1000);
  }
  function stopClock() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  return { items, loaded, error, answering, answerErrors, now, summary, sorted, open, openCount, nearestDeadline, load, refresh, answer, startClock, stopClock };
});
