import type { Db } from '../connection';

export interface Migration {
  /** Equals the user_version the database has once this migration ran. */
  version: number;
  name: string;
  up(db: Db): void;
}
