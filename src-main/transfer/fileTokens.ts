// Files the agent chose in main's own dialogs, known to the renderer only by an opaque
// token. The renderer is sandboxed and must never name a path to read or write: a token
// stands for one path, for one kind of use, for a limited time, and nothing else.
import { randomBytes } from 'node:crypto';
import { DeskError } from '../ipc/define';

/** What a dialog chose the file for; a token works only for its own kind. */
export type FileKind = 'import' | 'export';

export interface FileEntry {
  kind: FileKind;
  path: string;
  issuedAt: number;
  /** Size and mtime when the file was validated: a commit must import what was checked. */
  checked: { size: number; mtimeMs: number } | null;
}

export interface FileTokens {
  issue(kind: FileKind, path: string): string;
  /** The entry for a token of this kind; invalid_input for an unknown, expired or other-kind token. */
  resolve(kind: FileKind, token: string): FileEntry;
  forget(token: string): boolean;
  readonly size: number;
}

/** An hour is ample between picking a file and importing it; a stale token is refused. */
const TTL_MS = 60 * 60 * 1000;
/** Tokens are few (one per dialog); the oldest go first so the map cannot grow without bound. */
const MAX_TOKENS = 32;

export function createFileTokens(options: { now?: () => number; ttlMs?: number } = {}): FileTokens {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? TTL_MS;
  const entries = new Map<string, FileEntry>();

  const unknown = () => new DeskError('invalid_input', 'That file is no longer known to Refund Desk. Choose it again.');

  return {
    issue(kind, path) {
      // 32 random bytes: a token cannot be guessed, and base64url fits the channel's schema.
      const token = randomBytes(32).toString('base64url');
      entries.set(token, { kind, path, issuedAt: now(), checked: null });
      while (entries.size > MAX_TOKENS) entries.delete(entries.keys().next().value!);
      return token;
    },
    resolve(kind, token) {
      const entry = entries.get(token);
      if (!entry) throw unknown();
      if (now() - entry.issuedAt > ttl) {
        entries.delete(token);
        throw unknown();
      }
      // A token is bound to the dialog that minted it: it cannot be replayed for another use.
      if (entry.kind !== kind) throw new DeskError('invalid_input', 'That file was chosen for something else. Choose it again.');
      return entry;
    },
    forget(token) {
      return entries.delete(token);
    },
    get size() {
      return entries.size;
    },
  };
}
