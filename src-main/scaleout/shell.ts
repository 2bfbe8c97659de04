// Quoting for the generated shell scripts and Hydra override values. Pure string functions.
import type { EngineSetting } from './mapping';

/** One shell word, single-quoted unless it is plainly safe. */
export function shQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A Hydra override value: lists as ["a","b"], null, true/false, numbers, quoted strings. */
export function hydraValue(value: EngineSetting['value']): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(',')}]`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  // Hydra's grammar needs quotes around strings with characters outside a plain identifier/path.
  return /^[\w./-]+$/.test(value) && !/^(null|true|false|\d.*)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

export function hydraOverride(s: EngineSetting): string {
  return `${s.key}=${hydraValue(s.value)}`;
}

/** A banner that stops a launcher whose run has refused settings, unless the user accepts them. */
export function refusalGuard(lines: string[]): string {
  if (lines.length === 0) return '';
  const echo = lines.map((l) => `  echo ${shQuote(`  - ${l}`)} >&2`).join('\n');
  return `if [ "\${FORKBENCH_ACCEPT_REFUSED:-0}" != "1" ]; then
  echo "REFUSED: this run has settings the engine cannot express:" >&2
${echo}
  echo "Set FORKBENCH_ACCEPT_REFUSED=1 to launch it without them anyway." >&2
  exit 3
fi
`;
}
