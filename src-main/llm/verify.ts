// Boxed-answer verifier for math prompts: the last \boxed{...} of a response (braces balanced)
// against the reference, compared as numbers when both parse as numbers (1/2 = 0.5, "1,000" =
// 1000), otherwise as normalised text. Never throws: a response without a box is wrong.

export interface BoxedVerdict {
  correct: boolean;
  /** The boxed text found, or null. */
  extracted: string | null;
  reason: string;
}

/** The content of the last \boxed{...} (or \fbox{...}) in `text`, or null. */
export function lastBoxed(text: string): string | null {
  const re = /\\(?:boxed|fbox)\s*\{/g;
  let found: string | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    if (depth === 0) found = text.slice(start, i - 1);
  }
  return found;
}

export function normalizeAnswer(s: string): string {
  return s
    .replace(/\\text\s*\{([^}]*)\}/g, '$1')
    .replace(/\\[,;!]|\\quad|\$|\\left|\\right/g, '')
    .replace(/\\d?frac\s*\{([^}]*)\}\s*\{([^}]*)\}/g, '($1)/($2)')
    .replace(/\s+/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

function asNumber(s: string): number | null {
  const t = s.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/[()]/g, '');
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  const frac = /^([-+]?\d+(?:\.\d+)?)\/([-+]?\d+(?:\.\d+)?)$/.exec(t);
  if (frac && Number(frac[2]) !== 0) return Number(frac[1]) / Number(frac[2]);
  const pct = /^([-+]?\d+(?:\.\d+)?)(?:\\?%)$/.exec(t);
  if (pct) return Number(pct[1]);
  return null;
}

export function verifyBoxed(response: string, reference: string): BoxedVerdict {
  const boxed = lastBoxed(response);
  if (boxed === null) return { correct: false, extracted: null, reason: 'no \\boxed{} answer' };
  const a = normalizeAnswer(boxed);
  const b = normalizeAnswer(reference);
  const na = asNumber(a);
  const nb = asNumber(b);
  const correct =
    na !== null && nb !== null ? Math.abs(na - nb) <= 1e-9 * Math.max(1, Math.abs(nb)) : a === b;
  return {
    correct,
    extracted: boxed,
    reason: correct ? 'matches' : `boxed ${boxed} ≠ ${reference}`,
  };
}
