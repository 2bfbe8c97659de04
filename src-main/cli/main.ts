// The `forkbench` command line: global flags, then one of the registered commands.
import { accessSync, constants, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WorkbenchError } from '../contract/result';
import { resolveDbPath } from '../paths';
import type { Store } from '../store';
import { openStore } from '../store';
import type { Workbench } from '../services/workbench';
import { createWorkbench } from '../services/workbench';
import { FORKBENCH_VERSION } from '../services';
import { commands, findCommand } from './commands/index';
import { terminalSafe } from './format';
import { commandHelp, overview } from './help-text';
import type { CliIo, Command, OptionsConfig } from './types';
import { UsageError } from './types';

const GLOBAL_OPTIONS: OptionsConfig = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function parse(command: Command, args: string[]) {
  try {
    return parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const e = err as Error & { code?: string };
    // "--steps -5": parseArgs takes -5 for a flag; say how to pass a negative value.
    const ambiguous = /^Option '(--[\w-]+)'.* argument is ambiguous/.exec(e.message);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && ambiguous) {
      const flag = ambiguous[1] as string;
      const at = args.indexOf(flag);
      const value = at >= 0 ? args[at + 1] : undefined;
      throw new UsageError(
        `${flag} ${value ?? ''}: a value starting with '-' must be attached: ${flag}=${value ?? '-N'}`,
      );
    }
    throw new UsageError(e.message.split('\n').join(' '));
  }
}

/** A database file that exists but cannot be written (permissions, immutable, read-only FS). */
function readOnlyFile(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

function checkPositionals(command: Command, positionals: string[]): void {
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min)
    throw new UsageError(`${command.name} needs ${min} argument${min === 1 ? '' : 's'}`);
  if (positionals.length > max)
    throw new UsageError(`unexpected argument '${positionals[max]}' for ${command.name}`);
}

/** Index of the command name: the first argument that is neither a flag nor --db's value. */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--db') i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

/** Runs one invocation; returns the exit code. Never throws. Every line printed is terminal-safe. */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = {
    ...rawIo,
    stdout: (text) => rawIo.stdout(terminalSafe(text)),
    stderr: (text) => rawIo.stderr(terminalSafe(text)),
  };
  const first = commandIndex(argv);
  const name = first >= 0 ? argv[first] : undefined;
  if (name === undefined) {
    if (argv.includes('--version') || argv.includes('-v')) {
      io.stdout(FORKBENCH_VERSION);
      return 0;
    }
    const wantsHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
    (wantsHelp ? io.stdout : io.stderr)(overview(commands));
    return wantsHelp ? 0 : 2;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr(
      `forkbench: unknown command '${name}' (commands: ${commands.map((c) => c.name).join(', ')})\n` +
        "Run 'forkbench help' for usage.",
    );
    return 2;
  }
  const rest = [...argv.slice(0, first), ...argv.slice(first + 1)];
  let store: Store | undefined;
  let workbench: Workbench | undefined;
  try {
    const { values, positionals } = parse(command, rest);
    if (values.help === true) {
      io.stdout(commandHelp(command));
      return 0;
    }
    checkPositionals(command, positionals);
    if (values.db === '') throw new UsageError('--db needs a file path (it was empty)');
    const dbPath = resolveDbPath(values.db as string | undefined, io.env);
    const readonly = command.readsOnly === true && readOnlyFile(dbPath);
    const open = (): Store => (store ??= openStore(dbPath, readonly ? { readonly } : {}));
    return await command.run({
      ...io,
      values,
      positionals,
      dbPath,
      openStore: open,
      // Job launchers see the CLI's environment (PATH decides whether ray/accelerate exist).
      openWorkbench: () =>
        (workbench ??= createWorkbench(open(), 'ipc', {}, {}, undefined, { env: io.env })),
      commands,
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(
        `forkbench ${command.name}: ${err.message}\nRun 'forkbench ${command.name} --help' for usage.`,
      );
      return 2;
    }
    if (err instanceof WorkbenchError) {
      io.stderr(`forkbench ${command.name}: ${err.message}`);
      return 1;
    }
    const detail = io.env.FORKBENCH_DEBUG ? (err as Error).stack : (err as Error).message;
    io.stderr(`forkbench ${command.name}: ${detail ?? String(err)}`);
    return 1;
  } finally {
    store?.close();
  }
}

const isEntry =
  process.argv[1] !== undefined && /forkbench(\.mjs)?$|cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) {
  const exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
  });
  process.exitCode = exitCode;
}
