// JSON as Python's json.dumps writes it: bare NaN, Infinity and -Infinity are allowed (they are
// not JSON). The tokens are swapped for sentinels outside strings, then revived as numbers.
// Written into the JSON text as an escaped NUL, which no real value starts with.
const MARK = '\\u0000fb:';
const BY_VALUE = new Map<string, number>([
  ['\u0000fb:NaN', NaN],
  ['\u0000fb:Infinity', Infinity],
  ['\u0000fb:-Infinity', -Infinity],
]);

function protect(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const rest = text.slice(i, i + 9);
    if (rest.startsWith('NaN')) {
      out += `"${MARK}NaN"`;
      i += 2;
    } else if (rest.startsWith('-Infinity')) {
      out += `"${MARK}-Infinity"`;
      i += 8;
    } else if (rest.startsWith('Infinity')) {
      out += `"${MARK}Infinity"`;
      i += 7;
    } else out += c;
  }
  return out;
}

/** Parses JSON that may hold NaN / Infinity / -Infinity; throws SyntaxError like JSON.parse. */
export function parseJsonish(text: string): unknown {
  const safe = /NaN|Infinity/.test(text) ? protect(text) : text;
  return JSON.parse(safe, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith('\u0000fb:') ? (BY_VALUE.get(v) ?? v) : v,
  );
}

/** A number from a parsed value: numbers, the strings "NaN"/"Infinity" (trackio, our JSONL), null → NaN. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return NaN;
  if (typeof v === 'string') {
    if (v === 'NaN' || v === 'nan') return NaN;
    if (v === 'Infinity' || v === 'inf') return Infinity;
    if (v === '-Infinity' || v === '-inf') return -Infinity;
  }
  return undefined;
}
