// Rollout samples: the tokens of sampled responses with per-token entropy, log-prob, the
// update mask and the top-k alternatives, stored as compact BLOBs (see ../codec). What goes in
// is a contract RolloutRecord; what comes out is the same record with its run and step.
// Stored precision: entropies float16 unless asked for float32, log-probs float32, the
// alternatives' probabilities float16; everything else is exact.
import type { RolloutAlternatives, RolloutRecord, StoredRollout } from '../../contract/rollout';
import type { SqliteDatabase } from '../db';
import type { FloatDtype, TokenDtype } from '../codec';
import {
  decodeFloats,
  decodeMask,
  decodeTokens,
  encodeFloats,
  encodeMask,
  encodeTokens,
} from '../codec';

interface Row {
  run_id: number;
  step: number;
  idx: number;
  prompt: string;
  response: string;
  reward: number;
  advantage: number;
  correct: number;
  tokens: Buffer;
  tokens_dtype: TokenDtype;
  entropies: Buffer;
  entropies_dtype: FloatDtype;
  logprobs: Buffer | null;
  mask: Buffer | null;
  alt_k: number | null;
  alt_tokens: Buffer | null;
  alt_tokens_dtype: TokenDtype | null;
  alt_probs: Buffer | null;
  extra_json: string | null;
}

function encodeAlternatives(a: RolloutAlternatives | null, tokens: number) {
  if (!a) return [null, null, null, null] as const;
  if (!Number.isInteger(a.k) || a.k < 1) throw new RangeError(`alternatives: bad k ${a.k}`);
  if (a.tokens.length !== a.k * tokens || a.probs.length !== a.tokens.length)
    throw new RangeError(`alternatives: expected ${a.k} per token for ${tokens} tokens`);
  const ids = encodeTokens(a.tokens);
  return [a.k, ids.bytes, ids.dtype, encodeFloats(a.probs, 'float16')] as const;
}

function decodeAlternatives(r: Row): RolloutAlternatives | null {
  if (r.alt_k === null || r.alt_tokens === null || r.alt_probs === null) return null;
  return {
    k: r.alt_k,
    tokens: decodeTokens(r.alt_tokens, r.alt_tokens_dtype ?? 'uint8'),
    probs: Array.from(decodeFloats(r.alt_probs, 'float16')),
  };
}

const toEntity = (r: Row): StoredRollout => ({
  runId: r.run_id,
  step: r.step,
  idx: r.idx,
  prompt: r.prompt,
  response: r.response,
  reward: r.reward,
  advantage: r.advantage,
  correct: r.correct === 1,
  tokens: decodeTokens(r.tokens, r.tokens_dtype),
  entropies: Array.from(decodeFloats(r.entropies, r.entropies_dtype)),
  logprobs: r.logprobs ? Array.from(decodeFloats(r.logprobs, 'float32')) : null,
  mask: r.mask ? decodeMask(r.mask) : null,
  alternatives: decodeAlternatives(r),
  extra: r.extra_json === null ? null : (JSON.parse(r.extra_json) as Record<string, unknown>),
});

export function createRolloutsRepository(db: SqliteDatabase) {
  const insertStmt = db.prepare(
    `INSERT OR REPLACE INTO rollout_samples (run_id, step, idx, prompt, response, reward,
       advantage, correct, tokens, tokens_dtype, entropies, entropies_dtype, logprobs, mask,
       alt_k, alt_tokens, alt_tokens_dtype, alt_probs, extra_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insert = db.transaction(
    (runId: number, step: number, samples: readonly RolloutRecord[], precision: FloatDtype) => {
      for (const s of samples) {
        const tokens = encodeTokens(s.tokens);
        insertStmt.run(
          runId,
          step,
          s.idx,
          s.prompt,
          s.response,
          s.reward,
          s.advantage,
          s.correct ? 1 : 0,
          tokens.bytes,
          tokens.dtype,
          encodeFloats(s.entropies, precision),
          precision,
          s.logprobs ? encodeFloats(s.logprobs, 'float32') : null,
          s.mask ? encodeMask(s.mask) : null,
          ...encodeAlternatives(s.alternatives, s.tokens.length),
          s.extra ? JSON.stringify(s.extra) : null,
        );
      }
    },
  );

  return {
    /** Stores one step's samples in one transaction. Entropies default to float16 (2 bytes). */
    insert(
      runId: number,
      step: number,
      samples: readonly RolloutRecord[],
      options: { entropyPrecision?: FloatDtype } = {},
    ): void {
      insert(runId, step, samples, options.entropyPrecision ?? 'float16');
    },

    /** Steps that have samples, ascending. */
    steps(runId: number): number[] {
      return (
        db
          .prepare('SELECT DISTINCT step FROM rollout_samples WHERE run_id = ? ORDER BY step')
          .all(runId) as { step: number }[]
      ).map((r) => r.step);
    },

    /** Per stored step: sample count, response tokens, and bytes of the per-token BLOBs. */
    stepSummaries(
      runId: number,
    ): { step: number; samples: number; tokens: number; bytes: number }[] {
      return db
        .prepare(
          `SELECT step, COUNT(*) AS samples,
             SUM(length(entropies) / CASE entropies_dtype WHEN 'float16' THEN 2 ELSE 4 END) AS tokens,
             SUM(length(tokens) + length(entropies) + COALESCE(length(logprobs), 0)
                 + COALESCE(length(mask), 0) + COALESCE(length(alt_tokens), 0)
                 + COALESCE(length(alt_probs), 0)) AS bytes
           FROM rollout_samples WHERE run_id = ? GROUP BY step ORDER BY step`,
        )
        .all(runId) as { step: number; samples: number; tokens: number; bytes: number }[];
    },

    list(runId: number, step: number): StoredRollout[] {
      return (
        db
          .prepare('SELECT * FROM rollout_samples WHERE run_id = ? AND step = ? ORDER BY idx')
          .all(runId, step) as Row[]
      ).map(toEntity);
    },

    /** Deletes what was recorded after `step` (rewinding a run to a checkpoint). */
    truncateAfter(runId: number, step: number): void {
      db.prepare('DELETE FROM rollout_samples WHERE run_id = ? AND step > ?').run(runId, step);
    },
  };
}

export type RolloutsRepository = ReturnType<typeof createRolloutsRepository>;
