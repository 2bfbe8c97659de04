// Help texts built from the command registry.
import type { Command } from './types';

export const GLOBAL_HELP = `Global flags:
  --db PATH    database file (default: FORKBENCH_DB, else the app-data folder)
  -h, --help   help for a command`;

export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'forkbench: RLVR experiments with token entropy',
    '',
    'Usage: forkbench <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    GLOBAL_HELP,
    '',
    "Run 'forkbench <command> --help' for a command's flags.",
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return `${command.summary}\n\n${command.usage}\n\n${GLOBAL_HELP}`;
}
