// A clock for "5 minutes ago" / "in 3 hours": the words stay true while the screen is open
// (a relative time computed once goes stale, or points to the future).
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useNow(everyMs = 15_000) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), everyMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
