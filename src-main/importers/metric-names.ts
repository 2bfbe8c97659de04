// Engine metric names → Forkbench's (research/scale-out.md, "Canonical metric ↔ engine keys").
// Keys without a counterpart keep their own name.
export type SourceEngine = 'verl' | 'trl' | 'tensorboard' | 'forkbench';

const VERL: Record<string, string> = {
  'critic/score/mean': 'reward/mean',
  'actor/entropy': 'entropy/mean',
  'response_length/mean': 'response/length_mean',
  'response_length/clip_ratio': 'response/clipped_frac',
  'actor/pg_loss': 'loss/policy',
  'actor/grad_norm': 'grad/norm',
  'train/num_gen_batches': 'dynamic/gen_batches',
};

const TRL: Record<string, string> = {
  reward: 'reward/mean',
  entropy: 'entropy/mean',
  'completions/mean_length': 'response/length_mean',
  'completions/clipped_ratio': 'response/clipped_frac',
  'clip_ratio/low_mean': 'clip/low_frac',
  'clip_ratio/high_mean': 'clip/high_frac',
  grad_norm: 'grad/norm',
  loss: 'loss/policy',
};

/** `val-core/<data source>/<var>/<metric>`, parsed from the right (the source may hold '/'). */
function verlValidation(key: string): string | null {
  const m = /^val-core\/(.+)\/(acc|reward|score)\/(mean|best)@(\d+)(\/mean)?$/.exec(key);
  if (!m) return null;
  const [, source, , metric, n, tail] = m;
  if (metric === 'mean' && !tail) return `eval/${source}/avg@${n}`;
  if (metric === 'best' && tail) return `eval/${source}/pass@${n}`;
  return null;
}

export function forkbenchKey(engine: SourceEngine, key: string): string {
  if (engine === 'verl') return VERL[key] ?? verlValidation(key) ?? key;
  if (engine === 'trl') {
    const m = /^eval_rewards\/(.+)\/mean$/.exec(key);
    if (m) return `eval/${m[1]}/avg@1`;
    return TRL[key] ?? key;
  }
  return key;
}

/** TensorBoard tags of transformers' callback carry train/ and eval/ prefixes. */
export function trlTagToKey(tag: string): string {
  if (tag.startsWith('train/')) return tag.slice('train/'.length);
  if (tag.startsWith('eval/')) return `eval_${tag.slice('eval/'.length)}`;
  return tag;
}

/** Which engine wrote a set of TensorBoard tags, by their names. */
export function tensorboardDialect(tags: Iterable<string>): SourceEngine {
  let verl = false;
  for (const t of tags) {
    if (t.startsWith('train/')) return 'trl';
    if (/^(actor|critic|val-core|val-aux|timing_s|response_length)\//.test(t)) verl = true;
  }
  return verl ? 'verl' : 'tensorboard';
}
