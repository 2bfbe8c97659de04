// How the trainer process reports one of the engine's rollout samples to the runner: the
// trainer-protocol message that the run store then writes.
import type { RolloutSampleMessage } from '../../contract/trainer-protocol';
import type { RolloutSample } from '../../engine/trainer';

/** The protocol message for the step's `index`-th sample (its own group). */
export function toSampleMessage(s: RolloutSample, index: number): RolloutSampleMessage {
  return {
    index,
    group: index,
    prompt: s.prompt,
    response: s.response,
    tokens: s.tokenIds,
    entropies: s.entropies,
    logProbs: s.logProbs,
    mask: s.mask,
    ...(s.alternatives ? { alternatives: s.alternatives } : {}),
    advantage: s.advantage,
    reward: s.reward,
    correct: s.correct,
    extra: { answer: s.answer },
  };
}
