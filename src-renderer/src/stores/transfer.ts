// History import and exports. The file is chosen in MAIN's dialog: this store holds a
// token and the file's base name, never a path. Import is validate → the agent decides
// (import the valid lines, or cancel) → commit, with main's progress events throughout.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ChosenFileDto, ImportProgressDto, ImportResultDto, ImportValidationDto, SavedFileDto } from '../../../src-main/ipc/contract';
import { desk, unwrap } from '../ipc/client';
import { errorWords, type ErrorWords } from '../components/refund/words';

export type ImportPhase = 'idle' | 'choosing' | 'validating' | 'report' | 'importing' | 'done' | 'failed';

export const useTransferStore = defineStore('transfer', () => {
  const phase = ref<ImportPhase>('idle');
  const file = ref<ChosenFileDto | null>(null);
  const progress = ref<ImportProgressDto | null>(null);
  const report = ref<ImportValidationDto | null>(null);
  const result = ref<ImportResultDto | null>(null);
  const error = ref<ErrorWords | null>(null);
  /** Which step failed, so "Try again" repeats that step. */
  const failedStep = ref<'choose' | 'validate' | 'commit' | null>(null);

  const busy = computed(() => phase.value === 'choosing' || phase.value === 'validating' || phase.value === 'importing');
  const fraction = computed(() => {
    const p = progress.value;
    return p && p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  });

  /** Progress events are only listened to while main is reading the file. */
  async function withProgress<T>(run: () => Promise<T>): Promise<T> {
    progress.value = null;
    const stop = desk().on.onImportProgress((p) => {
      progress.value = p;
    });
    try {
      return await run();
    } finally {
      stop();
    }
  }

  function fail(step: 'choose' | 'validate' | 'commit', e: unknown) {
    error.value = errorWords(e);
    failedStep.value = step;
    phase.value = 'failed';
  }

  async function choose() {
    if (busy.value) return;
    const previous = file.value;
    phase.value = 'choosing';
    error.value = null;
    try {
      const chosen = (await unwrap(desk().transfer.chooseImportFile({}))).file;
      if (!chosen) {
        // The agent closed the dialog: stay where we were.
        phase.value = previous && report.value ? 'report' : 'idle';
        return;
      }
      if (previous) void desk().transfer.importDiscard({ token: previous.token });
      file.value = chosen;
      report.value = null;
      result.value = null;
      await validate();
    } catch (e) {
      fail('choose', e);
    }
  }

  async function validate() {
    if (!file.value) return;
    phase.value = 'validating';
    error.value = null;
    const token = file.value.token;
    try {
      report.value = await withProgress(() => unwrap(desk().transfer.importValidate({ token })));
      phase.value = 'report';
    } catch (e) {
      fail('validate', e);
    }
  }

  async function commit() {
    if (!file.value || phase.value !== 'report' || !report.value?.valid) return;
    phase.value = 'importing';
    error.value = null;
    const token = file.value.token;
    try {
      result.value = await withProgress(() => unwrap(desk().transfer.importCommit({ token })));
      phase.value = 'done';
    } catch (e) {
      // A file that changed since it was checked must be checked again before anything is imported.
      if (errorWords(e).code === 'conflict') report.value = null;
      fail('commit', e);
    }
  }

  async function retry() {
    if (failedStep.value === 'choose' || !file.value) return choose();
    if (failedStep.value === 'commit' && report.value) {
      phase.value = 'report';
      return commit();
    }
    return validate();
  }

  /** Cancel: nothing was written; main forgets the file. */
  function cancel() {
    if (phase.value === 'importing') return;
    if (file.value && phase.value !== 'done') void desk().transfer.importDiscard({ token: file.value.token });
    reset();
  }

  function reset() {
    phase.value = 'idle';
    file.value = null;
    progress.value = null;
    report.value = null;
    result.value = null;
    error.value = null;
    failedStep.value = null;
  }

  // Exports: one at a time; the answer names the saved file by its base name.
  const exporting = ref<'workspace' | number | null>(null);
  const saved = ref<(SavedFileDto & { what: 'workspace' | number }) | null>(null);
  const exportError = ref<(ErrorWords & { what: 'workspace' | number }) | null>(null);

  async function exportData(what: 'workspace' | number) {
    if (exporting.value !== null) return;
    exporting.value = what;
    saved.value = null;
    exportError.value = null;
    try {
      const out = what === 'workspace' ? await unwrap(desk().transfer.exportWorkspace({})) : await unwrap(desk().transfer.exportCustomer({ customerId: what }));
      if (out.saved) saved.value = { ...out.saved, what };
    } catch (e) {
      exportError.value = { ...errorWords(e), what };
    } finally {
      exporting.value = null;
    }
  }

  return {
    phase, file, progress, report, result, error, failedStep, busy, fraction,
    choose, validate, commit, retry, cancel, reset,
    exporting, saved, exportError, exportData,
  };
});
