// Main's native dialogs. File dialogs: the only place a path is chosen. The renderer never names
// one; it asks main to open a dialog (src-main/app/files.ts) and gets a token or a base
// name back. Electron's dialog is passed in, so this file type-checks and runs in tests
// without Electron.
import type { BrowserWindow, Dialog, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { extname, join } from 'node:path';
import type { RefundConfirmation } from '../refunds/confirm';

export type OpenKind = 'import';
export type SaveKind = 'csv' | 'export';

export interface FileDialogs {
  chooseOpenFile(kind: OpenKind): Promise<string | null>;
  chooseSaveFile(kind: SaveKind, suggestedName: string): Promise<string | null>;
}

const SAVE_FILTERS: Record<SaveKind, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  // electron-builder.yml's fileAssociations open .rdexport files with the app.
  export: { name: 'Refund Desk export', extensions: ['rdexport'] },
};

const OPEN_FILTERS: Record<OpenKind, { name: string; extensions: string[] }[]> = {
  // Webhook bodies (a JSON array or one per line) and the console's own export.
  import: [
    { name: 'History files', extensions: ['json', 'jsonl', 'ndjson', 'rdexport'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

export function createFileDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  window: () => BrowserWindow | null,
  documentsDir: string,
): FileDialogs {
  return {
    async chooseOpenFile(kind) {
      const options: OpenDialogOptions = { defaultPath: documentsDir, properties: ['openFile'], filters: OPEN_FILTERS[kind] };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSaveFile(kind, suggestedName) {
      const filter = SAVE_FILTERS[kind];
      const options: SaveDialogOptions = { defaultPath: join(documentsDir, suggestedName), filters: [filter] };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      // GTK's dialog does not add the filter's extension to a typed name; the file
      // association needs it.
      const ext = `.${filter.extensions[0]}`;
      return extname(result.filePath).toLowerCase() === ext ? result.filePath : result.filePath + ext;
    },
  };
}

/**
 * Main's confirmation of a refund (refunds/confirm.ts): a native message box owned by
 * main, so a subverted page can neither draw nor answer it. Cancel is the default and the
 * Escape answer: Enter alone never moves money.
 */
export function createConfirmDialog(
  dialog: Pick<Dialog, 'showMessageBox'>,
  window: () => BrowserWindow | null,
): (confirmation: RefundConfirmation) => Promise<boolean> {
  return async ({ title, message, detail, confirmLabel }) => {
    const options: MessageBoxOptions = { type: 'warning', title, message, detail, buttons: ['Cancel', confirmLabel], defaultId: 0, cancelId: 0, noLink: true };
    const parent = window();
    const result = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return result.response === 1;
  };
}
