// What a CLI command is. Add one: write cli/commands/<name>.ts exporting a Command, then list it
// in cli/commands/index.ts.
import type { ParseArgsConfig } from 'node:util';
import type { Store } from '../store';
import type { Workbench } from '../services/workbench';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface CommandContext extends CliIo {
  /** Parsed flags: the command's own plus the global ones (db, help). */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  /** The database this invocation uses (--db, FORKBENCH_DB, or the app-data default). */
  dbPath: string;
  /** Opens the database (created if missing); closed when the command returns. */
  openStore(): Store;
  /** The services over that database (same lifetime as openStore's). */
  openWorkbench(): Workbench;
  /** Every registered command (for help). */
  commands: readonly Command[];
}

export interface Command {
  name: string;
  /** One line for `forkbench help`. */
  summary: string;
  /** Full help text: usage line(s), arguments and flags. */
  usage: string;
  /** The command's own flags (--db and --help are global). */
  options?: OptionsConfig;
  /** Only reads the database: a read-only file is opened read-only instead of refused. */
  readsOnly?: boolean;
  /** How many positional arguments it takes. Default: none. */
  positionals?: { min: number; max: number };
  /** Returns the exit code (0 ok, 1 failure, 2 usage error). */
  run(ctx: CommandContext): Promise<number> | number;
}

/** Bad invocation: printed with a hint to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
