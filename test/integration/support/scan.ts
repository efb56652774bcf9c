// Looks for needles in raw bytes: files (SQLite and its -wal/-shm, logs, exports) and the
// JSON of every IPC response and event. A finding says where, at which byte, and shows
// the text around it, so a failure points at the leak without a debugger.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Needle } from './needles';

export interface Finding {
  needle: string;
  where: string;
  offset: number;
  context: string;
}

export interface Haystack {
  where: string;
  bytes: Buffer;
}

const printable = (b: Buffer): string => b.toString('latin1').replace(/[^\x20-\x7e]/g, '.');

export function scan(haystacks: Haystack[], needles: Needle[]): Finding[] {
  const found: Finding[] = [];
  for (const { where, bytes } of haystacks) {
    for (const needle of needles) {
      for (let at = bytes.indexOf(needle.bytes); at !== -1; at = bytes.indexOf(needle.bytes, at + 1)) {
        const before = printable(bytes.subarray(Math.max(0, at - 80), at));
        const after = printable(bytes.subarray(at + needle.bytes.length, at + needle.bytes.length + 80));
        found.push({ needle: needle.label, where, offset: at, context: `${before}«${needle.label}»${after}` });
        if (found.length > 200) return found;
      }
    }
  }
  return found;
}

/** Every regular file under `root`, read as raw bytes. */
export function fileHaystacks(root: string): Haystack[] {
  const out: Haystack[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out.push({ where: `file ${relative(root, path)}`, bytes: readFileSync(path) });
    }
  };
  walk(root);
  return out;
}

/**
 * Files anyone wrote in the system temp folder since `sinceMs` (a stray temp export or
 * crash dump of the app would land there), except `skip` (this test's own folder, already
 * scanned, and the keyring folder, whose job is to hold the secrets). Unreadable entries
 * (other users', sockets) are passed over; at most `maxBytes` are read.
 */
export function recentTempHaystacks(tmp: string, sinceMs: number, skip: (name: string) => boolean, maxBytes = 64 * 1024 * 1024): Haystack[] {
  const out: Haystack[] = [];
  let budget = maxBytes;
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (depth === 0 && skip(name)) continue;
      try {
        const st = statSync(path);
        if (st.isDirectory() && depth < 6) walk(path, depth + 1);
        else if (st.isFile() && st.mtimeMs >= sinceMs && st.size <= budget) {
          budget -= st.size;
          out.push({ where: `temp file ${relative(tmp, path)}`, bytes: readFileSync(path) });
        }
      } catch {
        // gone or unreadable: not ours
      }
    }
  };
  walk(tmp, 0);
  return out;
}

export function textHaystack(where: string, value: unknown): Haystack {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return { where, bytes: Buffer.from(text, 'utf8') };
}

export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `- ${f.needle} in ${f.where} at byte ${f.offset}:\n    ${f.context}`).join('\n');
}
