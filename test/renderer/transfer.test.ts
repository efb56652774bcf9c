import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportValidationDto } from '../../src-main/ipc/contract';
import { DeskError } from '../../src-main/ipc/contract';
import ExportCard from '../../src-renderer/src/components/transfer/ExportCard.vue';
import ImportCard from '../../src-renderer/src/components/transfer/ImportCard.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const TOKEN = 'T'.repeat(43);
let fake: FakeDesk;
let chosen: { token: string; name: string; bytes: number } | null;
let report: ImportValidationDto;
let releaseValidate: (() => void) | null;
let commitError: DeskError | null;

function badLines(n: number) {
  return Array.from({ length: n }, (_, i) => ({ line: 3 + i * 2, reason: i === 0 ? 'invalid or truncated JSON: Unexpected end of JSON input' : `unknown event type "TYPE_${i}"` }));
}

beforeEach(() => {
  setActivePinia(createPinia());
  chosen = { token: TOKEN, name: 'history.jsonl', bytes: 52_428_800 };
  report = { format: 'revenuecat', records: 123, valid: 3, errorCount: 120, errors: badLines(120) };
  releaseValidate = null;
  commitError = null;
  fake = createFakeDesk({
    'transfer:chooseImportFile': () => ({ file: chosen }),
    'transfer:importValidate': async (_req, ctx) => {
      ctx.emit('onImportProgress', { phase: 'validating', bytesRead: 13_107_200, totalBytes: 52_428_800, records: 40_000 });
      await new Promise<void>((resolve) => (releaseValidate = resolve));
      return report;
    },
    'transfer:importCommit': () => {
      if (commitError) throw commitError;
      return { ...report, inserted: 3, skipped: 0 };
    },
    'transfer:importDiscard': () => ({ discarded: true }),
    'transfer:exportWorkspace': () => ({ saved: { name: 'Acme-2027-03-02.rdexport', lines: 1234 } }),
  });
  window.desk = fake.desk;
});

const mountCard = () => mount(ImportCard, { global: { plugins: [createAppRouter()] } });

async function chooseAndValidate(w: ReturnType<typeof mountCard>) {
  await w.get('[data-testid="import-choose"]').trigger('click');
  await flushPromises();
  // main is still reading: its progress is on screen
  const bar = w.get('[role="progressbar"]');
  expect(bar.attributes('aria-valuenow')).toBe('25');
  expect(w.get('[data-testid="transfer-progress"]').text()).toContain('40,000 records read');
  expect(w.get('[data-testid="import-file"]').text()).toContain('history.jsonl');
  expect(w.get('[data-testid="import-file"]').text()).toContain('50.0 MB');
  releaseValidate!();
  await flushPromises();
}

