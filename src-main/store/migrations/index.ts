// Numbered migrations, oldest first. Add a file NNN_name.ts and append it here; never edit a
// shipped one.
import { migration001 } from './001_init';
import { migration002 } from './002_analysis_results';
import { migration003 } from './003_rollout_alternatives';
import { migration004 } from './004_analysis_job_states';
import { migration005 } from './005_never_reuse_ids';
import { migration006 } from './006_store_identity_and_owners';
import { migration007 } from './007_scaleout';
import { migration008 } from './008_llm_models';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
];

/** The schema version this code writes (PRAGMA user_version). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
