import { commandHelp, overview } from '../help-text';
import type { Command } from '../types';
import { UsageError } from '../types';

export const helpCommand: Command = {
  name: 'help',
  summary: 'Show the commands, or one command’s help',
  usage: 'Usage: forkbench help [command]',
  positionals: { min: 0, max: 1 },
  run({ positionals, commands, stdout }) {
    const name = positionals[0];
    if (name === undefined) {
      stdout(overview(commands));
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command '${name}'`);
    stdout(commandHelp(command));
    return 0;
  },
};
