// Entropy-weighted rewards of GTPO and GRPO-S (Tan et al., arXiv 2508.04349), per group of G
// responses, from the rollout's (sampling-time, detached) token entropies. Formulas as in the
// research notes (third-party reading of the paper, not verified against it):
//   GTPO, token t of a correct response i:   r̃ = α₁·r_i + α₂·(H_{i,t} / Σ_{k∈O⁺_t} H_{k,t})·d_t
//   GTPO, token t of an incorrect response:  r̃ = α₁·(r_j − 1) − α₂·((1/H_{j,t}) / Σ_{k∈O⁻_t} 1/H_{k,t})·h_t
//   where O⁺_t / O⁻_t are the correct / incorrect responses still running at t, d_t / h_t their counts.
//   GRPO-S: the same per response with its mean entropy Ĥ and the counts |O⁺|, |O⁻|.
// Advantages: GTPO normalises the shaped token rewards over all tokens of the group (mean, std);
// GRPO-S uses the group normalisation of advantages.ts. The normalisation scope is a choice made
// here (a third-party code normalises O⁺ and O⁻ apart); groups that are all right or all wrong get
// 0, as in GRPO.
import { groupAdvantages } from './advantages';
import type { Rollout } from './rollout';

/** 1/H is taken with this floor (the paper's ε for a zero-entropy token). */
export const ENTROPY_EPS = 1e-6;

export interface GtpoSettings {
  alpha1: number;
  alpha2: number;
}

const informative = (group: readonly Rollout[]) => {
  const wins = group.filter((r) => r.correct).length;
  return wins > 0 && wins < group.length;
};

/** GTPO shaped token rewards of one group (before normalisation). */
export function gtpoTokenRewards(group: readonly Rollout[], s: GtpoSettings): Float32Array[] {
  const longest = Math.max(0, ...group.map((r) => r.responseIds.length));
  const out = group.map((r) => new Float32Array(r.responseIds.length));
  for (let t = 0; t < longest; t++) {
    const alive = group.map((r, i) => ({ r, i })).filter(({ r }) => t < r.responseIds.length);
    const pos = alive.filter(({ r }) => r.correct);
    const neg = alive.filter(({ r }) => !r.correct);
    const sumH = pos.reduce((a, { r }) => a + r.entropies[t]!, 0);
    const inv = (h: number) => 1 / Math.max(h, ENTROPY_EPS);
    const sumInv = neg.reduce((a, { r }) => a + inv(r.entropies[t]!), 0);
    for (const { r, i } of pos) {
      const share = sumH > 0 ? r.entropies[t]! / sumH : 1 / pos.length;
      out[i]![t] = s.alpha1 * r.reward + s.alpha2 * share * pos.length;
    }
    for (const { r, i } of neg) {
      const share = inv(r.entropies[t]!) / sumInv;
      out[i]![t] = s.alpha1 * (r.reward - 1) - s.alpha2 * share * neg.length;
    }
  }
  return out;
}

/** Per-token GTPO advantages of every rollout (groups of G consecutive rollouts). */
export function gtpoAdvantages(
  rollouts: readonly Rollout[],
  groupSize: number,
  s: GtpoSettings,
): Map<Rollout, Float32Array> {
  const out = new Map<Rollout, Float32Array>();
  for (let g = 0; g < rollouts.length; g += groupSize) {
    const group = rollouts.slice(g, g + groupSize);
    const shaped = gtpoTokenRewards(group, s);
    const all = shaped.flatMap((row) => Array.from(row));
    const mean = all.reduce((a, v) => a + v, 0) / Math.max(1, all.length);
    const std = Math.sqrt(all.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, all.length));
    group.forEach((r, i) =>
      out.set(
        r,
        informative(group) && std > 0
          ? Float32Array.from(shaped[i]!, (v) => (v - mean) / (std + 1e-6))
          : new Float32Array(r.responseIds.length),
      ),
    );
  }
  return out;
}

/** GRPO-S shaped sequence rewards of one group. */
export function grpoSRewards(group: readonly Rollout[], s: GtpoSettings): number[] {
  const meanH = group.map((r) =>
    r.entropies.length ? r.entropies.reduce((a, h) => a + h, 0) / r.entropies.length : 0,
  );
  const pos = group.map((_, i) => i).filter((i) => group[i]!.correct);
  const neg = group.map((_, i) => i).filter((i) => !group[i]!.correct);
  const sumH = pos.reduce((a, i) => a + meanH[i]!, 0);
  const inv = (h: number) => 1 / Math.max(h, ENTROPY_EPS);
  const sumInv = neg.reduce((a, i) => a + inv(meanH[i]!), 0);
  return group.map((r, i) =>
    r.correct
      ? s.alpha1 * r.reward + s.alpha2 * (sumH > 0 ? meanH[i]! / sumH : 1 / pos.length) * pos.length
      : s.alpha1 * (r.reward - 1) - s.alpha2 * (inv(meanH[i]!) / sumInv) * neg.length,
  );
}

/** Per-token GRPO-S advantages (one value per response, broadcast). */
export function grpoSAdvantages(
  rollouts: readonly Rollout[],
  groupSize: number,
  s: GtpoSettings,
): Map<Rollout, Float32Array> {
  const out = new Map<Rollout, Float32Array>();
  for (let g = 0; g < rollouts.length; g += groupSize) {
    const group = rollouts.slice(g, g + groupSize);
    const adv = informative(group) ? groupAdvantages(grpoSRewards(group, s), group.length) : [];
    group.forEach((r, i) => out.set(r, new Float32Array(r.responseIds.length).fill(adv[i] ?? 0)));
  }
  return out;
}