describe('history import', () => {
  it('checks the file with progress, lists every bad line by number page by page, imports the valid lines', async () => {
    const w = mountCard();
    await chooseAndValidate(w);
    expect(w.find('[role="progressbar"]').exists()).toBe(false);
    expect(w.get('[data-testid="import-counts"]').text()).toMatch(/Records\s*123.*Valid\s*3.*Bad lines\s*120/);
    const rows = () => w.findAll('[data-testid="import-error"]').map((r) => r.text());
    expect(rows()).toHaveLength(50);
    expect(rows()[0]).toBe('3invalid or truncated JSON: Unexpected end of JSON input');
    expect(w.get('[data-testid="import-errors-range"]').text()).toBe('1–50 of 120');
    await w.get('[data-testid="import-errors-next"]').trigger('click');
    await w.get('[data-testid="import-errors-next"]').trigger('click');
    expect(rows()).toHaveLength(20);
    expect(rows().at(-1)).toBe(`${3 + 119 * 2}unknown event type "TYPE_119"`);
    expect(w.get('[data-testid="import-errors-next"]').attributes('disabled')).toBeDefined();

    const commit = w.get('[data-testid="import-commit"]');
    expect(commit.text()).toBe('Import 3 valid lines');
    await commit.trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="import-result"]').text()).toContain('Imported 3 new events.');
    expect(w.get('[data-testid="import-result"]').text()).toContain('120 bad lines left out.');
    // Only tokens went to main: the renderer never names a path.
    expect(fake.calls.map((c) => c.channel)).toEqual(['transfer:chooseImportFile', 'transfer:importValidate', 'transfer:importCommit']);
    expect(fake.calls.slice(1).map((c) => c.request)).toEqual([{ token: TOKEN }, { token: TOKEN }]);
  });

  it('cancel after the report: nothing is imported and main forgets the file', async () => {
    const w = mountCard();
    await chooseAndValidate(w);
    await w.get('[data-testid="import-cancel"]').trigger('click');
    await flushPromises();
    expect(fake.calls.map((c) => c.channel)).toEqual(['transfer:chooseImportFile', 'transfer:importValidate', 'transfer:importDiscard']);
    expect(w.find('[data-testid="import-counts"]').exists()).toBe(false);
    expect(w.get('[data-testid="import-choose"]').text()).toBe('Choose file…');
  });

  it('a closed dialog changes nothing', async () => {
    chosen = null;
    const w = mountCard();
    await w.get('[data-testid="import-choose"]').trigger('click');
    await flushPromises();
    expect(fake.calls.map((c) => c.channel)).toEqual(['transfer:chooseImportFile']);
    expect(w.find('[data-testid="import-choose"]').exists()).toBe(true);
  });

  it('a file with nothing valid cannot be imported, and says what to do', async () => {
    report = { format: 'unknown', records: 2, valid: 0, errorCount: 2, errors: badLines(2) };
    const w = mountCard();
    await chooseAndValidate(w);
    expect(w.get('[data-testid="import-commit"]').attributes('disabled')).toBeDefined();
    expect(w.text()).toContain('Nothing in this file can be imported. Fix the lines above, then choose the file again.');
  });

  it('a file that changed after the check: main\'s words, and "Check it again" checks before anything is imported', async () => {
    commitError = new DeskError('conflict', 'history.jsonl changed after it was checked. Check it again before importing.');
    const w = mountCard();
    await chooseAndValidate(w);
    await w.get('[data-testid="import-commit"]').trigger('click');
    await flushPromises();
    const alert = w.get('[data-testid="import-error-message"]');
    expect(alert.text()).toContain('Nothing was imported.');
    expect(alert.text()).toContain('history.jsonl changed after it was checked.');
    expect(w.get('[data-testid="import-retry"]').text()).toBe('Check it again');
    await w.get('[data-testid="import-retry"]').trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)!.channel).toBe('transfer:importValidate');
    releaseValidate!();
    await flushPromises();
    expect(w.find('[data-testid="import-counts"]').exists()).toBe(true);
  });

  it('an unreadable file is reported in main\'s words', async () => {
    fake = createFakeDesk({
      'transfer:chooseImportFile': () => {
        throw new DeskError('invalid_input', 'notes is not a file. Choose a history file.');
      },
    });
    window.desk = fake.desk;
    const w = mountCard();
    await w.get('[data-testid="import-choose"]').trigger('click');
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toContain('No file was opened. notes is not a file. Choose a history file.');
  });
});

describe('export', () => {
  it('exports the workspace through main\'s save dialog and names the file main wrote', async () => {
    const w = mount(ExportCard);
    await w.get('[data-testid="export-workspace"]').trigger('click');
    await flushPromises();
    expect(fake.calls).toEqual([{ channel: 'transfer:exportWorkspace', request: {} }]);
    expect(w.get('[data-testid="export-saved"]').text()).toBe('Saved Acme-2027-03-02.rdexport (1,234 lines).');
  });

  it('says nothing when the agent cancels, and quotes main when the export fails', async () => {
    let answer: () => { saved: null } = () => ({ saved: null });
    fake = createFakeDesk({ 'transfer:exportWorkspace': () => answer() });
    window.desk = fake.desk;
    const w = mount(ExportCard);
    await w.get('[data-testid="export-workspace"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="export-saved"]').exists()).toBe(false);
    answer = () => {
      throw new DeskError('invalid_input', 'That is the workspace database itself; choose another file.');
    };
    await w.get('[data-testid="export-workspace"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="export-error"]').text()).toContain('Not exported: That is the workspace database itself; choose another file.');
  });
});
