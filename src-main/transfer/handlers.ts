// The transfer: channels: import and export through main's own dialogs. The renderer asks main to open a dialog
// and gets back a token (import) or a base name (export): no path crosses IPC in either
// direction. The work itself is the transfer handlers' (validation, the one-transaction
// commit, progress events, the audit log), called here with the path main chose.
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ChosenFileDto, SavedFileDto } from '../ipc/channels/transfer';
import type { PrefixHandlers } from '../ipc/context';
import { DeskError } from '../ipc/define';
import { createFileTokens, type FileTokens } from './fileTokens';
import type { TransferOps } from './ops';

export interface FileDeps {
  /** Main's open dialog (src-main/shell/dialogs.ts); null when the agent cancelled. */
  chooseOpenFile(kind: 'import'): Promise<string | null>;
  /** Main's save dialog; null when the agent cancelled. */
  chooseSaveFile(kind: 'csv' | 'export', suggestedName: string): Promise<string | null>;
  transfer: TransferOps;
  workspaceName(): string;
  now?: () => number;
  tokens?: FileTokens;
}

/** The export format's extension (electron-builder.yml fileAssociations opens it with the app). */
export const EXPORT_EXTENSION = 'rdexport';

/** A file name any OS accepts: letters, digits, dot, dash, underscore. */
function safeName(text: string): string {
  return text.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'workspace';
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Messages from below may quote the path; the renderer gets the base name instead. */
function scrubbed(error: unknown, path: string): unknown {
  if (!(error instanceof DeskError)) return error;
  const name = basename(path);
  const message = error.message.split(path).join(name).split(dirname(path)).join('the chosen folder');
  return message === error.message ? error : new DeskError(error.code, message, error.retryable);
}

async function withPath<T>(path: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw scrubbed(error, path);
  }
}

export function createFileHandlers(deps: FileDeps): PrefixHandlers<'transfer'> {
  const now = deps.now ?? Date.now;
  const tokens = deps.tokens ?? createFileTokens({ now });

  const stamp = (path: string) => {
    try {
      const s = statSync(path);
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new DeskError('not_found', `${basename(path)} is no longer where it was chosen. Choose it again.`);
      throw new DeskError('invalid_input', `${basename(path)} could not be read (${code ?? 'unknown error'}).`);
    }
  };

  async function save(suggested: string, write: (path: string) => Promise<{ lines: number }> | { lines: number }): Promise<{ saved: SavedFileDto | null }> {
    const path = await deps.chooseSaveFile('export', suggested);
    if (!path) return { saved: null };
    const { lines } = await withPath(path, () => write(path));
    return { saved: { name: basename(path), lines } };
  }

  return {
    'transfer:chooseImportFile': async () => {
      const path = await deps.chooseOpenFile('import');
      if (!path) return { file: null };
      if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new DeskError('invalid_input', `${basename(path)} is not a file. Choose a history file.`);
      const { size } = stamp(path);
      const file: ChosenFileDto = { token: tokens.issue('import', path), name: basename(path), bytes: size };
      return { file };
    },
    'transfer:importValidate': async ({ token }, ctx) => {
      const entry = tokens.resolve('import', token);
      return withPath(entry.path, async () => {
        const before = stamp(entry.path);
        const report = await deps.transfer.validateImport(entry.path, ctx);
        entry.checked = before;
        return report;
      });
    },
    'transfer:importCommit': async ({ token }, ctx) => {
      const entry = tokens.resolve('import', token);
      // The agent decides on a report; the commit must import the file that report was about.
      if (!entry.checked) throw new DeskError('conflict', 'Check the file before importing it.');
      return withPath(entry.path, async () => {
        const current = stamp(entry.path);
        if (current.size !== entry.checked!.size || current.mtimeMs !== entry.checked!.mtimeMs) {
          entry.checked = null;
          throw new DeskError('conflict', `${basename(entry.path)} changed after it was checked. Check it again before importing.`);
        }
        const report = await deps.transfer.commitImport(entry.path, ctx);
        tokens.forget(token);
        return report;
      });
    },
    'transfer:importDiscard': ({ token }) => ({ discarded: tokens.forget(token) }),
    'transfer:exportWorkspace': (_req, ctx) =>
      save(`${safeName(deps.workspaceName())}-${day(now())}.${EXPORT_EXTENSION}`, (path) =>
        deps.transfer.exportWorkspace(path, ctx),
      ),
    'transfer:exportCustomer': ({ customerId }, ctx) =>
      save(`customer-${customerId}-${day(now())}.${EXPORT_EXTENSION}`, (path) =>
        deps.transfer.exportCustomer(customerId, path, ctx),
      ),
  };
}
