// The command registry: `forkbench <name>` runs the command of that name.
import type { Command } from '../types';
import { analyzeCommand } from './analyze';
import { exportCommand } from './export';
import { exportJobCommand } from './export-job';
import { exportTensorboardCommand } from './export-tensorboard';
import { importCommand } from './import';
import { jobCommand } from './job';
import { helpCommand } from './help';
import { listCommand } from './list';
import { logsCommand } from './logs';
import { makeBaseCommand } from './make-base';
import { runCommand } from './run';
import { serveCommand } from './serve';
import { showCommand } from './show';
import { sweepCommand } from './sweep';

export const commands: Command[] = [
  runCommand,
  sweepCommand,
  logsCommand,
  listCommand,
  showCommand,
  exportCommand,
  exportJobCommand,
  exportTensorboardCommand,
  importCommand,
  jobCommand,
  analyzeCommand,
  serveCommand,
  makeBaseCommand,
  helpCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
