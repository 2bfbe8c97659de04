// The project's own tiny vocabulary (< 128 tokens). Task words are whole tokens, with and without
// a leading space, so a forking token in the UI reads as "try" or " no", not as letters.
// Digits are single characters (also in a leading-space form), so numbers stay compositional.
// Encoding is greedy longest match; single letters are the fallback, so any text over
// [a-z 0-9 + - * / ( ) = space newline] round-trips exactly. Anything else maps to <unk>.

export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;

const SPECIALS = ['<pad>', '<bos>', '<eos>', '<unk>'] as const;

/** Whole-word tokens used by the task prompts and demonstrations. */
export const TASK_WORDS = [
  'nums',
  'to',
  'calc',
  'try',
  'no',
  'yes',
  'so',
  'answer',
  'boxed',
  'then',
] as const;

const DIGITS = '0123456789'.split('');
const SYMBOLS = ['+', '-', '*', '/', '(', ')', '='];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

const PIECES: string[] = [
  '\n',
  ' ',
  ...DIGITS,
  ...DIGITS.map((d) => ' ' + d),
  ...SYMBOLS,
  ...TASK_WORDS,
  ...TASK_WORDS.map((w) => ' ' + w),
  ...LETTERS,
];

export const VOCAB: readonly string[] = [...SPECIALS, ...PIECES];
export const VOCAB_SIZE = VOCAB.length;

const PIECE_TO_ID = new Map<string, number>(PIECES.map((p, i) => [p, i + SPECIALS.length]));
const MAX_PIECE_LEN = Math.max(...PIECES.map((p) => p.length));

/** Text → token ids (no BOS/EOS added). */
export function encode(text: string): number[] {
  const ids: number[] = [];
  let i = 0;
  while (i < text.length) {
    let matched = 0;
    for (let len = Math.min(MAX_PIECE_LEN, text.length - i); len > 0; len--) {
      const id = PIECE_TO_ID.get(text.slice(i, i + len));
      if (id !== undefined) {
        ids.push(id);
        matched = len;
        break;
      }
    }
    if (matched === 0) {
      ids.push(UNK_ID);
      matched = 1;
    }
    i += matched;
  }
  return ids;
}

/** Token ids → text. Special tokens are dropped (PAD/BOS/EOS) or shown as <unk>. */
export function decode(ids: readonly number[]): string {
  let out = '';
  for (const id of ids) {
    if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
    out += tokenToString(id);
  }
  return out;
}

/** Display string of one token, specials included ("<eos>"), for the token-level UI. */
export function tokenToString(id: number): string {
  return VOCAB[id] ?? '<unk>';
}
