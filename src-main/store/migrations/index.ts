// Numbered migrations, oldest first. Add a file NNN_name.ts and append it here; never edit a
// shipped one.
import { migration001 } from './001_init';
import { migration002 } from './002_analysis_results';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

/** The schema version this code writes (PRAGMA user_version). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
