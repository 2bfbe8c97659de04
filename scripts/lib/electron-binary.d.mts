// Types for electron-binary.mjs (plain JS so `npm start` can run it before anything is built).
type Require = (id: string) => unknown;
export function electronExecutable(require?: Require): string | undefined;
export function runElectronInstaller(
  require?: NodeJS.Require,
  env?: NodeJS.ProcessEnv,
): { status: number; output: string };
export function downloadFailedMessage(output: string): string;
export function ensureElectronBinary(hooks?: {
  find?: () => string | undefined;
  install?: () => { status: number; output: string };
  log?: (line: string) => void;
  error?: (line: string) => void;
}): string | undefined;
