import type { Db } from '../connection';

/** Progress of a long migration step (rows done of total), for the UI to show. */
export type MigrationProgress = (p: { migration: string; done: number; total: number }) => void;

export interface Migration {
  /** Equals the user_version the database has once this migration ran. */
  version: number;
  name: string;
  up(db: Db, onProgress?: MigrationProgress): void;
}
