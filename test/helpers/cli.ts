// Runs the forkbench command in-process (cli/main) and collects what it printed, a line at a time.
import { main } from '../../src-main/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `forkbench ...args` with exactly `env` as its environment; each printed line ends in '\n'. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += `${t}\n`),
    stderr: (t) => (stderr += `${t}\n`),
    env,
  });
  return { code, stdout, stderr };
}
