// GRPO group-normalised advantages: A_i = (R_i − mean_g) / (std_g + eps) over the G responses of
// one prompt, broadcast to every token of response i. std is the unbiased (n − 1) estimate, as
// torch.std in verl; eps = 1e-6 as in verl. A group with zero variance (all rewards equal) gives
// exactly 0 for each member (no signal), not 0/eps noise.
export const ADVANTAGE_EPS = 1e-6;

export function groupAdvantages(
  rewards: readonly number[],
  groupSize: number,
  eps = ADVANTAGE_EPS,
): number[] {
  if (groupSize < 2) throw new Error('group size must be at least 2');
  if (rewards.length % groupSize !== 0) throw new Error('rewards must fill whole groups');
  const out = new Array<number>(rewards.length).fill(0);
  for (let g = 0; g < rewards.length; g += groupSize) {
    const group = rewards.slice(g, g + groupSize);
    const mean = group.reduce((s, r) => s + r, 0) / groupSize;
    const variance = group.reduce((s, r) => s + (r - mean) ** 2, 0) / (groupSize - 1);
    if (variance === 0) continue;
    const std = Math.sqrt(variance);
    group.forEach((r, i) => (out[g + i] = (r - mean) / (std + eps)));
  }
  return out;
}
