// The refund dialog's state: the preview from main, the agent's choices, the summary
// for exactly those choices, and one submission. Main re-checks everything on create.
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import type { RefundIntentDto, RefundOptionDto, RefundPreviewDto } from '../../../../src-main/ipc/contract';
import { formatMoney, parseAmount } from '../../format';
import { asDeskError } from '../../ipc/client';
import { OPEN_STATUSES, useRefundsStore } from '../../stores/refunds';
import { offWords } from './refusalWords';
import { errorWords, type ErrorWords, type ReasonValue } from './words';

export type Phase = 'loading' | 'editing' | 'sending' | 'done' | 'error';
export const optionKey = (o: Pick<RefundOptionDto, 'mode' | 'refundKind'>) => `${o.mode}:${o.refundKind}`;

export function useRefundForm(purchaseId: number, initialPaymentRef?: string | null) {
  const refunds = useRefundsStore();
  const phase = ref<Phase>('loading');
  const preview = ref<RefundPreviewDto | null>(null);
  const paymentRef = ref<string | null>(initialPaymentRef ?? null);
  const choice = ref<string | null>(null);
  const amountText = ref('');
  const reason = ref<ReasonValue>('requested_by_customer');
  const note = ref('');
  const summary = ref<RefundPreviewDto['summary']>(null);
  const summaryKey = ref<string | null>(null);
  const summaryError = ref<string | null>(null);
  const intent = ref<RefundIntentDto | null>(null);
  const failure = ref<ErrorWords | null>(null);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const currency = computed(() => preview.value?.currency ?? 'USD');
  const options = computed(() => preview.value?.options ?? []);
  const selected = computed(() => options.value.find((o) => optionKey(o) === choice.value) ?? null);
  const partial = computed(() => selected.value?.refundKind === 'partial');

  /** The partial amount in minor units, or the reason it cannot be used (shown next to the field). */
  const amount = computed<{ minor: number | null; error: string | null }>(() => {
    if (!partial.value || !preview.value) return { minor: null, error: null };
    if (!amountText.value.trim()) return { minor: null, error: null };
    const read = parseAmount(amountText.value, currency.value);
    if (!read.ok) return { minor: null, error: read.reason };
    const left = preview.value.amounts.remainingMinor;
    if (read.minor > left) return { minor: null, error: `At most ${formatMoney(left, currency.value)} remains refundable on this payment.` };
    return { minor: read.minor, error: null };
  });

  /** Typed by the agent: Escape or a click outside asks before throwing it away. */
  const dirty = computed(() => amountText.value.trim() !== '' || note.value.trim() !== '');

  const wantedKey = computed(() =>
    selected.value ? `${paymentRef.value}|${optionKey(selected.value)}|${partial.value ? (amount.value.minor ?? '') : ''}` : null,
  );

  /** Refund and revoke ends the customer's access: its button says so in its own words and colour. */
  const destructive = computed(() => selected.value?.mode === 'refund_and_revoke');

  /**
   * The console already refunded exactly this amount of this payment: main refuses a second
   * one unless the agent asks for it, so the button says "again" and the create sends allowRepeat.
   */
  const repeat = computed(() => (summary.value && summaryKey.value === wantedKey.value ? (summary.value.repeatOf ?? null) : null));

  /** What the primary button states: "Refund $9.99", "Refund about €7.20", "Refund and end access · €8.99", "Refund $5.00 again". */
  const buttonLabel = computed(() => {
    if (phase.value === 'sending') return 'Refunding…';
    const minor = summary.value && summaryKey.value === wantedKey.value ? summary.value.amountMinor : partial.value ? amount.value.minor : (selected.value?.amountMinor ?? null);
    const money = minor == null ? null : `${selected.value?.estimate ? 'about ' : ''}${formatMoney(minor, currency.value)}`;
    const again = repeat.value ? ' again' : '';
    if (destructive.value) return money ? `Refund and end access · ${money}${again}` : 'Refund and end access';
    return money ? `Refund ${money}${again}` : 'Refund';
  });

  const canSubmit = computed(
    () =>
      phase.value === 'editing' &&
      !!selected.value?.enabled &&
      !!summary.value &&
      summaryKey.value === wantedKey.value &&
      (!partial.value || amount.value.minor != null),
  );

  /** Shows a preview main already gave (load's, or the one the dialog's Find asked for): no second call. */
  function show(p: RefundPreviewDto) {
    preview.value = p;
    paymentRef.value = p.paymentRef;
    const keep = p.options.find((o) => optionKey(o) === choice.value && o.enabled);
    const pick = keep ?? p.options.find((o) => o.enabled && o.mode === 'refund' && o.refundKind === 'full') ?? p.options.find((o) => o.enabled);
    choice.value = pick ? optionKey(pick) : null;
    phase.value = 'editing';
    failure.value = null;
    schedule(0);
  }

  async function load() {
    phase.value = 'loading';
    failure.value = null;
    try {
      let p = await refunds.preview({ purchaseId, ...(paymentRef.value ? { paymentRef: paymentRef.value } : {}) });
      if (!paymentRef.value && !p.options.some((o) => o.enabled)) {
        // The latest payment cannot be refunded (e.g. already refunded): start on the newest one that can.
        const open = [...p.payments].sort((a, b) => b.paidAt - a.paidAt).find((x) => x.ref !== p.paymentRef && x.amountMinor > x.refundedMinor);
        if (open) p = await refunds.preview({ purchaseId, paymentRef: open.ref });
      }
      show(p);
    } catch (error) {
      failure.value = errorWords(error, preview.value?.store);
      phase.value = 'error';
    }
  }

  const request = (option: RefundOptionDto) => ({
    purchaseId,
    ...(paymentRef.value ? { paymentRef: paymentRef.value } : {}),
    mode: option.mode,
    refundKind: option.refundKind,
    ...(option.refundKind === 'partial' && amount.value.minor != null ? { amountMinor: amount.value.minor } : {}),
  });

  /** Asks main for the summary of exactly the current choices; stale answers are dropped. */
  function schedule(delay = 150) {
    if (timer) clearTimeout(timer);
    summaryError.value = null;
    const key = wantedKey.value;
    const option = selected.value;
    if (!key || !option || !option.enabled || (partial.value && amount.value.minor == null)) {
      summary.value = null;
      summaryKey.value = null;
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const p = await refunds.preview(request(option));
        if (mine !== seq) return;
        summary.value = p.summary;
        summaryKey.value = key;
        const now = p.options.find((o) => optionKey(o) === optionKey(option));
        if (!p.summary) summaryError.value = (now && offWords(now)) ?? 'This option is not available now.';
      } catch (error) {
        if (mine === seq) summaryError.value = errorWords(error, preview.value?.store).message;
      }
    }, delay);
  }

  watch(wantedKey, () => schedule());
  // Another payment chosen: its preview, unless the one shown already is for it (show()).
  watch(paymentRef, (next, before) => {
    if (before && next !== before && phase.value === 'editing' && preview.value?.paymentRef !== next) void load();
  });

  const stop = refunds.onStatus((update) => {
    if (intent.value && update.id === intent.value.id && update.updatedAt >= intent.value.updatedAt) intent.value = update;
  });
  onBeforeUnmount(() => {
    stop();
    if (timer) clearTimeout(timer);
  });

  /** One create per dialog: the phase leaves 'editing' before the first await. */
  async function submit(): Promise<RefundIntentDto | null> {
    if (!canSubmit.value || !selected.value) return null;
    phase.value = 'sending';
    const option = selected.value;
    const key = wantedKey.value;
    try {
      const out = await refunds.create({
        ...request(option),
        reason: reason.value,
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
        ...(repeat.value ? { allowRepeat: true } : {}),
      });
      intent.value = intent.value && intent.value.id === out.id && intent.value.updatedAt > out.updatedAt ? intent.value : out;
      phase.value = 'done';
      return intent.value;
    } catch (error) {
      if (!repeat.value && (await repeatAfterConflict(error, option, key))) return null;
      failure.value = errorWords(error, preview.value?.store);
      phase.value = 'error';
      return null;
    }
  }

  /**
   * A conflict on create may be a repeat that the preview could not flag yet (the first
   * refund succeeded meanwhile): ask again, and if it is one, back to the form to confirm it.
   */
  async function repeatAfterConflict(error: unknown, option: RefundOptionDto, key: string | null): Promise<boolean> {
    if (asDeskError(error).code !== 'conflict') return false;
    try {
      const p = await refunds.preview(request(option));
      if (!p.summary?.repeatOf) return false;
      summary.value = p.summary;
      summaryKey.value = key;
      phase.value = 'editing';
      return true;
    } catch {
      return false;
    }
  }

  const checking = computed(() => !!intent.value && OPEN_STATUSES.has(intent.value.status));

  async function checkNow() {
    if (!intent.value) return;
    try {
      const out = await refunds.reconcile(intent.value.id);
      if (out) intent.value = out;
    } catch (error) {
      failure.value = errorWords(error, preview.value?.store);
    }
  }

  return {
    phase, preview, paymentRef, choice, amountText, reason, note, summary, summaryError, intent, failure,
    currency, options, selected, partial, amount, dirty, destructive, repeat, buttonLabel, canSubmit, checking, load, show, submit, checkNow,
  };
}
