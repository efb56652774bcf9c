// The settings table: small key/value preferences of a workspace (never secrets).
import type { Db } from './connection';
import { stmt } from './statements';

export function getSetting(db: Db, key: string): string | null {
  return (stmt(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function putSetting(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
